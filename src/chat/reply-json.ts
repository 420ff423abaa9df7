import { SitrepError } from '../core/errors.ts';
import type { Reply } from './reply.ts';

/** How an instant is written in the kept form: `{ "$date": <epoch ms> }`. */
const DATE_KEY = '$date';

/**
 * Any plain data (objects, arrays, instants) as JSON-safe data that {@link fromJsonSafe} reads back exactly: instants
 * as `{ "$date": <epoch ms> }`, undefined members left out.
 */
export function toJsonSafe(value: unknown): unknown {
  if (value instanceof Date) return { [DATE_KEY]: value.getTime() };
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}

/** The data {@link toJsonSafe} wrote, instants as Dates again. */
export function fromJsonSafe(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromJsonSafe);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === DATE_KEY && typeof entries[0]![1] === 'number') return new Date(entries[0]![1]);
    return Object.fromEntries(entries.map(([k, v]) => [k, fromJsonSafe(v)]));
  }
  return value;
}

/**
 * A reply as JSON-safe data, to be kept in the database while it is posted and read back by another process:
 * everything a renderer uses, with instants (sources' publication times, the thread window, chart days) kept as
 * epoch milliseconds. The machine-readable `data` (for `--format json` only) is left out.
 */
export function replyToJson(reply: Reply): unknown {
  const { data: _data, ...rest } = reply;
  return toJsonSafe(rest);
}

/** The reply {@link replyToJson} kept; a SitrepError when what was kept is not one. */
export function replyFromJson(value: unknown): Reply {
  const r = fromJsonSafe(value) as Partial<Reply> | null;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.blocks) || (r.visibility !== 'public' && r.visibility !== 'private')) {
    throw new SitrepError('digest.posting_unreadable', 'The kept copy of the post being resumed is not a reply.');
  }
  return r as Reply;
}
