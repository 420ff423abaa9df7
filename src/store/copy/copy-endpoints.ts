import { openPgPool } from '../postgres/pg-database.ts';
import { noteLanguages } from '../postgres/pg-article-rows.ts';
import { tsvectorLiteral } from '../postgres/pg-search-text.ts';
import { openSqliteEngine } from '../sqlite/open-sqlite-stores.ts';
import { COPY_TABLES, type CopyEndpoint, type CopyRow, type CopyTable } from './copy-tables.ts';

const keyList = (t: CopyTable): string => t.key.join(', ');

/** A SQLite file as either side of a copy. */
export function sqliteEndpoint(file: string): CopyEndpoint {
  const { db, index } = openSqliteEngine(file);
  return {
    label: file,
    async columns(t) {
      return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t.name) as string[]);
    },
    async read(t, columns, after, limit) {
      const where = after ? `WHERE (${keyList(t)}) > (${after.map(() => '?').join(', ')})` : '';
      return db.prepare(`SELECT ${columns.join(', ')} FROM ${t.name} ${where} ORDER BY ${keyList(t)} LIMIT ?`).all(...(after ?? []), limit) as CopyRow[];
    },
    async lastKey(t) {
      const row = db.prepare(`SELECT ${keyList(t)} FROM ${t.name} ORDER BY ${t.key.map((k) => `${k} DESC`).join(', ')} LIMIT 1`).get() as
        | CopyRow
        | undefined;
      return row ? t.key.map((k) => row[k]) : null;
    },
    async write(t, columns, rows) {
      // The article insert trigger queues each copied article for the search index, built in finish().
      const insert = db.prepare(`INSERT INTO ${t.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`);
      db.transaction(() => {
        for (const r of rows) insert.run(...columns.map((c) => r[c] ?? null));
      })();
    },
    async count(t) {
      return db.prepare(`SELECT count(*) FROM ${t.name}`).pluck().get() as number;
    },
    async finish() {
      await index.ready();
    },
    async close() {
      try {
        await index.close();
      } finally {
        db.close();
      }
    },
  };
}

/** A PostgreSQL database as either side of a copy (migrated first, like any open). */
export async function postgresEndpoint(url: string, label: string): Promise<CopyEndpoint> {
  const pool = await openPgPool(url, { max: 2 });
  return {
    label,
    async columns(t) {
      const r = await pool.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
           AND column_name <> 'search_vector' ORDER BY ordinal_position`,
        [t.name],
      );
      return r.rows.map((x) => x.column_name);
    },
    async read(t, columns, after, limit) {
      const where = after ? `WHERE (${keyList(t)}) > (${after.map((_, i) => `$${i + 1}`).join(', ')})` : '';
      const params = [...(after ?? []), limit];
      return (await pool.query<CopyRow>(`SELECT ${columns.join(', ')} FROM ${t.name} ${where} ORDER BY ${keyList(t)} LIMIT $${params.length}`, params)).rows;
    },
    async lastKey(t) {
      const r = await pool.query<CopyRow>(`SELECT ${keyList(t)} FROM ${t.name} ORDER BY ${t.key.map((k) => `${k} DESC`).join(', ')} LIMIT 1`);
      const row = r.rows[0];
      return row ? t.key.map((k) => row[k]) : null;
    },
    async write(t, columns, rows) {
      if (rows.length === 0) return;
      const isArticles = t.name === 'articles';
      const all = isArticles ? [...columns, 'search_vector'] : [...columns];
      const params: unknown[] = [];
      const tuples = rows.map((r) => {
        const values = columns.map((c) => r[c] ?? null);
        if (isArticles) values.push(tsvectorLiteral(String(r['title'] ?? ''), String(r['body'] ?? ''), (r['language'] as string | null) ?? null));
        const start = params.length;
        params.push(...values);
        return `(${values.map((_, i) => `$${start + i + 1}`).join(', ')})`;
      });
      await pool.query(`INSERT INTO ${t.name} (${all.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING`, params);
      if (isArticles) {
        // The copied articles' stemming languages, so that the target's queries match their stems as well.
        const byWorkspace = new Map<string, (string | null)[]>();
        for (const r of rows) {
          const workspace = String(r['workspace']);
          let langs = byWorkspace.get(workspace);
          if (!langs) byWorkspace.set(workspace, (langs = []));
          langs.push((r['language'] as string | null) ?? null);
        }
        for (const [workspace, langs] of byWorkspace) await noteLanguages(pool, workspace, langs);
      }
    },
    async count(t) {
      return (await pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${t.name}`)).rows[0]!.n;
    },
    async finish() {
      // Copied rows carry their ids: move each identity counter past them, so new rows never collide.
      const r = await pool.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'`,
      );
      for (const { table_name: name } of r.rows) {
        await pool.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${name}), false)`, [name]);
      }
      // The planner's statistics of the copied tables, so the first brief on the copy is planned from real word counts.
      for (const t of COPY_TABLES) await pool.query(`ANALYZE ${t.name}`);
    },
    close: () => pool.end(),
  };
}
