import type { PostingRecord, ResumedPosting } from './ports/digest-store.ts';
import { parseJson, type RunRow } from './row-mapping.ts';

/** Decisions about digest run-ledger rows that every engine's digest store makes the same way. */

/**
 * The post left half-way, when this row is one a new claim must finish rather than start again: posting with its
 * record kept and its lease expired (its process stopped), or (with `retryFailed`) failed after some of its messages
 * were confirmed.
 */
export function resumable(r: RunRow, now: number, retryFailed: boolean): ResumedPosting | null {
  if (!r.posting) return null;
  const messageIds = parseJson<string[]>(r.message_ids, []);
  const stopped = r.status === 'posting' && (r.lease_until ?? 0) < now;
  const failedHalfWay = r.status === 'failed' && retryFailed && messageIds.length > 0;
  if (!stopped && !failedHalfWay) return null;
  const posting = parseJson<PostingRecord | null>(r.posting, null);
  return posting ? { posting, messageIds } : null;
}
