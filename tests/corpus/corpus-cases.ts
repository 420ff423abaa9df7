import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { shared } from '../helpers/shared-data.ts';

/**
 * The cases of the corpus runs: every geopolitical Timeline17 topic at a spread of dates, with questions written
 * from the topic's reference timelines, plus the seed article and the demo corpus.
 */

/** One topic and what is asked about it. */
export interface CorpusTopic {
  /** Folder name in timeline17/, or `seed` / `demo`. */
  topic: string;
  /** Tracked story that covers it. */
  story: string;
  /** Three questions a reader of the reference timeline would ask. */
  questions: [string, string, string];
  /** Days (YYYY-MM-DD) to brief at: the quartiles of the topic's article dates. */
  dates: string[];
}

/** Stories tracked in the corpus workspace. */
export const STORIES = [
  { name: 'egypt', aliases: ['mubarak', 'cairo', 'tahrir'] },
  { name: 'libya', aliases: ['gaddafi', 'gadhafi', 'tripoli', 'benghazi'] },
  { name: 'iraq', aliases: ['baghdad', 'basra', 'falluja'] },
  { name: 'syria', aliases: ['damascus', 'aleppo'] },
  { name: 'sudan', aliases: ['darfur', 'rapid support forces'] },
  { name: 'ukraine', aliases: ['odesa', 'black sea'] },
];

const QUESTIONS: Record<string, [string, string, string]> = {
  EgyptianProtest_cnn: [
    'What did the Egyptian military say about firing on protesters?',
    'What concessions did Omar Suleiman offer the opposition?',
    'What happened in Tahrir Square between supporters and opponents of Mubarak?',
  ],
  LibyaWar_cnn: [
    'What did NATO announce about Operation Unified Protector?',
    'Who did the International Criminal Court issue arrest warrants for?',
    'What happened when the rebels reached Tripoli?',
  ],
  LibyaWar_reuters: [
    'What did the U.N. Security Council vote for over Libya?',
    'What happened in Misrata during the siege?',
    'What did the National Transitional Council declare?',
  ],
  IraqWar_guardian: [
    'What happened between British soldiers and Iraqi police in Basra?',
    'How many British troops were sent to Iraq before the elections?',
    'What did the oil-for-food inquiry find?',
  ],
  seed: [
    'Has Syria joined the coalition against Islamic State?',
    'How many raids were carried out against Islamic State cells?',
    'What did the United States say about sanctions on Syria?',
  ],
  demo: [
    'What is happening in Darfur?',
    'What happened at the port of Odesa?',
    'What did the Syrian government announce?',
  ],
};

const STORY_OF: Record<string, string> = {
  EgyptianProtest_cnn: 'egypt',
  LibyaWar_cnn: 'libya',
  LibyaWar_reuters: 'libya',
  IraqWar_guardian: 'iraq',
  seed: 'syria',
  demo: 'sudan',
};

/** The geopolitical Timeline17 topics. */
export const GEOPOLITICAL = ['EgyptianProtest_cnn', 'LibyaWar_cnn', 'LibyaWar_reuters', 'IraqWar_guardian'];

/** The day the seed and demo cases are run (the seed article is dated 2025-11-11). */
export const SEED_DAY = '2025-11-12';

function quartileDates(topic: string): string[] {
  const text = gunzipSync(readFileSync(shared('timeline17', topic, 'articles.jsonl.gz'))).toString('utf8');
  const days = [...text.matchAll(/"time": "(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[1]!).sort();
  return [0.25, 0.5, 0.75].map((q) => days[Math.floor(q * (days.length - 1))]!);
}

/** Every topic of the corpus runs, with its dates (read from the data). */
export function corpusTopics(): CorpusTopic[] {
  return [
    ...GEOPOLITICAL.map((topic) => ({ topic, story: STORY_OF[topic]!, questions: QUESTIONS[topic]!, dates: quartileDates(topic) })),
    { topic: 'seed', story: 'syria', questions: QUESTIONS.seed!, dates: [SEED_DAY] },
    { topic: 'demo', story: 'sudan', questions: QUESTIONS.demo!, dates: [SEED_DAY] },
  ];
}

/** A day's date minus `n` days. */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}
