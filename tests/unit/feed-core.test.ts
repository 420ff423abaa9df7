import { describe, expect, it } from 'vitest';
import {
  delayAfterFailure,
  delayAfterSuccess,
  formatInterval,
  MAX_BACKOFF_MS,
  parseInterval,
  parseRetryAfter,
  statusAfter,
} from '../../src/core/feed.ts';
import { parseFeedDate } from '../../src/core/feed-date.ts';
import { decodeText } from '../../src/ingest/http/decode-text.ts';
import { discoverFeeds } from '../../src/ingest/feeds/feed-discovery.ts';
import { htmlToText } from '../../src/ingest/feeds/html-text.ts';
import { isTeaser, prepareItems } from '../../src/ingest/feeds/feed-items.ts';
import type { FeedItem } from '../../src/ingest/feeds/feed-parse.ts';

const MIN = 60_000;

describe('intervals, backoff and health', () => {
  it('parses and formats intervals, enforcing the 5-minute minimum', () => {
    expect(parseInterval('15m')).toBe(15 * MIN);
    expect(parseInterval('1h')).toBe(60 * MIN);
    expect(parseInterval('2h30m')).toBe(150 * MIN);
    expect(parseInterval('90 minutes')).toBe(90 * MIN);
    expect(parseInterval('1d')).toBe(24 * 60 * MIN);
    expect(formatInterval(150 * MIN)).toBe('2h30m');
    expect(formatInterval(15 * MIN)).toBe('15m');
    expect(() => parseInterval('1m')).toThrow(/at most every 5 minutes; got 1m/);
    expect(() => parseInterval('soon')).toThrow(/not an interval/);
    expect(() => parseInterval('15x')).toThrow(/not an interval/);
    expect(() => parseInterval('30d')).toThrow(/longest interval/);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at a day', () => {
    const now = new Date('2025-11-11T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 11 Nov 2025 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('99999999', now)).toBe(24 * 3600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('adds jitter after a success and doubles the wait per failure, capped, never below Retry-After', () => {
    expect(delayAfterSuccess(15 * MIN, () => 0)).toBe(15 * MIN);
    expect(delayAfterSuccess(15 * MIN, () => 0.999)).toBeLessThan(16.5 * MIN);
    expect(delayAfterSuccess(15 * MIN, () => 0.5)).toBe(15.75 * MIN);
    const fail = (n: number, retry: number | null = null) => delayAfterFailure(15 * MIN, n, retry, () => 0);
    expect([1, 2, 3, 4].map((n) => fail(n) / MIN)).toEqual([15, 30, 60, 120]);
    expect(fail(20)).toBe(MAX_BACKOFF_MS);
    expect(fail(1, 3 * 3600_000)).toBe(3 * 3600_000);
  });

  it('turns unhealthy after five failures in a row', () => {
    expect([0, 1, 4, 5, 9].map(statusAfter)).toEqual(['ok', 'failing', 'failing', 'unhealthy', 'unhealthy']);
  });
});

describe('feed dates', () => {
  it.each([
    ['Tue, 10 Jun 2003 04:00:00 GMT', '2003-06-10T04:00:00.000Z'],
    ['Thu, 07 Dec 17 10:00:29 -0800', '2017-12-07T18:00:29.000Z'],
    ['03 Apr 02 1500 GMT', '2002-04-03T15:00:00.000Z'],
    ['Mon, 5 Jul 2021 10:00:00 EDT', '2021-07-05T14:00:00.000Z'],
    ['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
    ['2017-11-08T18:15:58-05:00', '2017-11-08T23:15:58.000Z'],
    ['2018-01-03', '2018-01-03T00:00:00.000Z'],
    ['2018-01-03 10:00:00+0100', '2018-01-03T09:00:00.000Z'],
  ])('reads %s', (raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso);
  });

  it('returns null for unreadable or absurd dates', () => {
    expect(parseFeedDate('yesterday')).toBeNull();
    expect(parseFeedDate('0001-01-01T00:00:00Z')).toBeNull();
    expect(parseFeedDate('')).toBeNull();
  });
});

describe('text decoding', () => {
  it('takes the encoding from a BOM, then the HTTP header, then the XML declaration', () => {
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>Not\xedcias</t>', 'latin1');
    expect(decodeText(latin)).toMatchObject({ text: '<?xml version="1.0" encoding="ISO-8859-1"?><t>Notícias</t>', source: 'declaration' });
    const cyr = Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]);
    expect(decodeText(cyr, 'windows-1251')).toMatchObject({ text: 'Новости', source: 'http' });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<t>é</t>')]);
    expect(decodeText(bom, 'iso-8859-1')).toMatchObject({ text: '<t>é</t>', source: 'bom' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<t>ü</t>', 'utf16le')]);
    expect(decodeText(utf16).text).toBe('<t>ü</t>');
  });

  it('corrects the two common mislabels by looking at the bytes', () => {
    expect(decodeText(Buffer.from('<rss>\xdaltimas</rss>', 'latin1'))).toMatchObject({ text: '<rss>Últimas</rss>', encoding: 'windows-1252' });
    expect(decodeText(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><t>© 2024</t>'))).toMatchObject({ text: expect.stringContaining('© 2024'), encoding: 'utf-8' });
  });
});

describe('HTML in summaries', () => {
  it('becomes clean paragraphs without scripts, images, share links or "continue reading"', () => {
    const html =
      '<p>First <b>bold</b> &amp; <a href="/x">linked</a>.</p><script>alert(1)</script><img src="t.gif"><div class="feedflare"><a href="#">Share</a></div><p>Second<br>line &#8220;quoted&#8221;.</p><p><a href="/more">Continue reading…</a></p>';
    expect(htmlToText(html)).toBe('First bold & linked.\n\nSecond\nline “quoted”.');
    expect(htmlToText('plain text, no markup')).toBe('plain text, no markup');
    expect(htmlToText('The post <a href="/p">Hello</a> appeared first on <a href="/">Blog</a>.')).toBe('');
  });
});

describe('feed discovery', () => {
  it('finds <link rel="alternate"> feeds, resolved against the page and its <base>', () => {
    const html = `<html><head><base href="https://news.example.com/world/">
      <link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" href="rss.xml">
      <link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom">
      <link rel="alternate" hreflang="de" href="/de/"><link rel="alternate" type="application/feed+json" href="javascript:alert(1)"></head></html>`;
    expect(discoverFeeds(html, 'https://news.example.com/')).toEqual(['https://news.example.com/world/rss.xml', 'https://news.example.com/atom']);
    expect(discoverFeeds('<p>nothing</p>', 'https://x.example/')).toEqual([]);
  });
});

describe('feed items → articles', () => {
  const base: FeedItem = { guid: null, url: null, title: '', summary: '', content: '', publishedAt: null, author: null };
  const fetchedAt = new Date('2025-11-11T12:00:00Z');

  it('keys items by GUID, then canonical URL, then text hash; repeats keep the first', () => {
    const items: FeedItem[] = [
      { ...base, guid: 'g1', url: 'https://a.example/x?utm_source=rss', title: 'A', summary: 'Text A.' },
      { ...base, url: 'https://A.example/y#top', title: 'B', summary: 'Text B.' },
      { ...base, title: 'C', summary: 'Text C.' },
      { ...base, guid: 'g1', title: 'A again', summary: 'Other.' },
    ];
    const out = prepareItems(items, { source: 'S', fetchedAt });
    expect(out.map((o) => ('key' in o ? o.key : o.skip))).toEqual(['guid:g1', 'url:https://a.example/y', expect.stringMatching(/^hash:/)]);
    expect('article' in out[0]! && out[0].article.url).toBe('https://a.example/x');
  });

  it('gives undated and far-future items the fetch time, titles untitled ones, skips empty ones', () => {
    const out = prepareItems(
      [
        { ...base, guid: '1', summary: 'No date here. Second sentence.' },
        { ...base, guid: '2', title: 'Future', summary: 'x', publishedAt: new Date('2030-01-01T00:00:00Z') },
        { ...base, guid: '3', title: 'Dated', summary: 'x', publishedAt: new Date('2025-11-10T00:00:00Z') },
        { ...base, guid: '4' },
      ],
      { source: 'S', fetchedAt },
    );
    const arts = out.map((o) => ('article' in o ? o.article : null));
    expect(arts[0]).toMatchObject({ title: 'No date here.', publishedAt: fetchedAt });
    expect(arts[1]!.publishedAt).toEqual(fetchedAt);
    expect(arts[2]!.publishedAt).toEqual(new Date('2025-11-10T00:00:00Z'));
    expect(out[3]).toMatchObject({ skip: 'the item has neither a title nor any text' });
  });

  it('recognises teasers', () => {
    expect(isTeaser('Short summary.')).toBe(true);
    expect(isTeaser(`${'A long paragraph of real text. '.repeat(30)}`)).toBe(false);
    expect(isTeaser(`${'A long paragraph of real text. '.repeat(30)}and then […]`)).toBe(true);
  });
});
