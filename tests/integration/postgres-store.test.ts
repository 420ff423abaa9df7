import { channelSettingsContract } from '../contract/channel-settings-contract.ts';
import { threadStoreContract } from '../contract/thread-store-contract.ts';
import { describe } from 'vitest';
import { openPostgresStores } from '../../src/store/postgres/open-postgres-stores.ts';
import { articleStoreContract } from '../contract/article-store-contract.ts';
import { briefHistoryStoreContract } from '../contract/brief-history-store-contract.ts';
import { digestStoreContract } from '../contract/digest-store-contract.ts';
import { feedStoreContract } from '../contract/feed-store-contract.ts';
import { leaderLockContract } from '../contract/leader-lock-contract.ts';
import { llmStoreContract } from '../contract/llm-store-contract.ts';
import { nearDuplicateStoreContract } from '../contract/near-duplicate-store-contract.ts';
import { slackStoreContract } from '../contract/slack-store-contract.ts';
import { storyStoreContract } from '../contract/story-store-contract.ts';
import type { StoresFactory } from '../contract/stores-factory.ts';
import { hasPostgres, PG_SKIP_REASON, useTestDatabase } from '../helpers/postgres.ts';

const db = useTestDatabase();

/** A fresh schema per test; `connectAgain` opens a second pool on it, as a second instance would. */
const postgres: StoresFactory = async () => {
  const schema = db.freshSchema();
  const open = [await openPostgresStores(db.url(), { schema })];
  return {
    stores: open[0]!,
    async connectAgain() {
      const again = await openPostgresStores(db.url(), { schema });
      open.push(again);
      return again;
    },
    async cleanup() {
      for (const s of open.reverse()) await s.close();
    },
  };
};

describe.skipIf(!hasPostgres)(`PostgreSQL stores${PG_SKIP_REASON}`, () => {
  articleStoreContract('PostgreSQL', postgres);
  storyStoreContract('PostgreSQL', postgres);
  briefHistoryStoreContract('PostgreSQL', postgres);
  feedStoreContract('PostgreSQL', postgres);
  digestStoreContract('PostgreSQL', postgres);
  slackStoreContract('PostgreSQL', postgres);
  llmStoreContract('PostgreSQL', postgres);
  nearDuplicateStoreContract('PostgreSQL', postgres);
  leaderLockContract('PostgreSQL', postgres, true);
  threadStoreContract('PostgreSQL', postgres);
  channelSettingsContract('PostgreSQL', postgres);
});
