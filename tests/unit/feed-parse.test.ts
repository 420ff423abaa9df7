import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FeedParseError } from '../../src/ingest/feeds/feed-document.ts';
import { parseFeedDocument } from '../../src/ingest/feeds/feed-parse.ts';
import { BILLION_LAUGHS } from '../fixtures/feeds.ts';

const src = { url: 'https://feeds.example.org/feed' };
const parse = (doc: string | Buffer, charset?: string) =>
  parseFeedDocument(Buffer.isBuffer(doc) ? doc : Buffer.from(doc), { ...src, ...(charset ? { charset } : {}) });

function failure(doc: string | Buffer): FeedParseError {
  try {
    parse(doc);
  } catch (err) {
    expect(err).toBeInstanceOf(FeedParseError);
    return err as FeedParseError;
  }
  throw new Error('expected a FeedParseError');
}

describe('feed formats', () => {
  it('reads JSON Feed 1.1: HTML content, dates, relative URLs against home_page_url', () => {
    const feed = parse(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'JSON Desk',
        home_page_url: 'https://json.example.com/',
        items: [
          { id: 'j1', url: '/2025/11/talks', title: 'Talks resume', content_html: '<p>Talks <b>resumed</b> &amp; continued.</p>', date_published: '2025-11-11T08:00:00+01:00', authors: [{ name: 'A. Writer' }] },
          { id: 'j2', external_url: 'https://other.example.com/x', content_text: 'Plain text only.', summary: 'Short.' },
        ],
      }),
    );
    expect(feed).toMatchObject({ format: 'json', title: 'JSON Desk', siteUrl: 'https://json.example.com/' });
    expect(feed.items[0]).toMatchObject({ guid: 'j1', url: 'https://json.example.com/2025/11/talks', title: 'Talks resume', content: 'Talks resumed & continued.', author: 'A. Writer' });
    expect(feed.items[0]!.publishedAt!.toISOString()).toBe('2025-11-11T07:00:00.000Z');
    expect(feed.items[1]).toMatchObject({ url: 'https://other.example.com/x', content: 'Plain text only.', summary: 'Short.', publishedAt: null });
  });

  it('refuses JSON that is not a JSON Feed, and malformed JSON with its line', () => {
    expect(failure('{"hello": "world"}').message).toMatch(/no JSON Feed version/);
    expect(failure('{\n"version": "https://jsonfeed.org/version/1.1",\n"items": [,]\n}').message).toMatch(/^Malformed JSON at line 3/);
  });

  it('reads RSS 0.91 with its DOCTYPE (never fetched) and Atom with entry xml:base and typed text', () => {
    const rss091 = parse(
      '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><link>http://old.example.com/</link><item><title>One</title><link>http://old.example.com/1</link><description>First.</description></item></channel></rss>',
    );
    expect(rss091.items).toHaveLength(1);
    const atom = parse(`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.com/blog/">
  <title type="text">Atom &amp; Co</title><id>urn:x</id><updated>2025-11-11T00:00:00Z</updated>
  <entry xml:base="2025/">
    <id>urn:e1</id><title type="html">&lt;b&gt;Bold&lt;/b&gt; move</title><updated>2025-11-10T10:00:00Z</updated>
    <link rel="alternate" type="text/html" href="post.html"/><link rel="edit" href="/edit/1"/>
    <summary type="text">x &lt; y is literal text</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>XHTML <em>body</em>.</p></div></content>
  </entry>
</feed>`);
    expect(atom.title).toBe('Atom & Co');
    expect(atom.items[0]).toMatchObject({
      url: 'https://atom.example.com/blog/2025/post.html',
      title: 'Bold move',
      summary: 'x < y is literal text',
      content: 'XHTML body.',
    });
    expect(atom.items[0]!.publishedAt!.toISOString()).toBe('2025-11-10T10:00:00.000Z');
  });

  it('decodes double-escaped HTML once more but leaves quoted markup in prose alone', () => {
    const feed = parse(
      '<rss version="2.0"><channel><title>T</title><item><title>A</title><description>&amp;lt;p&amp;gt;Hello &amp;amp; welcome&amp;lt;/p&amp;gt;</description></item><item><title>B</title><description>Use &amp;lt;b&amp;gt; for bold.</description></item></channel></rss>',
    );
    expect(feed.items.map((i) => i.summary)).toEqual(['Hello & welcome', 'Use <b> for bold.']);
  });

  it('reads UTF-16 with a byte-order mark and honours the HTTP charset over the declaration', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Ünïcode</title></channel></rss>', 'utf16le')]);
    expect(parse(utf16).title).toBe('Ünïcode');
    const koi = Buffer.from([...Buffer.from('<rss version="2.0"><channel><title>'), 0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, ...Buffer.from('</title></channel></rss>')]);
    expect(parse(koi, 'koi8-r').title).toBe('Привет');
  });
});

describe('hostile or broken documents', () => {
  it('refuses declared entities (billion laughs) without expanding them', () => {
    const err = failure(BILLION_LAUGHS);
    expect(err.code).toBe('feed.entities');
    expect(err.message).toMatch(/billion laughs/);
  });

  it('refuses an external entity that would read a local file', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>';
    expect(failure(xxe).code).toBe('feed.entities');
  });

  it('names the line of malformed XML', () => {
    expect(failure('<rss version="2.0">\n<channel>\n<title>x</title>\n<item><title>y</item>\n</channel></rss>').message).toMatch(/^Malformed XML at line 4/);
  });

  it('says what a non-feed is', () => {
    expect(failure('<!DOCTYPE html><html><body>hi</body></html>').message).toMatch(/it is an HTML page/);
    expect(failure('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>').message).toMatch(/root element is <svg>, not <rss>, <feed> or <rdf:RDF>/);
    expect(failure('just some words').message).toMatch(/neither XML nor JSON/);
    expect(failure(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])).code).toBe('feed.binary');
  });

  it('stops a gzip body that expands past the limit', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const err = failure(bomb);
    expect(err.code).toBe('feed.too_large');
    expect(err.message).toMatch(/expands past 20 MB/);
  });

  it('reads at most 500 items from one document', () => {
    const items = Array.from({ length: 700 }, (_, i) => `<item><title>t${i}</title><guid>g${i}</guid></item>`).join('');
    expect(parse(`<rss version="2.0"><channel><title>Many</title>${items}</channel></rss>`).items).toHaveLength(500);
  });
});
