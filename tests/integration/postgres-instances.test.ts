import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { TextQuery } from '../../src/core/text-query.ts';
import { freeTextQuery, storyQuery } from '../../src/core/text-query.ts';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import type { Stores } from '../../src/store/stores.ts';
import { pgMigrations } from '../../src/store/postgres/pg-migrations.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

const db = useTestDatabase();
const SLOT = new Date('2025-11-24T07:00:00Z');
const T0 = new Date('2025-11-24T07:00:05Z');
let open: Stores[] = [];

/** `n` instances on one schema: separate pools, as separate processes would have. */
async function instances(n: number): Promise<Stores[]> {
  const schema = db.freshSchema();
  const list = await Promise.all(Array.from({ length: n }, () => openPostgresStores(db.url(), { schema, poolSize: 2 })));
  open.push(...list);
  return list;
}

afterEach(async () => {
  await Promise.all(open.map((s) => s.close()));
  open = [];
});

describe.skipIf(!hasPostgres)(`PostgreSQL: several instances on one database${PG_SKIP_REASON}`, () => {
  it('migrates once when instances start together', async () => {
    const schema = db.freshSchema();
    const [a] = await Promise.all([0, 1, 2].map(() => openPostgresStores(db.url(), { schema, poolSize: 1 }))).then((l) => {
      open.push(...l);
      return l;
    });
    expect(a).toBeDefined();
    const c = new pg.Client({ connectionString: db.url() });
    await c.connect();
    const ids = (await c.query<{ id: number }>(`SELECT id FROM ${schema}.schema_migrations ORDER BY id`)).rows.map((r) => r.id);
    await c.end();
    expect(ids).toEqual(pgMigrations.map((m) => m.id));
  });

  it('lets exactly one of five instances claim a digest slot, and another take over an expired claim', async () => {
    const list = await instances(5);
    const sub = await list[0]!.digests.createSubscription({
      workspace: 'local',
      channel: { platform: 'console', id: 'ops' },
      stories: ['syria'],
      schedule: 'daily 08:00',
      cron: '0 8 * * *',
      timeZone: 'UTC',
      createdBy: 'test',
      createdAt: T0,
    });
    const opts = (owner: string, now = T0) => ({ owner, now, leaseMs: 60_000, trigger: 'schedule' as const, retryFailed: false });
    const results = await Promise.all(list.map((s, i) => s.digests.claimRun(sub.id, SLOT, opts(`i${i}`))));
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results.filter((r) => !r.claimed && r.reason === 'taken')).toHaveLength(4);
    const winner = `i${results.findIndex((r) => r.claimed)}`;
    // Before the lease runs out nobody else may take it; after, one instance does (the first never began posting).
    expect((await list[1]!.digests.claimRun(sub.id, SLOT, opts('late', new Date(T0.getTime() + 30_000)))).claimed).toBe(false);
    const later = new Date(T0.getTime() + 61_000);
    const takeover = await Promise.all(list.map((s, i) => s.digests.claimRun(sub.id, SLOT, opts(`t${i}`, later))));
    expect(takeover.filter((r) => r.claimed)).toEqual([{ claimed: true, attempt: 2 }]);
    // The first owner lost its claim: it may not start posting.
    expect(await list[0]!.digests.markPosting(sub.id, SLOT, winner, later)).toBe(false);
  });

  it('shares the Slack event ledger and installations', async () => {
    const [a, b] = await instances(2);
    const claims = await Promise.all([a!, b!, a!, b!].map((s) => s.slack.claimEvent('Ev1', 'T1', T0)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    await a!.slack.saveInstallation({ key: 'T:T1', teamId: 'T1', enterpriseId: null, isEnterpriseInstall: false, data: '{"x":1}', updatedAt: T0 });
    expect(await b!.slack.findInstallation('T:T1')).toMatchObject({ teamId: 'T1', data: '{"x":1}' });
    expect(await b!.slack.deleteInstallation('T:T1')).toBe(true);
    expect(await a!.slack.findInstallation('T:T1')).toBeNull();
  });

  it('stores an article once when two instances import it at the same time', async () => {
    const [a, b] = await instances(2);
    const art = { url: 'https://example.com/x', title: 'Syria talks', source: 'w', publishedAt: T0, language: 'en', body: 'Talks on Syria resumed in Geneva.' };
    const out = await Promise.all([a!.articles.addArticles('local', [art]), b!.articles.addArticles('local', [art])]);
    expect(out.flat().map((o) => o.status).sort()).toEqual(['added', 'duplicate']);
    expect(await a!.articles.countArticles('local')).toBe(1);
  });
});

describe.skipIf(!hasPostgres)(`PostgreSQL full-text search is safe and SQLite-like${PG_SKIP_REASON}`, () => {
  it('treats tsquery syntax inside query words as plain text', async () => {
    const [s] = await instances(1);
    await s!.articles.addArticles('local', [
      { url: null, title: 'Syria', source: 'w', publishedAt: T0, language: 'en', body: "Syria's army: 10,000 troops near al-Bab (Aleppo) — e-mail x@y.com" },
    ]);
    const hostile: string[] = ["syria' | '*", 'syria:*', '!syria', 'syria & (', 'NEAR(syria', '"syria"', '\\', "'", '&|!:*()', '<->'];
    for (const w of hostile) {
      const q: TextQuery = { anyOf: [{ allOf: [{ words: [w], lastWordVariants: [] }] }] };
      await expect(s!.articles.searchArticles('local', q, { limit: 5, order: 'newest' })).resolves.toBeDefined();
      await expect(s!.articles.coverage('local', q)).resolves.toBeDefined();
    }
    // Hostile text reaches the query only as the words it contains.
    expect(await s!.articles.coverage('local', freeTextQuery('syria OR *'))).toMatchObject({ count: 1 });
    expect(await s!.articles.coverage('local', freeTextQuery('syria OR geneva'))).toMatchObject({ count: 0 });
    expect(await s!.articles.coverage('local', freeTextQuery('syria NEAR( army'))).toMatchObject({ count: 1 });
    expect(await s!.articles.coverage('local', freeTextQuery('syria NEAR( geneva'))).toMatchObject({ count: 0 });
    expect(await s!.articles.coverage('local', freeTextQuery('"syria" army'))).toMatchObject({ count: 1 });
    // Tokenised like SQLite's unicode61: hyphens, apostrophes and e-mail addresses split into words.
    expect(await s!.articles.coverage('local', storyQuery({ name: 'al bab', aliases: [] }))).toMatchObject({ count: 1 });
    expect(await s!.articles.coverage('local', storyQuery({ name: 'y com', aliases: [] }))).toMatchObject({ count: 1 });
    expect(await s!.articles.coverage('local', storyQuery({ name: 'troop', aliases: [] }))).toMatchObject({ count: 1 });
  });
});
