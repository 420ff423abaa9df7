import { describe } from 'vitest';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { articleStoreContract } from '../contract/article-store-contract.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

const db = useTestDatabase();

describe.skipIf(!hasPostgres)(`PostgreSQL stores${PG_SKIP_REASON}`, () => {
  articleStoreContract('PostgreSQL', async () => {
    const stores = await openPostgresStores(db.url(), { schema: db.freshSchema() });
    return { stores, cleanup: () => stores.close() };
  });
});
