import type { AddOutcome, Article, NewArticle } from '../core/article.ts';
import { storyKey, type Story, type StoryWithStats } from '../core/story.ts';
import { storyQuery, type TextQuery } from '../core/text-query.ts';
import { storeContentHash } from './content-hash.ts';
import { compileFtsQuery } from './fts-query.ts';
import { addedAliases, initialAliases, toArticle, toStory, type ArticleRow, type StoryRow } from './row-mapping.ts';
import { searchIndexOf } from './search-index.ts';
import { QUEUE_CHUNK } from './search-index-apply.js';
import { createSearchPlanner, MATCH_CAP } from './search-planner.ts';
import { createTimeFirstSearch } from './time-first-search.ts';
import type { SqliteDatabase } from './sqlite-database.ts';
import type { ArticleHit, Coverage, SearchOptions, TimeRange } from './ports/article-store.ts';
import type { BriefRecord } from './ports/brief-history-store.ts';
import type { Store } from './ports/corpus-store.ts';
import type { StoryInput } from './ports/story-store.ts';

const MIN_TIME = -8.64e15;
/** Relevance ranking scores at most about this many matches (see relevancePlan). */
const RELEVANCE_CAP = 2_000;
const MAX_TIME = 8.64e15;

function bounds(range: TimeRange | undefined): [number, number] {
  return [range?.from?.getTime() ?? MIN_TIME, range?.to?.getTime() ?? MAX_TIME];
}

/** The SQLite implementation of {@link Store} over an open database (see openSqliteDatabase). */
export function createSqliteStore(db: SqliteDatabase): Store {
  const byUrl = db.prepare('SELECT id FROM articles WHERE workspace = ? AND url = ?').pluck();
  const byHash = db.prepare('SELECT id FROM articles WHERE workspace = ? AND content_hash = ?').pluck();
  const insert = db.prepare(`INSERT INTO articles
    (workspace, url, title, source, published_at, ingested_at, language, body, content_hash)
    VALUES (@workspace, @url, @title, @source, @publishedAt, @ingestedAt, @language, @body, @hash)`);

  const deferIndexing = db.prepare('UPDATE fts_control SET deferred = ? WHERE id = 1');
  // Rows inserted inside one write transaction get consecutive ids, so [first, last] is exactly this batch.
  const queueRange = db.prepare("INSERT INTO search_queue (op, first_id, last_id) VALUES ('add', ?, ?)");
  const index = searchIndexOf(db);

  const addMany = db.transaction((workspace: string, articles: readonly NewArticle[], ingestedAt: number) => {
    const out: AddOutcome[] = [];
    // Queue the batch's index work as one entry per QUEUE_CHUNK ids rather than one per row (the insert trigger).
    deferIndexing.run(1);
    let first = 0;
    let last = 0;
    for (const a of articles) {
      const hash = storeContentHash(a.body);
      const urlDup = a.url ? (byUrl.get(workspace, a.url) as number | undefined) : undefined;
      if (urlDup !== undefined) {
        out.push({ status: 'duplicate', id: urlDup, reason: 'url' });
        continue;
      }
      const hashDup = byHash.get(workspace, hash) as number | undefined;
      if (hashDup !== undefined) {
        out.push({ status: 'duplicate', id: hashDup, reason: 'content' });
        continue;
      }
      const info = insert.run({
        workspace,
        url: a.url,
        title: a.title,
        source: a.source,
        publishedAt: a.publishedAt.getTime(),
        ingestedAt,
        language: a.language,
        body: a.body,
        hash,
      });
      const id = Number(info.lastInsertRowid);
      if (first === 0) first = id;
      last = id;
      out.push({ status: 'added', id });
    }
    for (let lo = first; first !== 0 && lo <= last; lo += QUEUE_CHUNK) queueRange.run(lo, Math.min(last, lo + QUEUE_CHUNK - 1));
    deferIndexing.run(0);
    return out;
  });

  // Two plans per search (see search-planner.ts): index first (here; CROSS JOIN fixes the join order SQLite would
  // otherwise guess) and time first (time-first-search.ts).
  const newestIndexFirst = db.prepare(`SELECT a.id, a.published_at AS publishedAt, 0 AS score
    FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH ? AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?
    ORDER BY a.published_at DESC, a.id DESC LIMIT ?`);
  // bm25 is "lower is better"; negate so higher is better for callers. Title matches weigh more than body ones. Only
  // index matches with an id above the bound are ranked (see searchArticles).
  const searchRelevance = db.prepare(`SELECT a.id, a.published_at AS publishedAt, -bm25(articles_fts, 4.0, 1.0) AS score
    FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH ? AND articles_fts.rowid > CAST(? AS INTEGER) AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?
    ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?`);
  const coverageIndexFirst = db.prepare(`SELECT count(*) AS count, min(a.published_at) AS oldest, max(a.published_at) AS newest
    FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
    WHERE articles_fts MATCH ? AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?`);
  const timeFirst = createTimeFirstSearch(db);
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM articles').pluck();
  // The id of the n-th most recently stored match of a workspace's window (the index hands matches out by id).
  const nthNewestMatch = db
    .prepare(`SELECT a.id FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
      WHERE articles_fts MATCH ? AND a.workspace = ? AND a.published_at >= ? AND a.published_at < ?
      ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET ?`)
    .pluck();
  const planner = createSearchPlanner(db);
  const recent = db.prepare(`SELECT id, published_at AS publishedAt, 0 AS score FROM articles
    WHERE workspace = ? AND published_at >= ? AND published_at < ? ORDER BY published_at DESC, id DESC LIMIT ?`);
  const countAll = db.prepare('SELECT count(*) FROM articles WHERE workspace = ?').pluck();

  const storyByKey = db.prepare('SELECT * FROM stories WHERE workspace = ? AND name_key = ?');
  const insertStory = db.prepare(`INSERT INTO stories (workspace, name, name_key, aliases, created_by, created_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  const updateAliases = db.prepare('UPDATE stories SET aliases = ? WHERE id = ?');
  const listStoriesStmt = db.prepare('SELECT * FROM stories WHERE workspace = ? ORDER BY name_key');
  const deleteStory = db.prepare('DELETE FROM stories WHERE workspace = ? AND name_key = ?');

  const insertBrief = db.prepare(`INSERT INTO briefs
    (workspace, subject_key, subject, kind, window_from, window_to, engine, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  // Only link articles of the same workspace: a brief record can never point across workspaces.
  const insertBriefArticle = db.prepare(`INSERT OR IGNORE INTO brief_articles (brief_id, article_id)
    SELECT ?, id FROM articles WHERE id = ? AND workspace = ?`);
  const lastBriefStmt = db.prepare(`SELECT * FROM briefs WHERE workspace = ? AND subject_key = ? AND kind = ?
    ORDER BY created_at DESC, id DESC LIMIT 1`);
  const briefArticles = db.prepare('SELECT article_id FROM brief_articles WHERE brief_id = ? ORDER BY article_id').pluck();

  function toHits(rows: unknown[]): ArticleHit[] {
    return (rows as { id: number; publishedAt: number; score: number }[]).map((r) => ({
      id: r.id,
      publishedAt: new Date(r.publishedAt),
      score: r.score,
    }));
  }

  /**
   * Bounds relevance ranking, which scores every match (bm25 costs tens of microseconds per article). On a store of more
   * than 5 × MATCH_CAP articles, alternatives with MATCH_CAP matches or more (common words, which bm25 gives almost no
   * weight) are dropped while rarer ones remain; and only the RELEVANCE_CAP most recently stored matches are ranked.
   */
  function relevancePlan(query: TextQuery, workspace: string, from: number, to: number): { match: string | null; idAbove: number } {
    const n = Math.max(1, maxId.get() as number);
    const sized = query.anyOf.flatMap((g) => {
      const m = compileFtsQuery({ anyOf: [g] });
      return m ? [{ g, est: planner.matches(m) }] : [];
    });
    const rare = sized.filter((x) => x.est < MATCH_CAP || n < 5 * MATCH_CAP);
    const match = compileFtsQuery({ anyOf: (rare.length > 0 ? rare : sized).map((x) => x.g) });
    if (!match) return { match: null, idAbove: 0 };
    const bound = (nthNewestMatch.get(match, workspace, from, to, RELEVANCE_CAP - 1) as number | undefined) ?? 1;
    return { match, idAbove: bound - 1 };
  }

  function coverageOf(workspace: string, query: TextQuery, range?: TimeRange): Coverage {
    const match = compileFtsQuery(query);
    if (!match) return { count: 0, oldestAt: null, newestAt: null };
    const [from, to] = bounds(range);
    if (planner.count(match, workspace, from, to) === 'time-first') {
      let count = 0;
      let newest: number | null = null;
      let oldest: number | null = null;
      for (const row of timeFirst(match, workspace, from, to)) {
        count++;
        newest ??= row.publishedAt;
        oldest = row.publishedAt;
      }
      return { count, oldestAt: oldest === null ? null : new Date(oldest), newestAt: newest === null ? null : new Date(newest) };
    }
    const r = coverageIndexFirst.get(match, workspace, from, to) as { count: number; oldest: number | null; newest: number | null };
    return {
      count: r.count,
      oldestAt: r.oldest === null ? null : new Date(r.oldest),
      newestAt: r.newest === null ? null : new Date(r.newest),
    };
  }

  return {
    async addArticles(workspace, articles, ingestedAt = new Date()) {
      const out = addMany(workspace, articles, ingestedAt.getTime());
      await index.afterWrite();
      return out;
    },

    searchable: () => index.ready(),

    async getArticles(workspace, ids) {
      const out: Article[] = [];
      const unique = [...new Set(ids)];
      // Chunk to stay far below SQLite's bound-parameter limit.
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500);
        const rows = db
          // "+workspace": without it SQLite may scan the workspace's whole index instead of looking ids up.
          .prepare(`SELECT * FROM articles WHERE +workspace = ? AND id IN (${chunk.map(() => '?').join(',')})`)
          .all(workspace, ...chunk) as ArticleRow[];
        out.push(...rows.map(toArticle));
      }
      return out.sort((a, b) => a.id - b.id);
    },

    async searchArticles(workspace, query, options: SearchOptions) {
      if (options.limit <= 0) return [];
      await index.ready();
      const [from, to] = bounds(options);
      const limit = Math.floor(options.limit);
      if (options.order === 'relevance') {
        const { match, idAbove } = relevancePlan(query, workspace, from, to);
        return match ? toHits(searchRelevance.all(match, idAbove, workspace, from, to, limit)) : [];
      }
      const match = compileFtsQuery(query);
      if (!match) return [];
      if (planner.newest(match, workspace, from, to, limit) === 'index-first') {
        return toHits(newestIndexFirst.all(match, workspace, from, to, limit));
      }
      const hits: ArticleHit[] = [];
      for (const row of timeFirst(match, workspace, from, to)) {
        hits.push({ id: row.id, publishedAt: new Date(row.publishedAt), score: 0 });
        if (hits.length >= limit) break;
      }
      return hits;
    },

    async coverage(workspace, query, range) {
      await index.ready();
      return coverageOf(workspace, query, range);
    },

    async recentArticles(workspace, options) {
      const [from, to] = bounds(options);
      return toHits(recent.all(workspace, from, to, Math.floor(options.limit)));
    },

    async countArticles(workspace) {
      return countAll.get(workspace) as number;
    },

    async saveStory(workspace, input: StoryInput) {
      const key = storyKey(input.name);
      return db.transaction(() => {
        const existing = storyByKey.get(workspace, key) as StoryRow | undefined;
        if (existing) {
          const story = toStory(existing);
          const merged = addedAliases(story, input.aliases);
          if (merged) {
            story.aliases = merged;
            updateAliases.run(JSON.stringify(story.aliases), story.id);
          }
          return { story, created: false };
        }
        const aliases = initialAliases(key, input.aliases);
        const info = insertStory.run(
          workspace,
          input.name,
          key,
          JSON.stringify(aliases),
          input.createdBy,
          input.createdAt.getTime(),
        );
        const story: Story = {
          id: Number(info.lastInsertRowid),
          workspace,
          name: input.name,
          aliases,
          createdBy: input.createdBy,
          createdAt: input.createdAt,
        };
        return { story, created: true };
      })();
    },

    async getStory(workspace, name) {
      const row = storyByKey.get(workspace, storyKey(name)) as StoryRow | undefined;
      return row ? toStory(row) : null;
    },

    async listStories(workspace) {
      return (listStoriesStmt.all(workspace) as StoryRow[]).map(toStory);
    },

    async listStoriesWithStats(workspace) {
      const stories = (listStoriesStmt.all(workspace) as StoryRow[]).map(toStory);
      if (stories.length > 0) await index.ready();
      return stories.map((s): StoryWithStats => {
        const c = coverageOf(workspace, storyQuery(s));
        return { ...s, articleCount: c.count, newestAt: c.newestAt };
      });
    },

    async removeStory(workspace, name) {
      return deleteStory.run(workspace, storyKey(name)).changes > 0;
    },

    async recordBrief(workspace, record) {
      return db.transaction(() => {
        const info = insertBrief.run(
          workspace,
          storyKey(record.subject),
          record.subject,
          record.kind,
          record.windowFrom.getTime(),
          record.windowTo.getTime(),
          record.engine,
          record.createdAt.getTime(),
        );
        const id = Number(info.lastInsertRowid);
        for (const a of new Set(record.articleIds)) insertBriefArticle.run(id, a, workspace);
        return id;
      })();
    },

    async lastBrief(workspace, subject, kind) {
      const r = lastBriefStmt.get(workspace, storyKey(subject), kind) as
        | {
            id: number;
            subject: string;
            kind: string;
            window_from: number;
            window_to: number;
            engine: string;
            created_at: number;
          }
        | undefined;
      if (!r) return null;
      const record: BriefRecord = {
        id: r.id,
        subject: r.subject,
        kind: r.kind,
        windowFrom: new Date(r.window_from),
        windowTo: new Date(r.window_to),
        engine: r.engine,
        createdAt: new Date(r.created_at),
        articleIds: briefArticles.all(r.id) as number[],
      };
      return record;
    },

    async close() {
      try {
        if (db.open) await index.close();
      } finally {
        if (db.open) db.close();
      }
    },
  };
}
