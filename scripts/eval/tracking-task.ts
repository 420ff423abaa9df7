import type { App } from '../../src/app.ts';
import { storyQuery } from '../../src/core/text-query.ts';
import type { TopicFolder } from './dataset.ts';
import { plainNameFor, storyFor, type TrackedStory } from './stories.ts';

/**
 * The story-tracking task: every topic folder goes into one store through the real importer; each story is tracked
 * with the real story service and its articles are the ones the real story query matches. Precision and recall are
 * measured against the folder labels (an article's label is the label of the folder it was imported from). Each
 * topic is measured twice: by the plain name a user would type ("libya war"), and by the name and aliases of its
 * tracked story.
 */

/** Tracking quality of one story. */
export interface TrackingResult {
  /** Topic label the story stands for. */
  label: string;
  /** The story as tracked. */
  story: TrackedStory;
  /** Which of the two: the plain name alone, or the tracked story with its aliases. */
  form: 'plain name' | 'name + aliases';
  /** Articles the story matches. */
  matched: number;
  /** Articles labelled with the story's topic. */
  relevant: number;
  /** Matched and relevant. */
  truePositives: number;
  /** truePositives / matched. */
  precision: number;
  /** truePositives / relevant. */
  recall: number;
  /** Matched articles of other labels, by label. */
  falsePositives: Record<string, number>;
}

/** Imports the topics into `app` (workspace `eval`) and returns each article id's label. */
export async function importLabelled(app: App, topics: readonly TopicFolder[]): Promise<Map<number, string>> {
  const labels = new Map<number, string>();
  for (const topic of topics) {
    await app.importer.importPaths('eval', [topic.path]);
    // Ids new after this folder's import are its articles; a text already imported from another folder keeps the
    // label of the first one.
    const all = await app.store.recentArticles('eval', { limit: Number.MAX_SAFE_INTEGER });
    for (const h of all) if (!labels.has(h.id)) labels.set(h.id, topic.label);
  }
  return labels;
}

/** Tracks the stories of every label in `storyLabels` (plain name, then name + aliases) and measures them. */
export async function runTracking(
  app: App,
  labels: ReadonlyMap<number, string>,
  topics: readonly TopicFolder[],
  storyLabels: readonly string[],
): Promise<TrackingResult[]> {
  const out: TrackingResult[] = [];
  for (const label of storyLabels) {
    const topic = topics.find((t) => t.label === label)!;
    const plain: TrackedStory = { name: plainNameFor(topic), aliases: [] };
    out.push(await measure(app, labels, label, plain, 'plain name'));
    out.push(await measure(app, labels, label, storyFor(topic), 'name + aliases'));
  }
  return out;
}

/** Tracks one story, measures its matches, and stops tracking it (so the next one starts from a clean name). */
async function measure(
  app: App,
  labels: ReadonlyMap<number, string>,
  label: string,
  story: TrackedStory,
  form: TrackingResult['form'],
): Promise<TrackingResult> {
  const { story: saved } = await app.services.stories.track({ workspace: 'eval', name: story.name, aliases: story.aliases, by: 'eval' });
  const hits = await app.store.searchArticles('eval', storyQuery(saved), { limit: Number.MAX_SAFE_INTEGER, order: 'newest' });
  await app.services.stories.untrack({ workspace: 'eval', name: saved.name });
  const relevant = [...labels.values()].filter((l) => l === label).length;
  const falsePositives: Record<string, number> = {};
  let tp = 0;
  for (const h of hits) {
    const l = labels.get(h.id) ?? '?';
    if (l === label) tp++;
    else falsePositives[l] = (falsePositives[l] ?? 0) + 1;
  }
  return {
    label,
    story,
    form,
    matched: hits.length,
    relevant,
    truePositives: tp,
    precision: hits.length ? tp / hits.length : 0,
    recall: relevant ? tp / relevant : 0,
    falsePositives,
  };
}
