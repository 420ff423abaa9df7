import type { DigestStore } from '../store/ports/digest-store.ts';
import type { FeedStore } from '../store/ports/feed-store.ts';
import type { DepthProbe } from './metrics.ts';

/**
 * The queues `sitrep_queue_depth` reports, read from the database on each scrape (so every instance sharing it
 * reports the same backlog): `feeds_due` (due and held by no poller), `feeds_polling` (held by a poller),
 * `digests_unfinished` (slots claimed or being posted), `search_index` (articles stored and not searchable yet).
 */
export function queueProbes(
  stores: { feeds: Pick<FeedStore, 'pollBacklog'>; digests: Pick<DigestStore, 'unfinishedRuns'>; indexBacklog(): Promise<number> },
  clock: () => Date,
): DepthProbe[] {
  // Both feed queues come from one query, made once per scrape.
  let feeds: { at: number; value: Promise<{ due: number; polling: number }> } | undefined;
  const backlog = (): Promise<{ due: number; polling: number }> => {
    const now = clock();
    if (!feeds || Math.abs(now.getTime() - feeds.at) > 1_000) feeds = { at: now.getTime(), value: stores.feeds.pollBacklog(now) };
    return feeds.value;
  };
  return [
    { name: 'feeds_due', read: async () => (await backlog()).due },
    { name: 'feeds_polling', read: async () => (await backlog()).polling },
    { name: 'digests_unfinished', read: () => stores.digests.unfinishedRuns() },
    { name: 'search_index', read: () => stores.indexBacklog() },
  ];
}
