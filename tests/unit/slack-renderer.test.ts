import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/chat/reply.ts';
import { renderSlack, SLACK_LIMITS, type SlackBlock, type SlackMessage } from '../../src/chat/slack-renderer.ts';
import { clipEscaped, escapeSlack, slackLinkTarget } from '../../src/chat/slack-text.ts';
import type { BriefSource } from '../../src/core/brief.ts';

function sources(n: number, title = 'Title'): BriefSource[] {
  return Array.from({ length: n }, (_, i) => ({
    n: i + 1,
    articleId: 100 + i,
    title: `${title} ${i + 1}`,
    url: `https://news.example/a/${i + 1}`,
    source: `Outlet ${i % 5}`,
    publishedAt: new Date('2025-11-20T06:00:00Z'),
  }));
}

function texts(block: SlackBlock): string[] {
  if (block.type === 'header') return [block.text.text];
  if (block.type === 'context') return block.elements.map((e) => e.text);
  if ('fields' in block) return block.fields.map((f) => f.text);
  return [block.text.text];
}

/** Every Slack limit the renderer promises, checked on every message. */
function expectWithinLimits(messages: SlackMessage[]): void {
  for (const m of messages) {
    expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(m.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    let total = 0;
    for (const b of m.blocks) {
      for (const t of texts(b)) {
        expect(t.length).toBeGreaterThan(0);
        total += t.length;
      }
      if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (b.type === 'section' && 'text' in b) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (b.type === 'section' && 'fields' in b) {
        expect(b.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
      if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    }
    expect(total).toBeLessThanOrEqual(SLACK_LIMITS.messageChars);
    expect(JSON.stringify(m.blocks).length).toBeLessThanOrEqual(SLACK_LIMITS.messageChars + 2);
  }
}

function allText(messages: SlackMessage[]): string {
  return messages.map((m) => [m.text, ...m.blocks.flatMap(texts)].join('\n')).join('\n');
}

describe('renderSlack', () => {
  it('renders a header, one section per bullet with citation links, sources and engine in context blocks', () => {
    const reply: Reply = {
      visibility: 'public',
      title: 'Brief: syria (2025-11-19 to 2025-11-20)',
      blocks: [
        { type: 'text', text: 'Headline' },
        {
          type: 'bullets',
          items: [
            { text: 'Crossing reopened.', citations: [1, 2] },
            { text: 'Passenger traffic next week.', citations: [2], label: '2025-11-20', unverified: true },
          ],
        },
      ],
      sources: sources(2),
      footer: 'extractive engine · 4 articles read',
    };
    const [m, ...rest] = renderSlack(reply);
    expect(rest).toHaveLength(0);
    expect(m!.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: reply.title, emoji: false } });
    const sections = m!.blocks.filter((b) => b.type === 'section').map((b) => texts(b)[0]);
    expect(sections).toEqual([
      'Headline',
      '• Crossing reopened. <https://news.example/a/1|[1]><https://news.example/a/2|[2]>',
      '• *2025-11-20* — Passenger traffic next week. <https://news.example/a/2|[2]> _(unverified)_',
    ]);
    const contexts = m!.blocks.filter((b) => b.type === 'context');
    expect(contexts[0] && texts(contexts[0])).toEqual([
      '*Sources*',
      '[1] <https://news.example/a/1|Title 1> — Outlet 0, 2025-11-20',
      '[2] <https://news.example/a/2|Title 2> — Outlet 1, 2025-11-20',
    ]);
    expect(contexts.at(-1) && texts(contexts.at(-1)!)).toEqual(['extractive engine · 4 articles read']);
    // Every mrkdwn object is verbatim, so Slack auto-links nothing in it.
    expect(JSON.stringify(m!.blocks)).not.toMatch(/"verbatim":false/);
    expect(m!.text).toBe(reply.title);
  });

  it('keeps a 40-bullet brief with huge bullets and sources within every Slack limit', () => {
    const reply: Reply = {
      visibility: 'public',
      title: `Brief: ${'very long story name '.repeat(20)}`,
      blocks: [
        { type: 'notice', tone: 'info', text: 'Nothing in the last 24 h; showing the newest 7 days.' },
        { type: 'text', text: 'headline '.repeat(800) },
        {
          type: 'bullets',
          items: Array.from({ length: 40 }, (_, i) => ({ text: `Bullet ${i} ${'detail & more '.repeat(400)}`, citations: [i + 1, ((i + 1) % 40) + 1] })),
        },
      ],
      sources: sources(40, 'A rather long article title '.repeat(30)),
      footer: 'extractive engine',
    };
    for (const maxMessages of [1, 2, 3, 5]) {
      const messages = renderSlack(reply, { maxMessages });
      expect(messages.length).toBeLessThanOrEqual(maxMessages);
      expectWithinLimits(messages);
      const text = allText(messages);
      expect(text).toMatch(/…and \d+ more/);
      // Every citation shown points at a source that is listed.
      const cited = new Set([...text.matchAll(/\|\[(\d+)\]>/g)].map((x) => x[1]));
      for (const n of cited) expect(text).toMatch(new RegExp(`\\[${n}\\] <https://news\\.example/a/${n}\\|`));
    }
    const all = renderSlack(reply, { maxMessages: 50 });
    expectWithinLimits(all);
    expect(allText(all)).not.toMatch(/…and \d+ more/);
    expect(all.filter((m) => m.blocks.some((b) => texts(b).some((t) => t.startsWith('• Bullet')))).length).toBeGreaterThan(3);
    expect(all[1]!.text).toMatch(/\(continued\)$/);
  });

  it('counts what it cut: "…and N more" names the dropped bullets', () => {
    const reply: Reply = {
      visibility: 'public',
      blocks: [{ type: 'bullets', items: Array.from({ length: 60 }, (_, i) => ({ text: `b${i}`, citations: [1] })) }],
      sources: sources(1),
    };
    const [m] = renderSlack(reply, { maxMessages: 1 });
    const bullets = m!.blocks.filter((b) => texts(b)[0]!.startsWith('• b')).length;
    const more = Number(/…and (\d+) more/.exec(allText([m!]))?.[1]);
    expect(bullets + more).toBe(60);
    expect(m!.blocks.length).toBeLessThanOrEqual(50);
  });

  it('splits long lists and fields into several blocks', () => {
    const reply: Reply = {
      visibility: 'private',
      title: 'Tracked stories',
      blocks: [
        { type: 'list', items: Array.from({ length: 300 }, (_, i) => `story ${i}: ${'x'.repeat(40)}`) },
        { type: 'fields', fields: Array.from({ length: 25 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(3000) })) },
        { type: 'section', title: 'More', blocks: [{ type: 'text', text: 'inner' }] },
      ],
    };
    const messages = renderSlack(reply, { maxMessages: 10 });
    expectWithinLimits(messages);
    const text = allText(messages);
    expect(text).toContain('story 299');
    expect(text).toContain('*More*');
  });

  it('escapes article text so that nothing in it can mention or ping anyone', () => {
    const hostile = 'Breaking <!channel> <!here|here> <!everyone> <@U123> <#C42|x> <!subteam^S1|@team> & @here @channel <https://evil.example|click>';
    const reply: Reply = {
      visibility: 'public',
      title: `Brief: ${hostile}`,
      blocks: [
        { type: 'text', text: hostile },
        { type: 'bullets', items: [{ text: hostile, citations: [1], label: '<@U1>' }] },
        { type: 'list', items: [hostile] },
        { type: 'notice', tone: 'warning', text: hostile },
        { type: 'fields', fields: [{ name: hostile, value: hostile }] },
      ],
      sources: [{ ...sources(1)[0]!, title: hostile, source: '<!channel>', url: 'https://ok.example/?a=1&b=<2>|x' }],
      footer: hostile,
    };
    const text = allText(renderSlack(reply));
    for (const raw of ['<!channel>', '<!here', '<!everyone>', '<@U123>', '<#C42', '<!subteam^S1', '<https://evil', '<@U1>']) {
      expect(text).not.toContain(raw);
    }
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;@U123&gt;');
    expect(text).toContain(' &amp; ');
    expect(text).not.toMatch(/@(here|channel)\b/);
    expect(text).toContain('<https://ok.example/?a=1&amp;b=%3C2%3E%7Cx|[1]>');
  });

  it('keeps header text readable: plain text shows entities literally, so only angle brackets are replaced', () => {
    const [m] = renderSlack({ visibility: 'public', title: 'Brief: R&D <!here> @everyone', blocks: [] });
    expect(m!.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Brief: R&D \u2039!here\u203a @\u2060everyone' } });
  });

  it('drops links that are not http(s)', () => {
    const reply: Reply = {
      visibility: 'public',
      blocks: [{ type: 'bullets', items: [{ text: 'x', citations: [1] }] }],
      sources: [{ ...sources(1)[0]!, url: 'javascript:alert(1)' }],
    };
    const text = allText(renderSlack(reply));
    expect(text).toContain('• x [1]');
    expect(text).not.toContain('javascript');
  });
});

describe('Slack text helpers', () => {
  it('escapes the three control characters and neutralises bare broadcasts', () => {
    expect(escapeSlack('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d');
    expect(escapeSlack('@here now')).toBe('@\u2060here now');
    expect(escapeSlack('bell\u0007')).toBe('bell');
  });

  it('clips without cutting an entity or a surrogate pair', () => {
    expect(clipEscaped(escapeSlack('aaaa&bbbb'), 7)).toBe('aaaa…');
    expect(clipEscaped('ab😀cd', 4)).toBe('ab…');
    expect(clipEscaped('short', 10)).toBe('short');
  });

  it('accepts only http(s) link targets', () => {
    expect(slackLinkTarget('https://x.example/a|b')).toBe('https://x.example/a%7Cb');
    expect(slackLinkTarget('ftp://x.example/')).toBeNull();
    expect(slackLinkTarget('not a url')).toBeNull();
    expect(slackLinkTarget(null)).toBeNull();
  });
});
