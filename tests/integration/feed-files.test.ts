import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/ingest/feeds/feed-document.ts';
import { parseFeedDocument } from '../../src/ingest/feeds/feed-parse.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';

interface Expected {
  format?: 'rss' | 'atom' | 'rdf';
  count?: number;
  encoding?: string;
  first?: { title: string; date: string | null; url: string | null };
  last?: { title: string; date: string | null; url: string | null };
  error?: RegExp;
  url?: string;
  /** The text legitimately quotes markup (a post about escaping HTML shows it in code samples). */
  quotesMarkup?: boolean;
}

// Facts read from the files themselves (item elements, their titles, dates and links).
const EXPECTED: Record<string, Expected> = {
  'node-feedparser--category-feed.xml': {
    format: 'rss',
    count: 1,
    first: {
      title: 'E.P.A. Plan to Clean Up Gowanus Canal Meets Local Resistance',
      date: '2013-05-05T17:15:11.000Z',
      url: 'http://www.nytimes.com/2013/05/06/nyregion/epa-plan-to-clean-up-gowanus-canal-meets-local-resistance.html?partner=rss&emc=rss',
    },
  },
  'node-feedparser--compressed.xml': {
    format: 'rss',
    count: 10,
    encoding: 'windows-1251',
    first: { title: 'В Бузулуке главные стройплощадки – детсад и Ледовый дворец', date: '2014-01-22T14:31:31.000Z', url: 'http://www.oren.ru/news/2743422/' },
  },
  'node-feedparser--iconv.xml': {
    format: 'rss',
    count: 10,
    encoding: 'windows-1251',
    last: { title: 'Имя героя увековечат в названии одной из улиц нашего города', date: '2014-01-22T12:11:30.000Z', url: 'http://www.oren.ru/news/2743388/' },
  },
  'node-feedparser--guid-dupes.xml': {
    format: 'rss',
    count: 1,
    first: { title: 'Huh?', date: '2014-06-19T06:00:00.000Z', url: 'http://www.braingle.com/50366.html' },
  },
  'node-feedparser--illegally-nested.xml': {
    format: 'rss',
    count: 10,
    first: {
      title: 'My Professional Armchair Analysis of CES',
      date: '2018-01-17T20:50:00.000Z',
      url: 'http://feedproxy.google.com/~r/ziffdavis/pcmag/dvorak/~3/0O-eUfOYo94/0,2817,2525649,00.asp',
    },
  },
  'node-feedparser--intertwingly.atom': {
    format: 'atom',
    count: 20,
    first: { title: 'Inhibiting Suspend', date: '2012-07-16T15:48:01.000Z', url: 'http://intertwingly.net/blog/2012/07/16/Inhibiting-Suspend' },
  },
  'node-feedparser--invalid-characters-gzipped.xml': {
    format: 'rss',
    count: 25,
    first: { title: 'NSOperation', date: '2014-07-14T07:00:00.000Z', url: 'http://nshipster.com/nsoperation/' },
  },
  'node-feedparser--mediacontent-dupes.xml': { format: 'rss', count: 1, encoding: 'utf-8' },
  'node-feedparser--notafeed.html': { error: /not a feed: it is an HTML page/ },
  'node-feedparser--rss-with-relative-html-urls-no-base.xml': {
    format: 'rss',
    count: 1,
    first: { title: 'Post', date: null, url: 'https://example.com/feed/posts/post-1' },
  },
  // xml:base on <rss> and on the item: the item's base is https://example.com/posts/post-1.
  'node-feedparser--rss-with-relative-html-urls.xml': {
    format: 'rss',
    count: 1,
    first: { title: 'Post', date: null, url: 'https://example.com/posts/posts/post-1' },
  },
  'node-feedparser--rss-with-relative-urls.xml': {
    url: 'http://www.arcgames.com/en/games/neverwinter/news/rss',
    format: 'rss',
    count: 2,
    first: {
      title: 'Neverwinter & Jingle Jam Humble Bundle!',
      date: '2017-12-07T18:00:29.000Z',
      url: 'http://www.arcgames.com/en/games/neverwinter/news/detail/10743874-neverwinter-%26-jingle-jam-humble-bundle%21',
    },
  },
  'node-feedparser--rss2sample.xml': {
    format: 'rss',
    count: 4,
    first: { title: 'Star City', date: '2003-06-03T09:39:21.000Z', url: 'http://liftoff.msfc.nasa.gov/news/2003/news-starcity.asp' },
  },
  'node-feedparser--saxerror.xml': { error: /^Malformed XML at line 15, column 41/ },
  'node-feedparser--tpm.atom': {
    format: 'atom',
    count: 20,
    first: {
      title: 'Hannity Announces Fox Has Hired Sebastian Gorka As NatSec Strategist',
      date: '2017-11-08T23:15:58.000Z',
      url: 'http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist',
    },
  },
  'node-feedparser--wapowellness.xml': {
    format: 'rss',
    count: 29,
    first: {
      title: 'Schools minister to kids’ fitness and nutrition needs',
      date: '2012-08-21T15:33:00.000Z',
      url: 'http://feeds.washingtonpost.com/click.phdo?i=cc0c5fb09865354bbec8415210a554da',
    },
  },
  'rss-parser--content-encoded.rss': { format: 'rss', count: 7 },
  'rss-parser--encoding.rss': {
    format: 'rss',
    count: 40,
    encoding: 'iso-8859-1',
    first: {
      title: 'Mãe de utente é a nova presidente da Raríssimas',
      date: '2018-01-03T13:47:00.000Z',
      url: 'http://feeds.jn.pt/~r/JN-ULTIMAS/~3/UBnb8Ra3Q1U/sonia-laig-e-a-nova-presidente-da-rarissimas-9021600.html',
    },
  },
  'rss-parser--feedburner.atom': { format: 'atom', count: 25, quotesMarkup: true },
  'rss-parser--guardian.rss': {
    format: 'rss',
    count: 55,
    first: {
      title: 'Trump State of the Union address promised unity but emphasized discord',
      date: '2018-01-31T07:26:05.000Z',
      url: 'https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord',
    },
  },
  'rss-parser--heise.atom': {
    format: 'atom',
    count: 15,
    first: {
      title: 'Java-Anwendungsserver: Red Hat gibt WildFly 10 frei',
      date: '2016-02-01T16:22:00.000Z',
      url: 'http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html?wt_mc=rss.developer.beitrag.atom',
    },
  },
  'rss-parser--heraldsun.rss': { format: 'rss', count: 2, first: { title: 'The First Item', date: null, url: 'http://www.oreilly.com/example/001.html' } },
  'rss-parser--incomplete-fields.atom': { format: 'atom', count: 0 },
  'rss-parser--many-links.rss': { format: 'atom', count: 25 },
  'rss-parser--missing-fields.atom': { format: 'atom', count: 1, first: { title: '', date: null, url: null } },
  'rss-parser--reddit-atom.rss': { format: 'rss', count: 24 },
  'rss-parser--rss-1.rss': {
    format: 'rdf',
    count: 69,
    first: { title: 'Food for fungi', date: '2017-06-15T17:29:47.000Z', url: 'http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1' },
  },
  'rss-parser--unrecognized.rss': { error: /not a feed: it is an HTML page/ },
  // No XML declaration and no charset: the bytes are not UTF-8, so they are read as Windows-1252 (a Latin-1 superset).
  'rss-parser--uolNoticias.rss': {
    format: 'rss',
    count: 15,
    encoding: 'windows-1252',
    first: {
      title: 'Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno',
      date: '2018-09-24T22:42:40.000Z',
      url: 'https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm',
    },
  },
};
for (const variant of ['node-feedparser--tpm-with-empty-base.atom', 'node-feedparser--tpm-with-fragment-base.atom']) {
  EXPECTED[variant] = EXPECTED['node-feedparser--tpm.atom']!;
}

describe.skipIf(!hasSharedData)(`every shared feed file parses or is rejected with its reason${SKIP_REASON}`, () => {
  const files = hasSharedData ? readdirSync(shared('feeds')).sort() : [];

  it('has an expectation for every file', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(files.filter((f) => !EXPECTED[f])).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const exp = EXPECTED[file]!;
    const bytes = readFileSync(shared('feeds', file));
    const url = exp.url ?? `https://feeds.example.org/${file}`;
    if (exp.error) {
      let err: unknown;
      try {
        parseFeedDocument(bytes, { url });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FeedParseError);
      expect((err as Error).message).toMatch(exp.error);
      return;
    }
    const feed = parseFeedDocument(bytes, { url });
    expect(feed.format).toBe(exp.format);
    // The language the file declares at its top level (RSS <language>, RDF dc:language, the Atom root's xml:lang).
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('latin1');
    const declared = /<channel[\s\S]*?<(?:dc:)?language>\s*([^<\s]+)\s*<\/(?:dc:)?language>/.exec(text)?.[1] ?? /<feed\b[^>]*\bxml:lang="([^"]+)"/.exec(text)?.[1];
    expect(feed.language).toBe(declared ? declared.replace(/_/g, '-') : null);
    expect(feed.items).toHaveLength(exp.count!);
    if (exp.encoding) expect(feed.encoding).toBe(exp.encoding);
    const pick = (i: (typeof feed.items)[number] | undefined) =>
      i && { title: i.title, date: i.publishedAt?.toISOString() ?? null, url: i.url };
    if (exp.first) expect(pick(feed.items[0])).toEqual(exp.first);
    if (exp.last) expect(pick(feed.items.at(-1))).toEqual(exp.last);
    for (const item of feed.items) {
      if (item.url) expect(item.url).toMatch(/^https?:\/\/[^/]+\//);
      // Text is clean: no markup, no undecoded entities, no mojibake from a wrong encoding.
      for (const text of [item.title, item.summary, item.content]) {
        if (!exp.quotesMarkup) {
          expect(text).not.toMatch(/<\/?(p|div|a|img|br)\b[^>]*>/i);
          expect(text).not.toMatch(/&(amp|lt|gt|quot|#\d+);/);
        }
        expect(text).not.toMatch(/Ã[\u0080-\u00bf]|\uFFFD/);
      }
    }
  });
});
