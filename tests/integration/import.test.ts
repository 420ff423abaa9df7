import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import type { NewArticle } from '../../src/core/article.ts';
import { createImporter } from '../../src/ingest/files/importer.ts';
import type { ArticleStore } from '../../src/store/ports/article-store.ts';
import { fixedClock, memoryApp } from '../helpers/app.ts';

const BODY = 'Delegations from both sides resumed ceasefire talks in Jeddah on Tuesday, mediators said.';

describe('import', () => {
  let dir: string;
  let app: App;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sitrep-import-'));
    app = memoryApp(fixedClock('2025-11-12T00:00:00Z').now);
  });
  afterEach(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rejects bad JSONL lines with their line numbers and stores the good ones', async () => {
    const lines = [
      JSON.stringify({ title: 'Talks', url: 'https://example.com/a', source: 'Wire', publishedAt: '2025-11-10T08:00:00Z', text: BODY }),
      '{not json',
      JSON.stringify({ title: 'No text' }),
      JSON.stringify({ text: 'Another report about the ceasefire talks that resumed in Jeddah on Tuesday.', time: 'yesterday-ish' }),
      '',
      JSON.stringify({ body: 'Aid convoys reached the city for the first time in months, the agency said.', time: '2025-11-09' }),
      JSON.stringify([1, 2]),
      JSON.stringify({ text: 'A report with a bad link that cannot be stored as a URL at all.', url: 'ftp://x' }),
    ];
    writeFileSync(join(dir, 'batch.jsonl'), lines.join('\n'));
    const report = await app.importer.importPaths('local', [join(dir, 'batch.jsonl')]);
    expect(report.added).toBe(2);
    expect(report.rejected.map((r) => r.where.split(':').pop())).toEqual(['2', '3', '4', '7', '8']);
    expect(report.rejected[0]!.reason).toMatch(/bad JSON on line 2/);
    expect(report.rejected[1]!.reason).toMatch(/no text/);
    expect(report.rejected[2]!.reason).toMatch(/unparseable date/);
    expect(report.rejected[3]!.reason).toMatch(/not a JSON object/);
    expect(report.rejected[4]!.reason).toMatch(/invalid url/);
    const articles = await app.store.getArticles('local', [1, 2]);
    expect(articles.map((a) => a.publishedAt.toISOString())).toEqual(['2025-11-10T08:00:00.000Z', '2025-11-09T00:00:00.000Z']);
    expect(articles[1]!.title).toBe('Aid convoys reached the city for the first time in months, the agency said.');
  });

  it('re-importing a folder adds nothing and reports duplicates; gzip, .ndjson, .md, .html and nested folders work', async () => {
    mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
    writeFileSync(
      join(dir, 'a.ndjson.gz'),
      gzipSync(JSON.stringify({ text: BODY, url: 'https://example.com/talks?utm_source=x', publishedAt: '2025-11-10' })),
    );
    writeFileSync(join(dir, 'nested', 'b.md'), '# Aid arrives\n\nAid trucks **reached** El Fasher on Monday, the agency said.\n');
    writeFileSync(
      join(dir, 'nested', 'deeper', 'c.html'),
      `<html lang="en"><head><title>Port reopens</title><meta property="article:published_time" content="2025-11-08T10:00:00Z">
       <link rel="canonical" href="https://news.example.org/port"></head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
       <article><h1>Port reopens</h1><p>The port of Odesa reopened on Saturday after a drone attack damaged a grain silo, officials said.</p>
       <p>Port operations resumed within hours, according to the port authority, and ships were loading grain again by the evening.</p>
       <p>No one was hurt in the attack, the regional governor said in a statement on social media.</p></article>
       <aside class="related"><a href="/x">Related: Markets fall sharply</a></aside><footer>Copyright 2025</footer></body></html>`,
    );
    writeFileSync(join(dir, 'notes.pdf'), 'not supported');
    const first = await app.importer.importPaths('local', [dir]);
    expect(first).toMatchObject({ files: 3, added: 3, duplicates: 0, rejected: [] });
    expect(first.skipped.map((s) => s.where)).toEqual([join(dir, 'notes.pdf')]);
    const second = await app.importer.importPaths('local', [dir]);
    expect(second).toMatchObject({ files: 3, added: 0, duplicates: 3 });
    expect(await app.store.countArticles('local')).toBe(3);
    const [a, b, c] = await app.store.getArticles('local', [1, 2, 3]);
    expect(a!.url).toBe('https://example.com/talks');
    expect(b!.title).toBe('Aid arrives');
    expect(b!.body).toBe('Aid trucks reached El Fasher on Monday, the agency said.');
    expect(c!.title).toBe('Port reopens');
    expect(c!.url).toBe('https://news.example.org/port');
    expect(c!.publishedAt.toISOString()).toBe('2025-11-08T10:00:00.000Z');
    expect(c!.body).toContain('Port operations resumed within hours');
    expect(c!.body).not.toMatch(/Home|Markets fall|Copyright/);
  });

  it('rejects HTML that is not an article, binary files and empty text with reasons, keeping what is stored', async () => {
    await app.importer.importArticles('local', [
      { url: null, title: 'kept', source: 's', publishedAt: new Date(), language: null, body: BODY },
    ]);
    writeFileSync(join(dir, 'index.html'), '<html><body><nav><a href="/a">A</a><a href="/b">B</a></nav><p>Welcome!</p></body></html>');
    writeFileSync(join(dir, 'blob.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    writeFileSync(join(dir, 'empty.txt'), '   \n\n ');
    const report = await app.importer.importPaths('local', [dir]);
    expect(report.added).toBe(0);
    const reasons = Object.fromEntries(report.rejected.map((r) => [r.where.split('/').pop(), r.reason]));
    expect(reasons['index.html']).toMatch(/no article text/);
    expect(reasons['blob.txt']).toMatch(/binary/);
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(await app.store.countArticles('local')).toBe(1);
  });

  it('names a missing path and an unsupported file given explicitly', async () => {
    await expect(app.importer.importPaths('local', [join(dir, 'nope')])).rejects.toThrow(/No such file or folder/);
    writeFileSync(join(dir, 'x.pdf'), 'x');
    await expect(app.importer.importPaths('local', [join(dir, 'x.pdf')])).rejects.toThrow(/Unsupported file type: x.pdf/);
  });

  it('keeps at most one batch in flight behind the one being written, in order, and stops at a failed write instead of blaming the file', async () => {
    writeFileSync(join(dir, 'a.jsonl'), Array.from({ length: 5000 }, (_, i) => JSON.stringify({ text: `${BODY} Report ${i}.`, time: '2025-11-10' })).join('\n'));
    writeFileSync(join(dir, 'b.jsonl'), Array.from({ length: 1500 }, (_, i) => JSON.stringify({ text: `${BODY} Later ${i}.`, time: '2025-11-11' })).join('\n'));
    const sizes: number[] = [];
    const stored: number[] = [];
    let writing = 0;
    let most = 0;
    let failAt = Infinity;
    // The real store, each write made slow.
    const slow = {
      addArticles: async (ws: string, articles: readonly NewArticle[], at?: Date) => {
        writing++;
        most = Math.max(most, writing);
        const call = sizes.push(articles.length);
        try {
          await new Promise((r) => setTimeout(r, 30));
          if (call === failAt) throw new Error('database went away');
          stored.push(call);
          return await app.store.addArticles(ws, articles, at);
        } finally {
          writing--;
        }
      },
      searchable: () => app.store.searchable(),
    } as unknown as ArticleStore;
    const importer = createImporter({ store: slow, clock: () => new Date('2025-11-12T00:00:00Z') });
    const report = await importer.importPaths('local', [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')]);
    expect(report.added).toBe(6500);
    expect(sizes).toEqual([2000, 2000, 2000, 500]);
    expect(stored).toEqual([1, 2, 3, 4]);
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(2);
    expect(await app.store.countArticles('local')).toBe(6500);
    // Stored in file order: ids rise with the line number.
    const hits = await app.store.recentArticles('local', { from: new Date('2025-11-10'), to: new Date('2025-11-11'), limit: 6000 });
    const rows = await app.store.getArticles('local', hits.map((h) => h.id));
    const lines = rows.map((r) => Number(/Report (\d+)\./.exec(r.body)![1]));
    expect(lines).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    // A write that fails is the store's failure, not a file that cannot be read: the import stops with it, once the
    // batch already handed in behind it has been written (a second run skips what is stored as duplicates).
    sizes.length = 0;
    failAt = 2;
    writeFileSync(join(dir, 'c.jsonl'), Array.from({ length: 4500 }, (_, i) => JSON.stringify({ text: `${BODY} Third ${i}.`, time: '2025-11-11' })).join('\n'));
    await expect(importer.importPaths('local', [join(dir, 'c.jsonl')])).rejects.toThrow(/database went away/);
    expect(sizes).toEqual([2000, 2000, 500]);
    expect(await app.store.countArticles('local')).toBe(9000);
    failAt = Infinity;
    const again = await importer.importPaths('local', [join(dir, 'c.jsonl')]);
    expect([again.added, again.duplicates]).toEqual([2000, 2500]);
    expect(await app.store.countArticles('local')).toBe(11000);
  });

  it('reports a truncated gzip file instead of hanging or crashing', async () => {
    const gz = gzipSync(Array.from({ length: 200 }, (_, i) => JSON.stringify({ text: `${BODY} Number ${i}.` })).join('\n'));
    writeFileSync(join(dir, 'cut.jsonl.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    const report = await app.importer.importPaths('local', [join(dir, 'cut.jsonl.gz')]);
    expect(report.rejected.some((r) => /cannot read/.test(r.reason))).toBe(true);
  });
});
