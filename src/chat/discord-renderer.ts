import type { BriefSource } from '../core/brief.ts';
import { escapeDiscord, linkTarget, neutraliseMentions, truncate } from './discord-markdown.ts';
import type { Reply, ReplyBlock, ReplyBullet } from './reply.ts';

/** Discord's message and embed limits (characters). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsPerMessage: 10,
  /** Sum of titles, descriptions, field names and values and footers of all embeds of one message. */
  charsPerMessage: 6000,
} as const;

/** An embed in Discord's JSON shape. */
export interface DiscordEmbed {
  /** Heading (≤256). */
  title?: string;
  /** Markdown body (≤4,096). */
  description?: string;
  /** Side colour. */
  color?: number;
  /** Name/value pairs (≤25; name ≤256, value ≤1,024). */
  fields?: { name: string; value: string; inline?: boolean }[];
  /** Small line at the bottom (≤2,048, no Markdown). */
  footer?: { text: string };
}

/** One message body in Discord's JSON shape. Every message carries `allowed_mentions: { parse: [] }`. */
export interface DiscordMessage {
  /** 1–10 embeds. */
  embeds: DiscordEmbed[];
  /** Nobody is ever pinged by what Sitrep posts. */
  allowed_mentions: { parse: [] };
}

/** Options for {@link renderDiscord}. */
export interface DiscordRenderOptions {
  /** At most this many messages; what does not fit ends in "…and N more". Default 3. */
  maxMessages?: number;
}

const COLORS = { info: 0x2b6cb0, error: 0xc53030 } as const;
/** Room kept free in every embed and message for the "…and N more" line. */
const MORE_RESERVE = 40;
/** No single line (a bullet, a source) may take more than this, so one huge sentence cannot crowd out the rest. */
const MAX_LINE = 1500;

/** A unit of layout: a description line, a field, or a forced start of a new embed. */
type Piece =
  | { kind: 'line'; text: string; counted: boolean; gap?: boolean }
  | { kind: 'field'; name: string; value: string; counted: boolean }
  | { kind: 'break' };

function citationLinks(item: ReplyBullet, sources: ReadonlyMap<number, BriefSource>): string {
  if (item.citations.length === 0) return '';
  const links = item.citations.map((n) => {
    const target = linkTarget(sources.get(n)?.url);
    return target ? `[${n}](${target})` : String(n);
  });
  return ` (${links.join(', ')})`;
}

function textLines(text: string, counted = false): Piece[] {
  return text
    .split(/\n+/)
    .filter((l) => l.trim())
    .map((l) => ({ kind: 'line' as const, text: truncate(escapeDiscord(l), MAX_LINE), counted }));
}

function blockPieces(block: ReplyBlock, sources: ReadonlyMap<number, BriefSource>): Piece[] {
  switch (block.type) {
    case 'text':
      return textLines(block.text);
    case 'notice': {
      const label = block.tone === 'error' ? 'Error' : block.tone === 'warning' ? 'Warning' : 'Note';
      return textLines(block.text).map((p, i) => (i === 0 && p.kind === 'line' ? { ...p, text: `**${label}:** ${p.text}` } : p));
    }
    case 'bullets':
      return block.items.map((item) => {
        const label = item.label ? `**${escapeDiscord(item.label)}** — ` : '';
        const body = truncate(escapeDiscord(item.text.replace(/\s+/g, ' ')), MAX_LINE - 200);
        const flag = `${item.unverified ? ' *(unverified)*' : ''}${(item.tags ?? []).map((t) => ` *(${escapeDiscord(t)})*`).join('')}`;
        const notes = (item.notes ?? []).map((n) => `\n  ↳ ${truncate(escapeDiscord(n), 300)}`).join('');
        return { kind: 'line', text: `• ${label}${body}${citationLinks(item, sources)}${flag}${notes}`, counted: true };
      });
    case 'list':
      return block.items.map((item) => ({
        kind: 'line',
        text: `• ${truncate(escapeDiscord(item.replace(/\s+/g, ' ')), MAX_LINE)}`,
        counted: true,
      }));
    case 'fields':
      return block.fields.map((f) => ({
        kind: 'field',
        name: truncate(escapeDiscord(f.name), DISCORD_LIMITS.fieldName) || '\u200b',
        value: truncate(escapeDiscord(f.value), DISCORD_LIMITS.fieldValue) || '\u200b',
        counted: true,
      }));
    case 'section':
      return [
        { kind: 'break' },
        { kind: 'line', text: `**${truncate(escapeDiscord(block.title), 200)}**`, counted: false },
        ...block.blocks.flatMap((b) => blockPieces(b, sources)),
      ];
  }
}

function sourcePieces(sources: readonly BriefSource[]): Piece[] {
  if (sources.length === 0) return [];
  return [
    { kind: 'line', text: '**Sources**', counted: false, gap: true },
    ...sources.map((s): Piece => {
      const title = truncate(escapeDiscord(s.title.replace(/\s+/g, ' ')), 300);
      const target = linkTarget(s.url);
      const linked = target ? `[${title}](${target})` : title;
      const outlet = truncate(escapeDiscord(s.source), 100);
      return { kind: 'line', text: `**${s.n}.** ${linked} — ${outlet}, ${s.publishedAt.toISOString().slice(0, 10)}`, counted: true };
    }),
  ];
}

function embedChars(e: DiscordEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** Total characters of a message as Discord counts them against the 6,000 limit. */
export function messageChars(m: DiscordMessage): number {
  return m.embeds.reduce((n, e) => n + embedChars(e), 0);
}

/**
 * Renders a reply as Discord messages of embeds within every limit: the title on the first embed, notices, text and
 * bullets with citation links in descriptions, numbered sources with links, the footer (engine, counts) on the last
 * embed. Long replies flow into further embeds and messages; beyond `maxMessages` the rest is cut with "…and N more".
 * All text is escaped and mention-neutralised, and every message carries `allowed_mentions: { parse: [] }`.
 */
export function renderDiscord(reply: Reply, options: DiscordRenderOptions = {}): DiscordMessage[] {
  const maxMessages = Math.max(1, options.maxMessages ?? 3);
  const sourceByN = new Map((reply.sources ?? []).map((s) => [s.n, s]));
  const pieces = [
    ...reply.blocks.flatMap((b) => {
      // A blank line between blocks (headline, bullets, notices) inside one description.
      const own = blockPieces(b, sourceByN);
      const first = own.findIndex((p) => p.kind === 'line');
      return own.map((p, i) => (i === first && p.kind === 'line' ? { ...p, gap: true } : p));
    }),
    ...sourcePieces(reply.sources ?? []),
  ];
  const isError = reply.blocks.some((b) => b.type === 'notice' && b.tone === 'error');
  const color = isError ? COLORS.error : COLORS.info;
  const footer = reply.footer ? truncate(neutraliseMentions(reply.footer), DISCORD_LIMITS.footer) : undefined;
  const title = reply.title ? truncate(escapeDiscord(reply.title), DISCORD_LIMITS.title) : undefined;
  // Every message keeps room for the footer (it goes on the last one, wherever that ends up) and the cut line.
  const messageBudget = DISCORD_LIMITS.charsPerMessage - (footer?.length ?? 0) - MORE_RESERVE;
  const descBudget = DISCORD_LIMITS.description - MORE_RESERVE;

  const messages: DiscordMessage[] = [];
  let message: DiscordMessage = { embeds: [], allowed_mentions: { parse: [] } };
  let embed: DiscordEmbed = { color, ...(title ? { title } : {}) };
  let used = embedChars(embed);
  const closeEmbed = (): void => {
    if (embed.title || embed.description || embed.fields?.length) message.embeds.push(embed);
    embed = { color };
  };
  /**
   * Closes the current embed and opens a new one (in a new message when this one is full). Returns false, leaving the
   * current embed open for the cut line, when that would exceed the message allowance.
   */
  const advance = (needed: number): boolean => {
    const embeds = message.embeds.length + (embed.title || embed.description || embed.fields?.length ? 1 : 0);
    const nextMessage = embeds >= DISCORD_LIMITS.embedsPerMessage || used + needed > messageBudget;
    if (nextMessage && messages.length + 1 >= maxMessages) return false;
    closeEmbed();
    if (nextMessage) {
      messages.push(message);
      message = { embeds: [], allowed_mentions: { parse: [] } };
      used = 0;
    }
    return true;
  };

  let cutAt = -1;
  for (let i = 0; i < pieces.length && cutAt < 0; i++) {
    const p = pieces[i]!;
    if (p.kind === 'break') {
      if ((embed.description || embed.fields?.length) && !advance(0)) cutAt = i;
      continue;
    }
    if (p.kind === 'line') {
      const text = embed.description ? `${p.gap ? '\n\n' : '\n'}${p.text}` : p.text;
      // A description is shown above the fields, so text after fields goes into a new embed.
      const fits = !embed.fields?.length && (embed.description?.length ?? 0) + text.length <= descBudget;
      if (fits && used + text.length <= messageBudget) {
        embed.description = (embed.description ?? '') + text;
        used += text.length;
        continue;
      }
      if (!advance(p.text.length)) {
        cutAt = i;
        break;
      }
      embed.description = p.text;
      used += p.text.length;
    } else {
      const size = p.name.length + p.value.length;
      const fits = (embed.fields?.length ?? 0) < DISCORD_LIMITS.fields - 1 && used + size <= messageBudget;
      if (!fits && !advance(size)) {
        cutAt = i;
        break;
      }
      (embed.fields ??= []).push({ name: p.name, value: p.value });
      used += size;
    }
  }
  if (cutAt >= 0) {
    const rest = pieces.slice(cutAt).filter((p) => p.kind !== 'break' && p.counted).length;
    const more = rest > 0 ? `…and ${rest} more` : '…';
    // The reserves above guarantee room: one field slot and MORE_RESERVE characters in the embed and the message.
    if (embed.fields?.length) embed.fields.push({ name: '\u200b', value: more });
    else embed.description = embed.description ? `${embed.description}\n${more}` : more;
  }
  closeEmbed();
  if (message.embeds.length === 0) message.embeds.push({ color, description: '\u200b' });
  if (footer) message.embeds[message.embeds.length - 1]!.footer = { text: footer };
  messages.push(message);
  return messages;
}
