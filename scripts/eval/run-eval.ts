import { buildApp, type App } from '../../src/app.ts';
import type { Article } from '../../src/core/article.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { openSqliteStores } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { dailyInstances, macroAverage, runDaily, topicScores, type DailyResult, type TopicScore } from './daily-task.ts';
import { candidates, crossValidate, folderMeans, type CandidateScores, type HeldOut } from './cross-validation.ts';
import { questionsOf, runAnswerTopic, seedFolder, type AnswerResult } from './answer-task.ts';
import { createContextPacker } from './context-pack.ts';
import { runContextTask, type ContextResult } from './context-task.ts';
import { listTopics } from './dataset.ts';
import { createSitrepSystem } from './sitrep-system.ts';
import { GEOPOLITICAL, storyFor } from './stories.ts';
import {
  createLeadSystem,
  createOracleSystem,
  createRandomSystem,
  createTextRankSystem,
  type DailyInput,
  type DailySystem,
} from './systems.ts';
import { runTimelineTask, type TimelineResult } from './timeline-task.ts';
import { importLabelled, runTracking, type TrackingResult } from './tracking-task.ts';

/** Options of an evaluation run. */
export interface EvalOptions {
  /** Folder in the Timeline17 layout. */
  data: string;
  /** Only these topic folders (all when empty). */
  topics?: readonly string[];
  /** Seed of the random baseline. */
  seed?: number;
  /** Progress messages (stderr in the CLI). */
  onProgress?: (message: string) => void;
  /** Also cross-validate the ranking weights (leave one outlet out, leave one topic out). */
  cv?: boolean;
}

/** Everything an evaluation measured. */
export interface EvalReport {
  /** Topic folders evaluated. */
  topics: string[];
  /** The topics averaged first: the Timeline17 geopolitical ones present, else every topic. */
  focus: string[];
  /** What the focus topics are, for tables. */
  focusName: 'geopolitical topics' | 'all topics';
  /** Every scored summary. */
  results: DailyResult[];
  /** Means per topic and system. */
  perTopic: TopicScore[];
  /** Macro averages: over the focus topics, over the others, over all. */
  averages: { focus: Map<string, Avg>; others: Map<string, Avg>; all: Map<string, Avg> };
  /** Story tracking per tracked label. */
  tracking: TrackingResult[];
  /** Instances whose window holds no article (every system scores 0 there). */
  emptyInstances: number;
  /** The timeline task: date F1 per topic and system. */
  timelines: TimelineResult[];
  /** The LLM context of every brief instance (context-task). */
  contexts: ContextResult[];
  /** The question set answered (answer-task), before and after answer types. */
  answers: AnswerResult[];
  /** Cross-validated sitrep scores per held-out folder and scheme (with `cv`). */
  crossValidation?: HeldOut[];
}

/** A ROUGE pair. */
export interface Avg {
  /** ROUGE-1 F1. */
  rouge1: number;
  /** ROUGE-2 F1. */
  rouge2: number;
}

/** An app over a private in-memory database. */
async function memoryApp(): Promise<App> {
  const clock = (): Date => new Date();
  return buildApp({ stores: await openSqliteStores(':memory:', { logger: silentLogger, clock }), clock, logger: silentLogger });
}

/** The systems in table order. */
export const SYSTEM_NAMES = ['sitrep', 'lead', 'textrank', 'random', 'oracle'] as const;

/** Imports one folder into a fresh store, runs `use` on it (while open) and returns its articles. */
async function topicArticles(path: string, use: (app: App) => Promise<void> = async () => undefined): Promise<Article[]> {
  const app = await memoryApp();
  try {
    await app.importer.importPaths('eval', [path]);
    await use(app);
    const hits = await app.store.recentArticles('eval', { limit: Number.MAX_SAFE_INTEGER });
    return await app.store.getArticles(
      'eval',
      hits.map((h) => h.id),
    );
  } finally {
    await app.close();
  }
}

/** Runs both tasks over a data folder. */
export async function runEval(options: EvalOptions): Promise<EvalReport> {
  const progress = options.onProgress ?? (() => undefined);
  const topics = listTopics(options.data, options.topics);
  const names = topics.map((t) => t.name);
  const t17Focus = GEOPOLITICAL.filter((t) => names.includes(t));
  const focus = t17Focus.length > 0 ? t17Focus : names;

  const results: DailyResult[] = [];
  const grid = options.cv ? candidates() : [];
  const candidateResults = new Map<string, DailyResult[]>(grid.map((c) => [c.name, []]));
  let emptyInstances = 0;
  const timelines: TimelineResult[] = [];
  const contexts: ContextResult[] = [];
  const answers: AnswerResult[] = [];
  const pack = await createContextPacker();
  for (const topic of topics) {
    const articles = await topicArticles(topic.path, async (app) => {
      if (questionsOf(topic.name).length > 0) answers.push(...(await runAnswerTopic(app, topic.name, pack)));
    });
    const byId = new Map(articles.map((a) => [a.id, a]));
    const instances = dailyInstances(topic, articles, storyFor(topic));
    emptyInstances += instances.filter((i) => i.input.articles.length === 0).length;
    const refs = new Map<DailyInput, readonly string[]>(instances.map((i) => [i.input, i.references]));
    const systems: DailySystem[] = [
      createSitrepSystem((id) => byId.get(id)),
      createLeadSystem(),
      createTextRankSystem(),
      createRandomSystem(options.seed ?? 17),
      createOracleSystem((input) => refs.get(input) ?? []),
    ];
    progress(`${topic.name}: ${articles.length} articles, ${instances.length} dates`);
    timelines.push(...(await runTimelineTask(topic, articles, storyFor(topic))));
    const scored = await runDaily(instances, systems);
    results.push(...scored);
    contexts.push(...(await runContextTask(instances, (id) => byId.get(id), pack, scored)));
    for (const c of grid) {
      if (Object.keys(c.weights).length === 0) candidateResults.get(c.name)!.push(...scored.filter((r) => r.system === 'sitrep'));
      else candidateResults.get(c.name)!.push(...(await runDaily(instances, [createSitrepSystem((id) => byId.get(id), c.weights, c.name)])));
    }
    if (grid.length > 0) progress(`${topic.name}: ${grid.length} weight settings scored for cross-validation`);
  }
  // The seed article's questions, when the whole data folder is evaluated and ../seed is beside it.
  const seed = seedFolder(options.data);
  if (seed && (options.topics ?? []).length === 0 && questionsOf('seed').length > 0) {
    await topicArticles(seed, async (app) => {
      answers.push(...(await runAnswerTopic(app, 'seed', pack)));
    });
    progress(`seed: ${questionsOf('seed').length} questions`);
  }
  const cvScores: CandidateScores = new Map([...candidateResults].map(([name, rs]) => [name, folderMeans(rs)]));
  const crossValidation = options.cv ? crossValidate(cvScores, names) : undefined;
  // The cross-validated summaries go into the JSONL too, as systems of their own, so that they can be re-scored.
  for (const h of crossValidation ?? []) {
    const chosen = candidateResults.get(h.chosen)!.filter((r) => r.topic === h.topic);
    results.push(...chosen.map((r) => ({ ...r, system: `sitrep-cv-${h.scheme}` })));
  }
  const perTopic = topicScores(results);
  const others = names.filter((n) => !focus.includes(n));

  progress('story tracking: importing every topic into one store');
  const app = await memoryApp();
  let tracking: TrackingResult[];
  try {
    const labels = await importLabelled(app, topics);
    // Focus topics first, then the others: every topic's plain name and tracked story are measured.
    const trackLabels = [...new Set([...topics.filter((t) => focus.includes(t.name)), ...topics].map((t) => t.label))];
    tracking = await runTracking(app, labels, topics, trackLabels);
  } finally {
    await app.close();
  }
  return {
    topics: names,
    focus,
    focusName: t17Focus.length > 0 ? 'geopolitical topics' : 'all topics',
    results,
    perTopic,
    averages: { focus: macroAverage(perTopic, focus), others: macroAverage(perTopic, others), all: macroAverage(perTopic, names) },
    tracking,
    emptyInstances,
    timelines,
    contexts,
    answers,
    ...(crossValidation ? { crossValidation } : {}),
  };
}
