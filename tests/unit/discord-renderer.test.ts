import { describe, expect, it } from 'vitest';
import { briefReply } from '../../src/chat/brief-reply.ts';
import { escapeDiscord, linkTarget, neutraliseMentions, truncate } from '../../src/chat/discord-markdown.ts';
import { DISCORD_LIMITS, messageChars, renderDiscord, type DiscordMessage } from '../../src/chat/discord-renderer.ts';
import { errorReply, type Reply } from '../../src/chat/reply.ts';
import { hugeBrief } from '../helpers/discord-harness.ts';

const NOW = new Date('2025-11-20T12:00:00Z');

function assertWithinLimits(messages: DiscordMessage[]): void {
  for (const m of messages) {
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expect(m.embeds.length).toBeGreaterThanOrEqual(1);
    expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
    expect(messageChars(m)).toBeLessThanOrEqual(DISCORD_LIMITS.charsPerMessage);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
      expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeGreaterThan(0);
        expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
        expect(f.value.length).toBeGreaterThan(0);
        expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      }
      expect(Boolean(e.title || e.description || e.fields?.length)).toBe(true);
    }
  }
}

const allText = (messages: DiscordMessage[]) => JSON.stringify(messages.map((m) => m.embeds));

describe('renderDiscord', () => {
  it('renders title, bullets with citation links, numbered sources and the footer', () => {
    const reply: Reply = {
      visibility: 'public',
      title: 'Brief: syria',
      blocks: [
        { type: 'text', text: 'Crossing reopens' },
        { type: 'bullets', items: [{ text: 'Trucks crossed.', citations: [1, 2] }, { text: 'Aid flows.', citations: [2], unverified: true }] },
      ],
      sources: [
        { n: 1, articleId: 1, title: 'Trucks roll', url: 'https://a.example/1', source: 'Wire', publishedAt: NOW },
        { n: 2, articleId: 2, title: 'Aid (update)', url: null, source: 'Gazette', publishedAt: NOW },
      ],
      footer: 'extractive engine · 2 cited',
    };
    const [m, ...rest] = renderDiscord(reply);
    expect(rest).toEqual([]);
    expect(m!.embeds).toHaveLength(1);
    const e = m!.embeds[0]!;
    expect(e.title).toBe('Brief: syria');
    expect(e.description).toBe(
      [
        'Crossing reopens',
        '',
        '• Trucks crossed. ([1](https://a.example/1), 2)',
        '• Aid flows. (2) *(unverified)*',
        '',
        '**Sources**',
        '**1.** [Trucks roll](https://a.example/1) — Wire, 2025-11-20',
        '**2.** Aid (update) — Gazette, 2025-11-20',
      ].join('\n'),
    );
    expect(e.footer).toEqual({ text: 'extractive engine · 2 cited' });
  });

  it('keeps a huge brief within every limit, over at most maxMessages messages, cut with "…and N more"', () => {
    const reply = briefReply(hugeBrief(NOW));
    for (const max of [1, 2, 3, 5]) {
      const messages = renderDiscord(reply, { maxMessages: max });
      expect(messages.length).toBe(max);
      assertWithinLimits(messages);
      const text = allText(messages);
      const more = /…and (\d+) more/.exec(text);
      expect(more).not.toBeNull();
      // Every bullet and source is either shown or counted in "…and N more".
      const shownBullets = (text.match(/• Development \d+/g) ?? []).length;
      const shownSources = (text.match(/\*\*\d+\.\*\* /g) ?? []).length;
      expect(shownBullets + shownSources + Number(more![1])).toBe(90 + 160);
      expect(messages.at(-1)!.embeds.at(-1)!.footer?.text).toMatch(/extractive engine/);
    }
  });

  it('does not cut a reply that fits, and flows a long one into further embeds before further messages', () => {
    const reply = briefReply({ ...hugeBrief(NOW), bullets: hugeBrief(NOW).bullets.slice(0, 8), sources: hugeBrief(NOW).sources.slice(0, 24) });
    const messages = renderDiscord(reply, { maxMessages: 10 });
    assertWithinLimits(messages);
    expect(allText(messages)).not.toMatch(/…and \d+ more/);
    expect(messages.flatMap((m) => m.embeds).length).toBeGreaterThan(1);
  });

  it('puts fields blocks into embed fields (25 at most per embed) and truncates long names and values', () => {
    const fields = Array.from({ length: 60 }, (_, i) => ({ name: `Feed ${i} ${'n'.repeat(300)}`, value: `ok ${'v'.repeat(150)}` }));
    const messages = renderDiscord({ visibility: 'public', title: 'Feeds', blocks: [{ type: 'fields', fields }] }, { maxMessages: 10 });
    assertWithinLimits(messages);
    const all = messages.flatMap((m) => m.embeds.flatMap((e) => e.fields ?? []));
    expect(all.length).toBe(60);
    expect(all[0]!.name.endsWith('…')).toBe(true);
    expect(messages.flatMap((m) => m.embeds).every((e) => (e.fields?.length ?? 0) <= 25)).toBe(true);
    // Values over 1,024 characters are cut.
    const [long] = renderDiscord({ visibility: 'public', blocks: [{ type: 'fields', fields: [{ name: 'n', value: 'v'.repeat(3000) }] }] });
    expect(long!.embeds[0]!.fields![0]!.value.length).toBe(1024);
  });

  it('neutralises mentions and escapes Markdown everywhere untrusted text appears', () => {
    const reply: Reply = {
      visibility: 'public',
      title: '@everyone <@123> title',
      blocks: [
        { type: 'text', text: 'Hi @here, see <@!42> and <@&7> in <#9> via </brief:1>' },
        { type: 'bullets', items: [{ text: '**bold** [click](https://evil.example) `code` ||spoiler||', citations: [1] }] },
        { type: 'list', items: ['# heading', '- not a list', '> not a quote'] },
      ],
      sources: [{ n: 1, articleId: 1, title: '@everyone [x](y)', url: 'https://a.example/p(1)', source: '<@&5> Wire', publishedAt: NOW }],
      footer: 'by @everyone',
    };
    const messages = renderDiscord(reply);
    const raw = allText(messages);
    expect(raw).not.toMatch(/@everyone|@here|<@!?\d|<@&\d|<#\d|<\/brief/);
    const d = messages[0]!.embeds[0]!.description!;
    expect(d).toContain('\\*\\*bold\\*\\*');
    expect(d).toContain('\\[click\\](https://evil.example)');
    expect(d).toContain('\\`code\\`');
    expect(d).toContain('\\|\\|spoiler\\|\\|');
    expect(d).toContain('• \\# heading');
    expect(d).toContain('• \\> not a quote');
    expect(d).toContain('([1](https://a.example/p%281%29))');
    expect(messages[0]!.embeds[0]!.footer!.text).toBe('by @\u200beveryone');
  });

  it('colours error replies red and never sends an empty embed', () => {
    const [err] = renderDiscord(errorReply('No stored articles match "x".', 'Try a wider window.'));
    expect(err!.embeds[0]!.color).toBe(0xc53030);
    const [empty] = renderDiscord({ visibility: 'public', blocks: [] });
    assertWithinLimits([empty!]);
  });
});

describe('Discord text helpers', () => {
  it('neutralises every mention form and leaves ordinary text alone', () => {
    expect(neutraliseMentions('@everyone @here <@1> <@!2> <@&3> <#4> a@b.c')).toBe(
      '@\u200beveryone @\u200bhere <\u200b@1> <\u200b@!2> <\u200b@&3> <\u200b#4> a@b.c',
    );
    expect(escapeDiscord('plain words, 3.5% up')).toBe('plain words, 3.5% up');
    expect(escapeDiscord('1. first')).toBe('1\\. first');
  });

  it('accepts only http(s) link targets and encodes what would end a link early', () => {
    expect(linkTarget('javascript:alert(1)')).toBeUndefined();
    expect(linkTarget('not a url')).toBeUndefined();
    expect(linkTarget(null)).toBeUndefined();
    expect(linkTarget('https://a.example/x y)z')).toBe('https://a.example/x%20y%29z');
  });

  it('truncates with an ellipsis, never leaving a dangling escape or half a surrogate pair', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abc\\*def', 5)).toBe('abc…');
    expect(truncate('ab😀cd', 4)).toBe('ab…');
    expect(truncate('one two three four five', 16).length).toBeLessThanOrEqual(16);
  });
});
