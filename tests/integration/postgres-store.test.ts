import { describe } from 'vitest';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import type { Store } from '../../src/store/ports/corpus-store.ts';
import { storeContract } from '../contract/store-contract.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

const db = useTestDatabase();

describe.skipIf(!hasPostgres)(`PostgreSQL stores${PG_SKIP_REASON}`, () => {
  storeContract('PostgreSQL', async (): Promise<Store> => {
    const s = await openPostgresStores(db.url(), { schema: db.freshSchema() });
    return { ...s.articles, ...s.stories, ...s.briefs, close: () => s.close() };
  });
});
