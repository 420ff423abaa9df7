import { channelSettingsContract } from './channel-settings-contract.ts';
import { threadStoreContract } from './thread-store-contract.ts';
import { articleStoreContract } from './article-store-contract.ts';
import { briefHistoryStoreContract } from './brief-history-store-contract.ts';
import { digestStoreContract } from './digest-store-contract.ts';
import { feedStoreContract } from './feed-store-contract.ts';
import { leaderLockContract } from './leader-lock-contract.ts';
import { llmStoreContract } from './llm-store-contract.ts';
import { nearDuplicateStoreContract } from './near-duplicate-store-contract.ts';
import { slackStoreContract } from './slack-store-contract.ts';
import { storyStoreContract } from './story-store-contract.ts';
import { sqliteFile, sqliteMemory, type StoresFactory } from './stores-factory.ts';

// Every port contract against SQLite, in memory and in files (WAL, search index in its own file).
const engines: [string, StoresFactory][] = [
  ['SQLite (in memory)', sqliteMemory],
  ['SQLite (file, WAL)', sqliteFile],
];
for (const [name, open] of engines) {
  articleStoreContract(name, open);
  storyStoreContract(name, open);
  briefHistoryStoreContract(name, open);
  feedStoreContract(name, open);
  digestStoreContract(name, open);
  slackStoreContract(name, open);
  llmStoreContract(name, open);
  nearDuplicateStoreContract(name, open);
  leaderLockContract(name, open, false);
  threadStoreContract(name, open);
  channelSettingsContract(name, open);
}
