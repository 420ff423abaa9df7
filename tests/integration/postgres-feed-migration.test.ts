import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPgMigrations } from '../../src/store/postgres/pg-database.ts';
import { pgMigrations } from '../../src/store/postgres/pg-migrations.ts';
import { applyMigrations, sqliteMigrations } from '../../src/store/sqlite/migrations.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

// Feeds subscribed before hosts were stored get theirs from the migration, equal to what the store computes from a URL.
const URLS = ['https://A.Example.com/feed.xml', 'http://127.0.0.1:8080/f/1', 'https://user:pw@news.example.org:443/x?y=1', 'http://[::1]:3000/feed', 'https://b.example?x', 'https://c.example#frag'];
const HOSTS = URLS.map((u) => new URL(u).hostname.toLowerCase());
const ROW = `INSERT INTO feeds (workspace, url, interval_ms, added_by, added_at, next_poll_at) VALUES ('w', $1, 60000, 't', 0, 0)`;

describe('the feed-lease migration backfills hosts', () => {
  it('on SQLite', () => {
    const db = new Database(':memory:');
    const before = sqliteMigrations.filter((m) => m.id < 42);
    applyMigrations(db, before);
    const insert = db.prepare(ROW.replace('$1', '?'));
    for (const u of URLS) insert.run(u);
    expect(applyMigrations(db, sqliteMigrations)).toContain(42);
    expect(db.prepare('SELECT host FROM feeds ORDER BY id').pluck().all()).toEqual(HOSTS);
    db.close();
  });
});

const pgdb = useTestDatabase();
const pools: pg.Pool[] = [];
afterAll(async () => {
  for (const p of pools) await p.end();
});

describe.skipIf(!hasPostgres)(`the feed-lease migration backfills hosts on PostgreSQL${PG_SKIP_REASON}`, () => {
  it('on PostgreSQL', async () => {
    const pool = new pg.Pool({ connectionString: pgdb.url(), max: 2 });
    pools.push(pool);
    await applyPgMigrations(pool, pgMigrations.filter((m) => m.id < 7));
    for (const u of URLS) await pool.query(ROW, [u]);
    expect(await applyPgMigrations(pool, pgMigrations.filter((m) => m.id <= 7))).toEqual([7]);
    expect((await pool.query<{ host: string }>('SELECT host FROM feeds ORDER BY id')).rows.map((r) => r.host)).toEqual(HOSTS);
  });
});
