import type { RankWeights } from '../../src/core/developments.ts';
import { DEFAULT_WEIGHTS } from '../../src/core/developments.ts';
import type { DailyResult } from './daily-task.ts';

/**
 * Cross-validation of the tuned ranking weights. Each candidate weight setting is scored on every folder; for a
 * held-out folder, the setting is the one with the best macro ROUGE-2 on the folders of the other outlets
 * (leave-one-outlet-out) or of the other topics (leave-one-topic-out), and the folder is scored with that setting
 * only. A folder never helps choose the weights it is scored with.
 */

/** A named weight setting. */
export interface Candidate {
  /** Label in tables, e.g. `position=0.5`. */
  name: string;
  /** Overrides of the product's weights. */
  weights: Partial<RankWeights>;
}

/**
 * The grid: the product's weights, and the strongest signals (lead position, centrality, corroboration) lowered or
 * raised one at a time. Small, because every setting is a full pass over every folder.
 */
export function candidates(): Candidate[] {
  const out: Candidate[] = [{ name: 'as shipped', weights: {} }];
  const vary: [keyof RankWeights, number[]][] = [
    ['position', [0.4, 1.1]],
    ['centrality', [0.4, 1.1]],
    ['corroboration', [0.6]],
  ];
  for (const [key, values] of vary) {
    for (const v of values) if (v !== DEFAULT_WEIGHTS[key]) out.push({ name: `${key}=${v}`, weights: { [key]: v } });
  }
  return out;
}

/** The schemes: how a folder's training folders are chosen. */
export const SCHEMES = ['outlet', 'topic'] as const;
/** A cross-validation scheme. */
export type Scheme = (typeof SCHEMES)[number];

/** Outlet of a folder (`LibyaWar_cnn` → `cnn`) and its topic label (`LibyaWar`). */
export function foldKey(folder: string, scheme: Scheme): string {
  const i = folder.lastIndexOf('_');
  if (scheme === 'outlet') return i < 0 ? folder : folder.slice(i + 1);
  return i < 0 ? folder : folder.slice(0, i);
}

/** One held-out folder's outcome under one scheme. */
export interface HeldOut {
  /** Folder scored. */
  topic: string;
  /** Scheme. */
  scheme: Scheme;
  /** The setting chosen on the training folders. */
  chosen: string;
  /** Training folders it was chosen on. */
  trainedOn: string[];
  /** Mean ROUGE-1 / ROUGE-2 F1 of the held-out folder with that setting. */
  rouge1: number;
  /** Mean ROUGE-2 F1. */
  rouge2: number;
}

/** Mean ROUGE of every (candidate, folder). */
export type CandidateScores = Map<string, Map<string, { rouge1: number; rouge2: number }>>;

/** Averages scored results of one candidate per folder. */
export function folderMeans(results: readonly DailyResult[]): Map<string, { rouge1: number; rouge2: number }> {
  const acc = new Map<string, { rouge1: number; rouge2: number; n: number }>();
  for (const r of results) {
    const m = acc.get(r.topic) ?? { rouge1: 0, rouge2: 0, n: 0 };
    m.rouge1 += r.rouge1;
    m.rouge2 += r.rouge2;
    m.n++;
    acc.set(r.topic, m);
  }
  return new Map([...acc].map(([k, m]) => [k, { rouge1: m.rouge1 / m.n, rouge2: m.rouge2 / m.n }]));
}

/**
 * For every folder and scheme: the candidate with the best macro ROUGE-2 over the training folders (ties go to the
 * earlier candidate, the shipped weights first), and the held-out folder's score with it. A folder with no training
 * folder under a scheme keeps the shipped weights.
 */
export function crossValidate(scores: CandidateScores, folders: readonly string[]): HeldOut[] {
  const out: HeldOut[] = [];
  const names = [...scores.keys()];
  for (const scheme of SCHEMES) {
    for (const topic of folders) {
      const key = foldKey(topic, scheme);
      const train = folders.filter((f) => foldKey(f, scheme) !== key);
      let chosen = names[0]!;
      let best = -Infinity;
      for (const name of names) {
        const per = scores.get(name)!;
        if (train.length === 0) break;
        const mean = train.reduce((acc, f) => acc + (per.get(f)?.rouge2 ?? 0), 0) / train.length;
        if (mean > best + 1e-12) {
          best = mean;
          chosen = name;
        }
      }
      const s = scores.get(chosen)!.get(topic) ?? { rouge1: 0, rouge2: 0 };
      out.push({ topic, scheme, chosen, trainedOn: train, rouge1: s.rouge1, rouge2: s.rouge2 });
    }
  }
  return out;
}
