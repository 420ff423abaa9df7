import { describe, expect, it } from 'vitest';
import { splitSentences, terms, words } from '../../src/core/text.ts';
import { isReportable, stripDateline } from '../../src/core/sentences.ts';
import { detokenize } from '../../src/ingest/timeline17.ts';
import { isRelatedHeadline, parseTextArticle } from '../../src/ingest/text-article.ts';
import { canonicalUrl } from '../../src/ingest/canonical-url.ts';

describe('splitSentences', () => {
  it('keeps abbreviations, initials, decimals and dotted acronyms inside sentences', () => {
    const text =
      'The U.S. envoy met Gen. Haftar at 3.5 p.m. local time. George W. Bush was not there. ' +
      'Prices rose 2.5% in Jan. 2011, officials said. "We will go," he said. Then they left!';
    expect(splitSentences(text)).toEqual([
      'The U.S. envoy met Gen. Haftar at 3.5 p.m. local time.',
      'George W. Bush was not there.',
      'Prices rose 2.5% in Jan. 2011, officials said.',
      '"We will go," he said.',
      'Then they left!',
    ]);
  });

  it('ends a sentence at a dotted acronym when a new sentence clearly starts', () => {
    expect(splitSentences('He flew to the U.S. The talks begin Monday.')).toEqual([
      'He flew to the U.S.',
      'The talks begin Monday.',
    ]);
  });

  it('splits paragraphs and keeps closing quotes with their sentence', () => {
    expect(splitSentences('He said: "It is over." Crowds cheered.\n\nA new paragraph.')).toEqual([
      'He said: "It is over."',
      'Crowds cheered.',
      'A new paragraph.',
    ]);
  });
});

describe('terms and words', () => {
  it('lower-cases, stems, drops stopwords and keeps numbers whole', () => {
    expect(terms('Protesters were arrested in 10,000-strong protests')).toEqual(['protest', 'arrest', '10,000', 'strong', 'protest']);
    expect(words('Côte d’Ivoire 3.5%')).toEqual(['côte', 'd’ivoire', '3.5']);
  });
});

describe('sentence filters', () => {
  it('strips wire datelines and rejects furniture', () => {
    expect(stripDateline('CAIRO, Egypt (CNN) — Protests grew on Friday.')).toBe('Protests grew on Friday.');
    expect(stripDateline('Cairo, Egypt (CNN) -- Protests grew.')).toBe('Protests grew.');
    expect(isReportable('Click here to subscribe to our daily newsletter today.')).toBe(false);
    expect(isReportable('short one.')).toBe(false);
    expect(isReportable('Egyptian President Hosni Mubarak stepped down on Friday after weeks of protests.')).toBe(true);
    expect(isReportable('Is this the end of the regime as we know it?')).toBe(false);
  });
});

describe('detokenize (Timeline17)', () => {
  it('restores brackets, quotes, clitics and punctuation spacing', () => {
    expect(
      detokenize("-LRB- CNN -RRB- -- They heard `` delegating power '' from Mubarak 's aide , and did n't leave ; $ 10 million , 3.5 % . \nNext line ."),
    ).toBe('(CNN) — They heard "delegating power" from Mubarak\'s aide, and didn\'t leave; $10 million, 3.5%.\nNext line.');
  });
});

describe('text articles', () => {
  it('recognises scraped related-story headlines but keeps body sentences', () => {
    expect(isRelatedHeadline('US temporarily eases sanctions against Syria for 180 days')).toBe(true);
    expect(isRelatedHeadline('US to establish military presence at Damascus airbase - Reuters')).toBe(true);
    expect(isRelatedHeadline('Trump praised the Syrian leader during their meeting at the White House.')).toBe(false);
  });

  it('uses the first line as title when there is no date header', () => {
    const p = parseTextArticle('Talks resume in Jeddah\n\nDelegations met on Tuesday to resume talks, mediators said.');
    expect(p.title).toBe('Talks resume in Jeddah');
    expect(p.body).toBe('Delegations met on Tuesday to resume talks, mediators said.');
    expect(p.publishedAt).toBeNull();
  });

  it('reads title/source/url header lines and strips Markdown', () => {
    const p = parseTextArticle('source: Example Wire\nurl: https://example.com/x\n# Big news\n\nThe **council** voted on [the plan](https://x.y) today.', {
      markdown: true,
    });
    expect(p).toMatchObject({ source: 'Example Wire', url: 'https://example.com/x', title: 'Big news' });
    expect(p.body).toBe('The council voted on the plan today.');
  });
});

describe('canonicalUrl', () => {
  it('strips tracking, fragments, default ports, AMP and case differences', () => {
    expect(canonicalUrl('HTTPS://Example.COM:443/news/story/amp?utm_source=x&id=3&fbclid=abc#top')).toBe(
      'https://example.com/news/story?id=3',
    );
    expect(canonicalUrl('https://amp.example.com/a.amp.html?gclid=1')).toBe('https://example.com/a.html');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('not a url')).toBeNull();
  });
});
