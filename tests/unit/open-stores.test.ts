import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { UserError } from '../../src/core/errors.ts';
import { isPostgresTarget, openStores } from '../../src/store/open-stores.ts';

const options = { logger: silentLogger, clock: () => new Date('2026-01-01T00:00:00Z') };

describe('openStores', () => {
  it('reads postgres:// and postgresql:// as PostgreSQL and everything else as a SQLite file', () => {
    expect(isPostgresTarget('postgres://u@h/db')).toBe(true);
    expect(isPostgresTarget('postgresql://u@h/db')).toBe(true);
    expect(isPostgresTarget('POSTGRES://u@h/db')).toBe(true);
    expect(isPostgresTarget(':memory:')).toBe(false);
    expect(isPostgresTarget('./data/postgres://x.db')).toBe(false);
    expect(isPostgresTarget('data/sitrep.db')).toBe(false);
  });

  it('opens every port on a SQLite target and closes them together', async () => {
    const stores = await openStores(':memory:', options);
    await stores.stories.saveStory('w', { name: 'Syria', aliases: [], createdBy: 't', createdAt: new Date(0) });
    expect((await stores.stories.listStories('w')).map((s) => s.name)).toEqual(['Syria']);
    expect(await stores.articles.countArticles('w')).toBe(0);
    expect(await stores.feeds.listFeeds('w')).toEqual([]);
    await stores.close();
  });

  it('a PostgreSQL target either opens the PostgreSQL engine or fails with a clear UserError', async () => {
    const outcome = await openStores('postgres://127.0.0.1:1/none', options).then(
      async (s) => {
        await s.close();
        return 'opened';
      },
      (err: unknown) => err,
    );
    if (outcome !== 'opened') expect(outcome).toBeInstanceOf(UserError);
  });
});
