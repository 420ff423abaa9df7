import type { Logger } from '../../core/logger.ts';
import type { SlackStore } from '../../store/ports/slack-store.ts';

/** Remembers handled event ids so that Slack's retries of an event are answered once. */
export interface EventLedger {
  /** True when this call is the first to see the event id (and so must handle it). */
  claim(eventId: string | undefined, teamId: string | undefined): Promise<boolean>;
}

const HOUR = 3_600_000;

/**
 * The ledger over the database (so a restart between a delivery and its retry still de-duplicates). Slack retries
 * within minutes, so ids older than a day are pruned, at most once an hour.
 */
export function createEventLedger(deps: { store: SlackStore; clock: () => Date; logger: Logger; keepMs?: number }): EventLedger {
  const keepMs = deps.keepMs ?? 24 * HOUR;
  let lastPrune = Number.NEGATIVE_INFINITY;
  return {
    async claim(eventId, teamId) {
      // Without an id there is nothing to compare; handling it is better than dropping it.
      if (!eventId) return true;
      const now = deps.clock();
      if (now.getTime() - lastPrune >= HOUR) {
        lastPrune = now.getTime();
        const pruned = await deps.store.pruneEvents(new Date(now.getTime() - keepMs));
        if (pruned) deps.logger.debug({ pruned }, 'pruned slack event ledger');
      }
      return deps.store.claimEvent(eventId, teamId ?? null, now);
    },
  };
}
