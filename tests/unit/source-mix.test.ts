import { describe, expect, it } from 'vitest';
import { briefReply } from '../../src/chat/brief-reply.ts';
import { renderDiscord } from '../../src/chat/discord-renderer.ts';
import { renderMarkdown } from '../../src/chat/markdown-renderer.ts';
import { renderSlack } from '../../src/chat/slack-renderer.ts';
import type { Brief } from '../../src/core/brief.ts';
import { describeSourceMix, domainOf, sourceMixOf } from '../../src/core/source-mix.ts';

const SOURCES = [
  { n: 1, source: 'Reuters', url: 'https://www.reuters.com/a', language: 'en' },
  { n: 2, source: 'Reuters', url: 'https://reuters.com/b', language: 'en-GB' },
  { n: 3, source: 'Le Monde', url: 'https://www.lemonde.fr/c', language: 'fr' },
  { n: 4, source: 'Wire', url: null, language: null },
];

describe('the source mix of a brief', () => {
  it('counts outlets, domains and languages and names the bullets one outlet carries', () => {
    const mix = sourceMixOf([{ citations: [1, 3] }, { citations: [1, 2] }, { citations: [4] }], SOURCES);
    expect(mix).toEqual({
      outlets: 3,
      domains: 2,
      languages: ['en', 'fr'],
      singleSourceBullets: [1, 2],
      topOutlet: { name: 'Reuters', share: 3 / 5 },
    });
    expect(describeSourceMix(mix, 3)).toBe(
      'Who is reporting: 3 outlets, 2 web domains, in en, fr · 2 of 3 developments from a single outlet · 60% of citations from Reuters',
    );
    expect(domainOf('not a url')).toBeNull();
  });

  it('marks single-source bullets and prints the line on every platform, and in JSON', () => {
    const sources = SOURCES.map((s) => ({ ...s, articleId: s.n, title: `t${s.n}`, publishedAt: new Date('2012-05-26T00:00:00Z') }));
    const bullets = [
      { text: 'Observers counted 90 dead in Houla.', citations: [1, 3], outlets: 2 },
      { text: 'The council met on Sunday.', citations: [2], outlets: 1 },
    ];
    const brief: Brief = {
      kind: 'brief',
      story: 'syria',
      subject: 'story',
      window: { from: new Date('2012-05-25T00:00:00Z'), to: new Date('2012-05-29T00:00:00Z') },
      engine: 'extractive',
      headline: 'Houla',
      bullets,
      sources,
      notes: [],
      articlesConsidered: 4,
      sourceMix: sourceMixOf(bullets, SOURCES),
    };
    const reply = briefReply(brief);
    expect((reply.data as { sourceMix: { singleSourceBullets: number[] } }).sourceMix.singleSourceBullets).toEqual([1]);
    const md = renderMarkdown(reply, { plain: true });
    expect(md).toMatch(/The council met on Sunday\. \[2\] \(single source\)/);
    expect(md).not.toMatch(/Houla\. \[1\]\[3\] \(single source\)/);
    expect(md).toMatch(/Who is reporting: 2 outlets, 2 web domains, in en, fr · 1 of 2 developments from a single outlet/);
    expect(JSON.stringify(renderSlack(reply))).toMatch(/_\(single source\)_/);
    expect(JSON.stringify(renderDiscord(reply))).toMatch(/\*\(single source\)\*/);
  });
});
