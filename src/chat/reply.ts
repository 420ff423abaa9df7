import type { ThreadContext } from '../core/thread-context.ts';
import type { BriefSource } from '../core/brief.ts';
import type { VolumeSeries } from '../core/volume.ts';

/** Who sees a reply: everyone in the channel, or only the person who asked. */
export type Visibility = 'public' | 'private';

/** A cited bullet. */
export interface ReplyBullet {
  /** Plain text; renderers escape it for their platform. */
  text: string;
  /** Citation numbers into {@link Reply.sources}. */
  citations: number[];
  /** Optional short label shown before the text (a date in timelines). */
  label?: string;
  /** Marked as not confirmed by its sources. */
  unverified?: boolean;
  /** Short marks shown after the citations, e.g. "single source". */
  tags?: string[];
  /** Lines shown under the bullet, e.g. "Sources differ: 61 [1] vs 85 [3]". */
  notes?: string[];
}

/** A block of a reply. All text is plain (never platform markup) so that untrusted text can always be escaped. */
export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'bullets'; items: ReplyBullet[] }
  | { type: 'list'; items: string[] }
  | { type: 'fields'; fields: { name: string; value: string }[] }
  | { type: 'notice'; tone: 'info' | 'warning' | 'error'; text: string }
  | { type: 'section'; title: string; blocks: ReplyBlock[] };

/**
 * The platform-neutral result of a command. Slack, Discord, the console chat and the CLI each render it their own
 * way; commands never produce platform markup.
 */
export interface Reply {
  /** Who should see it. */
  visibility: Visibility;
  /** Heading. */
  title?: string;
  /** Body. */
  blocks: ReplyBlock[];
  /** Numbered sources the bullets cite. */
  sources?: BriefSource[];
  /** One small line at the end (engine, counts). */
  footer?: string;
  /** Machine-readable form for `--format json`. */
  data?: unknown;
  /** Story volume to draw as an image where the platform takes one; posted after the text, best-effort. */
  chart?: ReplyChart;
  /** What a reply in this message's thread is about (briefs and timelines): its subject and window. */
  thread?: ThreadContext;
}

/** A chart of articles per day (one panel per series). */
export interface ReplyChart {
  /** Shown with the image. */
  title: string;
  /** What to draw. */
  series: VolumeSeries[];
}

/** A short plain reply. */
export function textReply(text: string, visibility: Visibility = 'private', data?: unknown): Reply {
  const reply: Reply = { visibility, blocks: [{ type: 'text', text }] };
  if (data !== undefined) reply.data = data;
  return reply;
}

/** An error shown to the user (always private). */
export function errorReply(message: string, hint?: string): Reply {
  const blocks: ReplyBlock[] = [{ type: 'notice', tone: 'error', text: message }];
  if (hint) blocks.push({ type: 'text', text: hint });
  return { visibility: 'private', blocks, data: { error: message, ...(hint ? { hint } : {}) } };
}
