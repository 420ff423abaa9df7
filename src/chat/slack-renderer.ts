import { encodeThreadContext } from '../core/thread-context.ts';
import type { BriefSource } from '../core/brief.ts';
import type { Reply, ReplyBlock, ReplyBullet } from './reply.ts';
import { clipEscaped, escapeSlack, plainSlack, slackLink, slackLinkTarget } from './slack-text.ts';

/** A Block Kit mrkdwn text object. `verbatim` stops Slack from auto-linking names and mentions in it. */
export interface SlackMrkdwn {
  /** Always mrkdwn. */
  type: 'mrkdwn';
  /** Escaped mrkdwn text. */
  text: string;
  /** Always true: no auto-linking of names, channels or mentions. */
  verbatim: true;
}

/** The Block Kit blocks Sitrep sends (a subset of Slack's). */
export type SlackBlock = (
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'section'; fields: SlackMrkdwn[] }
  | { type: 'context'; elements: SlackMrkdwn[] }
) & {
  /** Set on the first block of a brief: its thread context (see core/thread-context.ts). */
  block_id?: string;
};

/** One Slack message: blocks plus the fallback `text` shown in notifications. */
export interface SlackMessage {
  /** Notification/fallback text (escaped mrkdwn). */
  text: string;
  /** Block Kit blocks. */
  blocks: SlackBlock[];
}

/** Slack's limits (docs plus the undocumented overall size limit, with margin). */
export const SLACK_LIMITS = {
  /** Blocks per message. */
  blocks: 50,
  /** Characters of a section's text. */
  sectionText: 3000,
  /** Characters of a header's text. */
  headerText: 150,
  /** Elements of a context block. */
  contextElements: 10,
  /** Fields of a section. */
  fields: 10,
  /** Characters of one field. */
  fieldText: 2000,
  /**
   * Characters of one message's blocks, counted as the serialized JSON (markup and structure included), so the
   * undocumented overall limit (`msg_blocks_too_long`, near 12–13k) is never reached whatever Slack counts.
   */
  messageChars: 11_000,
  /** Characters of the fallback text. */
  fallbackText: 300,
} as const;

/** Options of {@link renderSlack}. */
export interface SlackRenderOptions {
  /** At most this many messages; the rest is cut with "…and N more". Default 3. */
  maxMessages?: number;
}

type Limits = typeof SLACK_LIMITS;

/** A block with its size and what cutting it drops. */
interface Unit {
  block: SlackBlock;
  /** Serialized size. */
  chars: number;
  /** Number of bullets or list items this unit carries (counted in "…and N more"). */
  items: number;
  /** Citation numbers it uses (bullets), so sources follow what is kept. */
  cites: number[];
}

function mrkdwn(text: string): SlackMrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

function unit(block: SlackBlock, items = 0, cites: number[] = []): Unit {
  // +1 for the comma between blocks in the serialized list.
  return { block, chars: JSON.stringify(block).length + 1, items, cites };
}

function section(text: string, limits: Limits, items = 0, cites: number[] = []): Unit {
  return unit({ type: 'section', text: mrkdwn(clipEscaped(text, limits.sectionText)) }, items, cites);
}

function contextUnit(texts: string[]): Unit {
  return unit({ type: 'context', elements: texts.map(mrkdwn) });
}

/** Splits escaped text into pieces of at most `max` characters, at line or word breaks where possible. */
function chunk(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    let piece = rest.slice(0, cut);
    // Never split an entity such as &amp;.
    const entity = /&[a-z]{0,4}$/i.exec(piece);
    if (entity) piece = piece.slice(0, entity.index);
    out.push(piece.trimEnd());
    rest = rest.slice(piece.length).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

function citationLinks(citations: readonly number[], sources: ReadonlyMap<number, BriefSource>): string {
  return citations
    .map((n) => {
      const target = slackLinkTarget(sources.get(n)?.url);
      return target ? `<${target}|[${n}]>` : `[${n}]`;
    })
    .join('');
}

function bulletUnit(b: ReplyBullet, sources: ReadonlyMap<number, BriefSource>, limits: Limits): Unit {
  const cites = citationLinks(b.citations, sources);
  const label = b.label ? `*${escapeSlack(b.label)}* — ` : '';
  const tags = (b.tags ?? []).map((t) => ` _(${escapeSlack(t)})_`).join('');
  const notes = (b.notes ?? []).map((n) => `\n   ↳ ${clipEscaped(escapeSlack(n), 300)}`).join('');
  const suffix = `${cites ? ` ${cites}` : ''}${b.unverified ? ' _(unverified)_' : ''}${tags}${notes}`;
  const room = limits.sectionText - suffix.length - label.length - 2;
  const body = clipEscaped(escapeSlack(b.text), Math.max(20, room));
  return section(`• ${label}${body}${suffix}`, limits, 1, b.citations);
}

const NOTICE_ICON = { info: ':information_source:', warning: ':warning:', error: ':x:' } as const;

function blockUnits(b: ReplyBlock, sources: ReadonlyMap<number, BriefSource>, limits: Limits): Unit[] {
  switch (b.type) {
    case 'text':
      return chunk(escapeSlack(b.text), limits.sectionText).map((t) => section(t, limits));
    case 'notice':
      return chunk(`${NOTICE_ICON[b.tone]} ${escapeSlack(b.text)}`, limits.sectionText).map((t) => section(t, limits));
    case 'bullets':
      return b.items.map((item) => bulletUnit(item, sources, limits));
    case 'list': {
      // Items are packed into as few sections as fit; each section counts its items for "…and N more".
      const units: Unit[] = [];
      let lines: string[] = [];
      let size = 0;
      const flush = (): void => {
        if (lines.length) units.push(section(lines.join('\n'), limits, lines.length));
        lines = [];
        size = 0;
      };
      for (const item of b.items) {
        const line = clipEscaped(`• ${escapeSlack(item)}`, limits.sectionText);
        if (size + line.length + 1 > limits.sectionText) flush();
        lines.push(line);
        size += line.length + 1;
      }
      flush();
      return units;
    }
    case 'fields': {
      // At most 10 fields per section, and no more text than one section may hold, so no unit outgrows a message.
      const units: Unit[] = [];
      let fields: SlackMrkdwn[] = [];
      let size = 0;
      const flush = (): void => {
        if (fields.length) units.push(unit({ type: 'section', fields }));
        fields = [];
        size = 0;
      };
      for (const f of b.fields) {
        const text = clipEscaped(`*${escapeSlack(f.name)}*\n${escapeSlack(f.value)}`, limits.fieldText);
        if (fields.length === limits.fields || size + text.length > limits.sectionText) flush();
        fields.push(mrkdwn(text));
        size += text.length;
      }
      flush();
      return units;
    }
    case 'section':
      return [section(`*${escapeSlack(b.title)}*`, limits), ...b.blocks.flatMap((inner) => blockUnits(inner, sources, limits))];
  }
}

function sourceLine(s: BriefSource): string {
  const title = clipEscaped(escapeSlack(s.title), 300);
  const linked = slackLinkTarget(s.url) ? slackLink(s.url, s.title.slice(0, 300)) : title;
  return `[${s.n}] ${linked} — ${clipEscaped(escapeSlack(s.source), 100)}, ${s.publishedAt.toISOString().slice(0, 10)}`;
}

/** Context blocks listing sources (at most 10 elements each); the first starts with a "Sources" label. */
function sourceUnits(sources: readonly BriefSource[], omitted: number, limits: Limits): Unit[] {
  if (sources.length === 0) return [];
  const lines = ['*Sources*', ...sources.map(sourceLine)];
  if (omitted > 0) lines.push(`…and ${omitted} more source${omitted === 1 ? '' : 's'}`);
  const units: Unit[] = [];
  for (let i = 0; i < lines.length; i += limits.contextElements) {
    units.push(contextUnit(lines.slice(i, i + limits.contextElements)));
  }
  return units;
}

/** Greedy packing into messages within the block-count and size limits. */
function pack(units: readonly Unit[], limits: Limits): Unit[][] {
  const messages: Unit[][] = [];
  let current: Unit[] = [];
  let chars = 0;
  for (const u of units) {
    if (current.length > 0 && (current.length + 1 > limits.blocks || chars + u.chars > limits.messageChars)) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(u);
    chars += u.chars;
  }
  if (current.length) messages.push(current);
  return messages;
}

function fallbackText(reply: Reply, index: number, limits: Limits): string {
  const firstText = reply.blocks.find((b): b is { type: 'text'; text: string } => b.type === 'text')?.text;
  const base = reply.title ?? firstText ?? 'Sitrep';
  const suffix = index === 0 ? '' : ' (continued)';
  return `${clipEscaped(escapeSlack(base), limits.fallbackText - suffix.length)}${suffix}`;
}

/**
 * Renders a reply as one or more Slack messages of Block Kit blocks: a header, one section per bullet with citation
 * links (`<url|[1]>`), sources and the engine in context blocks. Every message respects Slack's limits (50 blocks,
 * 3,000 characters per section, ~11k characters overall); a reply that does not fit in `maxMessages` messages is cut
 * from the end with "…and N more", and only the sources the kept bullets cite are listed. All reply text is treated
 * as untrusted and escaped, so nothing in an article can mention or ping anyone.
 */
export function renderSlack(reply: Reply, options: SlackRenderOptions = {}): SlackMessage[] {
  const limits = SLACK_LIMITS;
  const maxMessages = Math.max(1, options.maxMessages ?? 3);
  const sources = reply.sources ?? [];
  const byNumber = new Map(sources.map((s) => [s.n, s]));
  const head: Unit[] = [];
  if (reply.title) {
    const t = clipEscaped(plainSlack(reply.title), limits.headerText);
    head.push(unit({ type: 'header', text: { type: 'plain_text', text: t, emoji: false } }));
  }
  const body = reply.blocks.flatMap((b) => blockUnits(b, byNumber, limits));
  const footer = reply.footer ? [contextUnit([clipEscaped(escapeSlack(reply.footer), limits.sectionText)])] : [];
  const anyCites = body.some((u) => u.cites.length > 0);

  const layout = (keepBody: number, keepSources: number): Unit[][] => {
    const kept = body.slice(0, keepBody);
    const droppedItems = body.slice(keepBody).reduce((n, u) => n + Math.max(u.items, 1), 0);
    const more = keepBody < body.length ? [section(`…and ${droppedItems} more`, limits)] : [];
    // Sources follow the kept bullets; replies without bullets keep their sources as given.
    const cited = new Set(kept.flatMap((u) => u.cites));
    const listed = anyCites ? sources.filter((s) => cited.has(s.n)) : sources;
    const shown = listed.slice(0, keepSources);
    return pack([...head, ...kept, ...more, ...sourceUnits(shown, listed.length - shown.length, limits), ...footer], limits);
  };

  const fits = (m: Unit[][]): boolean => m.length <= maxMessages;
  let keepSources = sources.length;
  let messages = layout(body.length, keepSources);
  if (!fits(messages)) {
    // Fewer body units (and so fewer cited sources) need no more messages in practice, so bisection finds the
    // most that fit in a few layouts; every candidate is checked, so the result fits even where that does not hold.
    let lo = 0;
    let hi = body.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(layout(mid, keepSources))) lo = mid;
      else hi = mid - 1;
    }
    messages = layout(lo, keepSources);
    // Only a reply that is nearly all sources gets here: list fewer of them.
    while (!fits(messages) && keepSources > 0) messages = layout(lo, --keepSources);
  }
  const rendered = messages.slice(0, maxMessages).map((units, i) => ({
    text: fallbackText(reply, i, limits),
    blocks: units.map((u) => ({ ...u.block })),
  }));
  // The thread's context travels in the first block's block_id (invisible, kept by Slack, at most 255 characters),
  // so whichever instance receives a reply in the thread can read it back from the thread's first message.
  const token = reply.thread ? encodeThreadContext(reply.thread) : null;
  const first = rendered[0]?.blocks[0];
  if (token && first) first.block_id = token;
  return rendered;
}
