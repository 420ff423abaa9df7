import type { Article } from '../../src/core/article.ts';
import { dayKey, nextDay, type TopicFolder } from './dataset.ts';
import { rougeNMulti } from './rouge.ts';
import type { TrackedStory } from './stories.ts';
import type { DailyInput, DailySystem } from './systems.ts';

/**
 * The daily-summary task. For every date d in any reference timeline of a topic: the input is the topic's articles
 * published on d or d+1 (events are often reported the next day), the budget is the number of reference sentences
 * for d (the mean over the timelines that have d, rounded, at least 1, at most 5), and the references are every
 * timeline's sentences for d, one reference per timeline.
 */

/** Most sentences a summary may have. */
export const MAX_BUDGET = 5;

/** One (topic, date) instance with its references. */
export interface DailyInstance {
  /** What the systems see. */
  input: DailyInput;
  /** One text per timeline that has the date. */
  references: string[];
}

/** Builds the instances of a topic from its stored articles (any order). */
export function dailyInstances(topic: TopicFolder, articles: readonly Article[], story: TrackedStory): DailyInstance[] {
  const byDay = new Map<string, Article[]>();
  for (const a of [...articles].sort((x, y) => x.publishedAt.getTime() - y.publishedAt.getTime() || x.id - y.id)) {
    const d = dayKey(a);
    const list = byDay.get(d) ?? [];
    list.push(a);
    byDay.set(d, list);
  }
  const dates = [...new Set(topic.timelines.flatMap((t) => [...t.keys()]))].sort();
  return dates.map((date) => {
    const refs = topic.timelines.map((t) => t.get(date)).filter((s): s is string[] => s !== undefined && s.length > 0);
    const mean = refs.reduce((acc, r) => acc + r.length, 0) / Math.max(1, refs.length);
    const budget = Math.max(1, Math.min(MAX_BUDGET, Math.round(mean)));
    const inputArticles = [...(byDay.get(date) ?? []), ...(byDay.get(nextDay(date)) ?? [])];
    return {
      input: { topic: topic.name, date, articles: inputArticles, budget, story },
      references: refs.map((r) => r.join(' ')),
    };
  });
}

/** A scored summary: one JSONL line of `--out`, plus its scores. */
export interface DailyResult {
  /** System name. */
  system: string;
  /** Topic folder. */
  topic: string;
  /** Day d. */
  date: string;
  /** The summary, sentences joined by newlines. */
  summary: string;
  /** The reference texts. */
  references: string[];
  /** ROUGE-1 F1 (mean over references). */
  rouge1: number;
  /** ROUGE-2 F1 (mean over references). */
  rouge2: number;
}

/** Runs every system on every instance and scores it. */
export async function runDaily(instances: readonly DailyInstance[], systems: readonly DailySystem[]): Promise<DailyResult[]> {
  const out: DailyResult[] = [];
  for (const inst of instances) {
    for (const system of systems) {
      const sentences = inst.input.articles.length === 0 ? [] : await system.summarize(inst.input);
      const summary = sentences.slice(0, inst.input.budget).join('\n');
      out.push({
        system: system.name,
        topic: inst.input.topic,
        date: inst.input.date,
        summary,
        references: inst.references,
        rouge1: rougeNMulti(summary, inst.references, 1).f1,
        rouge2: rougeNMulti(summary, inst.references, 2).f1,
      });
    }
  }
  return out;
}

/** Mean ROUGE per (topic, system). */
export interface TopicScore {
  /** Topic folder. */
  topic: string;
  /** System. */
  system: string;
  /** Number of dates. */
  dates: number;
  /** Mean ROUGE-1 F1. */
  rouge1: number;
  /** Mean ROUGE-2 F1. */
  rouge2: number;
}

/** Averages results per topic and system (every date counts, including dates with no input articles). */
export function topicScores(results: readonly DailyResult[]): TopicScore[] {
  const acc = new Map<string, TopicScore>();
  for (const r of results) {
    const key = `${r.topic}\u0000${r.system}`;
    const s = acc.get(key) ?? { topic: r.topic, system: r.system, dates: 0, rouge1: 0, rouge2: 0 };
    s.dates++;
    s.rouge1 += r.rouge1;
    s.rouge2 += r.rouge2;
    acc.set(key, s);
  }
  return [...acc.values()].map((s) => ({ ...s, rouge1: s.rouge1 / s.dates, rouge2: s.rouge2 / s.dates }));
}

/** Macro average over topics (each topic weighs the same) of each system's topic means. */
export function macroAverage(scores: readonly TopicScore[], topics: readonly string[]): Map<string, { rouge1: number; rouge2: number }> {
  const out = new Map<string, { rouge1: number; rouge2: number; n: number }>();
  for (const s of scores) {
    if (!topics.includes(s.topic)) continue;
    const m = out.get(s.system) ?? { rouge1: 0, rouge2: 0, n: 0 };
    m.rouge1 += s.rouge1;
    m.rouge2 += s.rouge2;
    m.n++;
    out.set(s.system, m);
  }
  return new Map([...out].map(([k, m]) => [k, { rouge1: m.rouge1 / m.n, rouge2: m.rouge2 / m.n }]));
}
