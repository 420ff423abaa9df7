import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock, memoryApp } from '../helpers/app.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { tokenArtefacts } from '../helpers/token-artefacts.ts';

describe.skipIf(!hasSharedData)(`Timeline17 imports read as prose${SKIP_REASON}`, () => {
  it('leaves no tokeniser marks in the bodies of all 12 folders, and few unbalanced quotes (most are the sources\')', async () => {
    const app = memoryApp(fixedClock('2012-01-01T00:00:00Z').now);
    const report = await app.importer.importPaths('local', [shared('timeline17')]);
    expect(report.added).toBeGreaterThan(3000);
    const hits = await app.store.recentArticles('local', { limit: 10_000 });
    const articles = await app.store.getArticles('local', hits.map((h) => h.id));
    const counts = new Map<string, number>();
    let affected = 0;
    for (const a of articles) {
      const found = tokenArtefacts(`${a.title}\n${a.body}`);
      if (found.length > 0) affected++;
      for (const f of found) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    // Before the token-by-token detokeniser: 1,118 of 3,092 bodies (backticks 718, lone quotes 583, quotes on the
    // wrong word 496).
    expect(Object.fromEntries(counts)).toEqual({ 'misattached quote': counts.get('misattached quote') });
    expect(affected / articles.length).toBeLessThan(0.13);
    await app.close();
  }, 300_000);

  it('detokenises a Timeline17 file whatever it is called', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-t17-'));
    try {
      copyFileSync(shared('timeline17', 'LibyaWar_cnn', 'articles.jsonl.gz'), join(dir, 'libya-2011.jsonl.gz'));
      const app = memoryApp(fixedClock('2012-01-01T00:00:00Z').now);
      const report = await app.importer.importPaths('local', [dir]);
      expect(report.added).toBeGreaterThan(350);
      const hits = await app.store.recentArticles('local', { limit: 1000 });
      const articles = await app.store.getArticles('local', hits.map((h) => h.id));
      const marked = articles.filter((a) => /-LRB-|``|`| 's |\p{L} ,/u.test(`${a.title}\n${a.body}`));
      expect(marked.map((a) => a.title)).toEqual([]);
      await app.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
