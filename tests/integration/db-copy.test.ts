import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freeTextQuery } from '../../src/core/text-query.ts';
import { minhashSignature } from '../../src/core/near-duplicate.ts';
import { copyDatabase } from '../../src/store/copy/db-copy.ts';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { openSqliteEngine } from '../../src/store/sqlite/open-sqlite-stores.ts';
import { corpusStore } from '../../src/store/stores.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

const pgdb = useTestDatabase();
const dir = mkdtempSync(join(tmpdir(), 'sitrep-db-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T = new Date('2025-11-11T10:00:00Z');

/** A SQLite database with a row in every table. */
async function seeded(file: string, articles: number): Promise<void> {
  const { stores } = openSqliteEngine(file);
  const store = corpusStore(stores);
  const body = (i: number) => `Report ${i}: the ceasefire in Kordofan held overnight, officials in Khartoum said, number ${i}.`;
  const added = await store.addArticles(
    'local',
    Array.from({ length: articles }, (_, i) => ({ url: `https://example.com/${i}`, title: `Kordofan ${i}`, source: 'Wire', publishedAt: new Date(T.getTime() + i * 60_000), language: 'en', body: body(i) })),
  );
  await store.saveStory('local', { name: 'kordofan', aliases: ['south kordofan'], createdBy: 'u', createdAt: T });
  await store.recordBrief('local', { subject: 'kordofan', kind: 'brief', windowFrom: T, windowTo: T, engine: 'extractive', createdAt: T, articleIds: [added[0]!.id] });
  const feeds = stores.feeds;
  const { feed } = await feeds.addFeed('local', { url: 'https://example.com/feed', title: 'F', siteUrl: null, intervalMs: 60_000, addedBy: 'u', addedAt: T, channel: null, nextPollAt: T });
  await feeds.storeItems(feed, [{ key: 'guid:1', revision: 'r1', article: { url: 'https://example.com/f1', title: 'Feed item', source: 'F', publishedAt: T, language: null, body: 'A feed item about Darfur.' } }], T, true);
  const digests = stores.digests;
  const sub = await digests.createSubscription({ workspace: 'local', channel: { platform: 'console', id: 'c' }, stories: ['kordofan'], schedule: 'daily', cron: '0 8 * * *', timeZone: 'UTC', createdBy: 'u', createdAt: T });
  await digests.claimRun(sub.id, T, { owner: 'o', now: T, leaseMs: 1000, trigger: 'schedule', retryFailed: false });
  await stores.slack.saveInstallation({ key: 'T:T1', teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false, data: '{}', updatedAt: T });
  await stores.slack.claimEvent('Ev1', 'T1', T);
  const llm = stores.llm;
  await llm.putCached({ key: 'k', workspace: 'local', prompt: 'p@1', model: 'm', output: '{}', createdAt: T });
  await llm.recordUsage({ workspace: 'local', at: T, prompt: 'p@1', model: 'm', promptTokens: 10, completionTokens: 5, costUsd: 0.01, outcome: 'ok' });
  const sig = minhashSignature(`${body(0)} ${body(0)} The talks resume next week in Juba with both delegations present.`)!;
  await stores.nearDuplicates.linkNearDuplicates('local', [{ articleId: added[0]!.id, signature: sig }, { articleId: added[1]!.id, signature: sig }], 0.5, T);
  await stores.threads.rememberThread('discord:1', { subject: 'kordofan', from: T, to: new Date(T.getTime() + 3_600_000) }, T);
  await stores.channels.setChannelLanguage('local', 'slack:C1', 'fr', 'u', T);
  await stores.close();
}

describe.skipIf(!hasPostgres)(`sitrep db copy between SQLite and PostgreSQL${PG_SKIP_REASON}`, () => {
  it('copies every table to PostgreSQL and back, with search working and new ids past the copied ones', async () => {
    const file = join(dir, 'a.db');
    await seeded(file, 1200);
    const schema = pgdb.freshSchema();
    const url = `${pgdb.url()}?schema=${schema}`;
    const first = await copyDatabase({ from: file, to: url });
    expect(first.every((t) => t.source === t.target)).toBe(true);
    expect(first.filter((t) => t.source === 0).map((t) => t.table)).toEqual([]);
    // The copy ends with the planner's statistics gathered for the articles.
    const c = new pg.Client({ connectionString: pgdb.url() });
    await c.connect();
    const stats = await c.query(`SELECT attname FROM pg_stats WHERE schemaname = $1 AND tablename = 'articles'`, [schema]);
    await c.end();
    expect(stats.rows.map((r: { attname: string }) => r.attname)).toContain('search_vector');
    const s = await openPostgresStores(url);
    expect((await s.articles.coverage('local', freeTextQuery('kordofan'))).count).toBe(1200);
    expect((await s.articles.coverage('local', freeTextQuery('darfur'))).count).toBe(1);
    const [next] = await s.articles.addArticles('local', [{ url: null, title: 'New', source: 'w', publishedAt: T, language: null, body: 'Entirely new text about Abyei.' }]);
    expect(next!.id).toBe(1202);
    expect((await s.stories.getStory('local', 'kordofan'))?.aliases).toEqual(['south kordofan']);
    expect(await s.slack.claimEvent('Ev1', 'T1', T)).toBe(false);
    expect((await s.threads.recallThread('discord:1'))?.subject).toBe('kordofan');
    await s.close();
    // And back into a new SQLite file.
    const back = join(dir, 'b.db');
    const second = await copyDatabase({ from: url, to: back });
    expect(second.find((t) => t.table === 'articles')).toMatchObject({ source: 1202, target: 1202 });
    const { stores } = openSqliteEngine(back);
    expect((await stores.articles.coverage('local', freeTextQuery('abyei'))).count).toBe(1);
    expect((await stores.articles.coverage('local', freeTextQuery('kordofan'))).count).toBe(1200);
    await stores.close();
  });

  it('resumes an interrupted copy and refuses to call a copy into a database with other data complete', async () => {
    const file = join(dir, 'c.db');
    await seeded(file, 1100);
    const schema = pgdb.freshSchema();
    const url = `${pgdb.url()}?schema=${schema}`;
    await copyDatabase({ from: file, to: url });
    // Lose the tail of the copy, as if it had stopped part way through the articles.
    const c = new pg.Client({ connectionString: pgdb.url() });
    await c.connect();
    await c.query(`DELETE FROM ${schema}.articles WHERE id > 700`);
    const again = await copyDatabase({ from: file, to: url });
    expect(again.find((t) => t.table === 'articles')).toMatchObject({ copied: 401, source: 1101, target: 1101 });
    // A target holding other articles: the counts disagree and the copy says so.
    await c.query(`INSERT INTO ${schema}.articles (workspace, title, source, published_at, ingested_at, body, content_hash, search_vector)
      VALUES ('other', 't', 's', 0, 0, 'b', 'h', ''::tsvector)`);
    await c.end();
    await expect(copyDatabase({ from: file, to: url })).rejects.toThrow(/articles 1102 instead of 1101/);
    await expect(copyDatabase({ from: join(dir, 'missing.db'), to: url })).rejects.toThrow(/no database at/);
  });
});
