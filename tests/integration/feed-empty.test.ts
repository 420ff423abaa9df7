import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseFeedDocument } from '../../src/ingest/feeds/feed-parse.ts';
import { prepareItems } from '../../src/ingest/feeds/feed-items.ts';
import { documentHandler } from '../fakes/http-server.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { useFeedServer } from '../helpers/sources.ts';

const RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"';
const SOURCE = { url: 'https://news.example.com/feed' };
const parse = (text: string) => parseFeedDocument(Buffer.from(text), SOURCE);

// Valid feeds with nothing in them, which the parser library refuses ("Invalid feed format").
const EMPTY: Record<string, { text: string; format: string; title: string | null }> = {
  'RSS 0.90 with no channel content and no items': { text: `<rdf:RDF ${RDF} xmlns="http://my.netscape.com/rdf/simple/0.9/"></rdf:RDF>`, format: 'rdf', title: null },
  'RSS 2.01 with no channel': { text: '<?xml version="1.0"?>\n<rss version="2.01"></rss>', format: 'rss', title: null },
  'RSS 2.01 as one empty element': { text: '<rss version="2.01"/>', format: 'rss', title: null },
  'RSS 2.0 with an empty channel': { text: '<rss version="2.0"><channel></channel></rss>', format: 'rss', title: null },
  'Atom with no elements': { text: '<feed xmlns="http://www.w3.org/2005/Atom"></feed>', format: 'atom', title: null },
  'JSON Feed with no items member': { text: '{"version":"https://jsonfeed.org/version/1.1","title":"Quiet desk"}', format: 'json', title: 'Quiet desk' },
};

// Items a feed may legally carry with no title and no link.
const SPARSE = {
  contentOnly: `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Desk</title><item><content:encoded><![CDATA[<p>Negotiators met in Geneva on Monday to discuss a ceasefire. Talks continue.</p>]]></content:encoded></item></channel></rss>`,
  authorOnly: `<rss version="2.0"><channel><title>Desk</title><item><author>desk@news.example.com (Desk)</author></item></channel></rss>`,
  atomContentOnly: `<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><entry><content>Negotiators met in Geneva on Monday to discuss a ceasefire.</content></entry></feed>`,
  atomAuthorOnly: `<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><entry><author><name>Desk</name></author></entry></feed>`,
  emptyItems: `<rss version="2.0"><channel><item></item><item/></channel></rss>`,
  emptyEntry: `<feed xmlns="http://www.w3.org/2005/Atom"><entry></entry></feed>`,
  jsonEmptyItem: '{"version":"https://jsonfeed.org/version/1.1","items":[{}]}',
};

describe('empty feeds are healthy feeds with no items', () => {
  for (const [name, c] of Object.entries(EMPTY)) {
    it(name, () => {
      const feed = parse(c.text);
      expect(feed).toMatchObject({ format: c.format, title: c.title, items: [] });
    });
  }

  it('still calls an XML document with real items in the wrong place not a feed, and other XML not a feed', () => {
    expect(() => parse('<rss version="2.0"><item><title>Loose item</title></item></rss>')).toThrow(/This is not a feed/);
    expect(() => parse('<svg xmlns="http://www.w3.org/2000/svg"></svg>')).toThrow(/This is not a feed: its root element is <svg>/);
    expect(() => parse('{"version":"https://jsonfeed.org/version/1.1","items":"nope"}')).toThrow(/This is not a feed/);
  });
});

describe('items with only content or only an author never fail the feed', () => {
  it('stores a content-only item under a title taken from its text, and skips an author-only or empty item with a reason', () => {
    const at = { source: 'Desk', fetchedAt: new Date('2025-11-20T12:00:00Z') };
    const content = prepareItems(parse(SPARSE.contentOnly).items, at);
    expect(content).toHaveLength(1);
    expect(content[0]).toMatchObject({ article: { title: 'Negotiators met in Geneva on Monday to discuss a ceasefire.' } });
    expect(prepareItems(parse(SPARSE.atomContentOnly).items, at)[0]).toMatchObject({ article: { title: 'Negotiators met in Geneva on Monday to discuss a ceasefire.' } });
    for (const doc of [SPARSE.authorOnly, SPARSE.atomAuthorOnly, SPARSE.emptyItems, SPARSE.emptyEntry, SPARSE.jsonEmptyItem]) {
      const prepared = prepareItems(parse(doc).items, at);
      expect(prepared.length).toBeGreaterThan(0);
      for (const p of prepared) expect(p).toMatchObject({ skip: 'the item has neither a title nor any text' });
    }
  });
});

describe.skipIf(!hasSharedData)(`the real feed files emptied or stripped (${SKIP_REASON})`, () => {
  const files = hasSharedData ? readdirSync(shared('feeds')).filter((f) => /\.(xml|rss|atom)$/.test(f)) : [];
  // The real documents whose items parse today; each is emptied of items, then of item titles and links.
  const read = (f: string): string => {
    const bytes = readFileSync(shared('feeds', f));
    return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('latin1');
  };
  const usable = files.filter((f) => {
    try {
      return parseFeedDocument(readFileSync(shared('feeds', f)), SOURCE).items.length > 0;
    } catch {
      return false;
    }
  });

  it('covers most of the real files', () => {
    expect(usable.length).toBeGreaterThan(15);
  });

  it('every real feed without its items is a healthy empty feed with its own title', () => {
    for (const f of usable) {
      const original = parseFeedDocument(readFileSync(shared('feeds', f)), SOURCE);
      const text = read(f).replace(/<((?:\w+:)?(?:item|entry))[\s>][\s\S]*?<\/\1>/g, '');
      const emptied = parseFeedDocument(Buffer.from(text, 'latin1'), SOURCE);
      expect(emptied.items, f).toEqual([]);
      expect(emptied.format, f).toBe(original.format);
    }
  });

  it('every real feed whose items lost their titles and links still parses, each item stored or skipped with a reason', () => {
    let stored = 0;
    for (const f of usable) {
      const text = read(f).replace(
        /<((?:\w+:)?(?:item|entry))([\s>][\s\S]*?)<\/\1>/g,
        (_m, tag: string, inner: string) => `<${tag}${inner.replace(/<(title|link|guid|id)[\s>][\s\S]*?<\/\1>|<link[^>]*\/>/g, '')}</${tag}>`,
      );
      const feed = parseFeedDocument(Buffer.from(text, 'latin1'), SOURCE);
      const prepared = prepareItems(feed.items, { source: f, fetchedAt: new Date('2025-11-20T12:00:00Z') });
      stored += prepared.filter((p) => !('skip' in p)).length;
      for (const p of prepared) {
        if ('skip' in p) expect(p.skip).toMatch(/neither a title nor any text/);
        else expect(p.article.title.length, f).toBeGreaterThan(0);
      }
    }
    expect(stored).toBeGreaterThan(100);
  });
});

describe('polling an empty feed', () => {
  const env = useFeedServer('empty');
  it('adds it, polls it as healthy with 0 items, and reports the skipped items of a sparse one', async () => {
    const p = env.path('empty.xml');
    env.server.route(p, documentHandler('<?xml version="1.0"?>\n<rss version="2.01"></rss>'));
    const [added] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${p}`], by: 'test', channel: { platform: 'slack', id: 'C1' } });
    expect(added, JSON.stringify(added)).toMatchObject({ status: 'added' });
    const [report] = await env.h.service.pollFeeds('local');
    expect(report).toMatchObject({ result: 'stored', status: 'ok', added: 0, error: null });
    const feed = await env.h.feeds.getFeed('local', added!.feed!.id);
    expect(feed).toMatchObject({ status: 'ok', failures: 0 });

    const q = env.path('sparse.xml');
    env.server.route(q, documentHandler(SPARSE.authorOnly.replace('<channel><title>Desk</title>', '<channel><title>Desk</title><item><description>Aid convoys reached El Fasher on Monday, the United Nations said in a statement.</description></item>')));
    const [sparse] = await env.h.service.addFeeds({ workspace: 'local', urls: [`${env.server.origin}${q}`], by: 'test', channel: { platform: 'slack', id: 'C1' } });
    expect(sparse).toMatchObject({ status: 'added' });
    const reports = await env.h.service.pollFeeds('local');
    expect(reports.find((r) => r.id === sparse!.feed!.id)).toMatchObject({ result: 'stored', status: 'ok', skipped: 1 });
  });
});
