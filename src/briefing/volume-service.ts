import type { WorkspaceId } from '../core/article.ts';
import type { Logger } from '../core/logger.ts';
import type { Story } from '../core/story.ts';
import { storyQuery, type TextQuery } from '../core/text-query.ts';
import { planBuckets, utcDay, volumeSeries, type VolumeSeries } from '../core/volume.ts';
import type { Window } from '../core/window.ts';
import type { Store } from '../store/ports/corpus-store.ts';
import { resolveSubject } from './subject.ts';

/** Collaborators of {@link createVolumeService}. */
export interface VolumeDeps {
  /** Articles and stories. */
  store: Store;
  /** Where a failed count is reported (the chart is then left out, never the reply). */
  logger: Logger;
}

/** Story volume: how many articles a story had per day, for the charts of timelines and digests. */
export interface VolumeService {
  /**
   * Articles per UTC day (per week or 30 days on long windows) of a story or query over a window, trimmed to the days
   * that have coverage. Null when nothing matches or counting failed (logged).
   */
  ofSubject(workspace: WorkspaceId, subject: string, window: Window): Promise<VolumeSeries | null>;
  /** Articles per UTC day of each story over the `days` days ending with the day of `end` (digests). */
  ofStories(workspace: WorkspaceId, stories: readonly Story[], end: Date, days: number): Promise<VolumeSeries[]>;
}

const DAY = 86_400_000;

export function createVolumeService(deps: VolumeDeps): VolumeService {
  const { store } = deps;
  const logger = deps.logger.child({ component: 'volume' });

  /** One count per bucket, each bucket clipped to the window: a few dozen bounded queries. */
  async function count(workspace: WorkspaceId, label: string, query: TextQuery, window: Window, first: Date, last: Date): Promise<VolumeSeries> {
    const plan = planBuckets(first, last);
    const buckets = [];
    for (const start of plan.starts) {
      const from = new Date(Math.max(start.getTime(), window.from.getTime()));
      const to = new Date(Math.min(start.getTime() + plan.bucketDays * DAY, window.to.getTime()));
      const n = from < to ? (await store.coverage(workspace, query, { from, to })).count : 0;
      buckets.push({ start, count: n });
    }
    return volumeSeries(label, plan.bucketDays, buckets, last);
  }

  async function guarded<T>(what: Record<string, unknown>, work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (err) {
      logger.warn({ err, ...what }, 'counting story volume failed; the chart is left out');
      return fallback;
    }
  }

  return {
    ofSubject(workspace, subject, window) {
      return guarded({ workspace, subject }, async () => {
        const resolved = await resolveSubject(store, workspace, subject);
        const span = await store.coverage(workspace, resolved.query, window);
        if (!span.oldestAt || !span.newestAt) return null;
        return count(workspace, resolved.name, resolved.query, window, span.oldestAt, span.newestAt);
      }, null);
    },

    ofStories(workspace, stories, end, days) {
      const last = new Date(end.getTime() - 1);
      const first = new Date(utcDay(last).getTime() - (days - 1) * DAY);
      const window = { from: first, to: end };
      return guarded(
        { workspace, stories: stories.map((s) => s.name) },
        async () => {
          const out: VolumeSeries[] = [];
          for (const s of stories) out.push(await count(workspace, s.name, storyQuery(s), window, first, last));
          return out;
        },
        [],
      );
    },
  };
}
