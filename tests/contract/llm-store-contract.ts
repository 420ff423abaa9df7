import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LlmStore } from '../../src/store/ports/llm-store.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

/** The LLM cache and usage ledger: the behaviour every engine's LlmStore must have. */
export function llmStoreContract(name: string, open: StoresFactory): void {
  describe(`LlmStore contract: ${name}`, () => {
    let handle: StoresHandle;
    let store: LlmStore;
    beforeEach(async () => {
      handle = await open();
      store = handle.stores.llm;
    });
    afterEach(() => handle.cleanup());

    it('keeps cache entries per workspace and forgets old ones', async () => {
      const base = { key: 'k1', prompt: 'brief@1', model: 'm', output: '{"a":1}' };
      await store.putCached({ ...base, workspace: 'slack:T1', createdAt: new Date('2025-11-01T00:00:00Z') });
      expect((await store.getCached('slack:T1', 'k1'))?.output).toBe('{"a":1}');
      expect(await store.getCached('discord:9', 'k1')).toBeNull();
      await store.putCached({ ...base, key: 'k2', workspace: 'slack:T1', createdAt: new Date('2025-12-20T00:00:00Z') }, new Date('2025-11-20T00:00:00Z'));
      expect(await store.getCached('slack:T1', 'k1')).toBeNull();
      expect(await store.getCached('slack:T1', 'k2')).not.toBeNull();
    });

    it('sums tokens per workspace since a time and totals them per UTC day and model', async () => {
      const u = { prompt: 'brief@1', model: 'gpt-4.1-mini', costUsd: 0.001, outcome: 'ok' as const };
      await store.recordUsage({ ...u, workspace: 'local', at: new Date('2025-11-19T23:00:00Z'), promptTokens: 1000, completionTokens: 100 });
      await store.recordUsage({ ...u, workspace: 'local', at: new Date('2025-11-20T01:00:00Z'), promptTokens: 2000, completionTokens: 200 });
      await store.recordUsage({ ...u, workspace: 'local', at: new Date('2025-11-20T02:00:00Z'), promptTokens: 500, completionTokens: 50, costUsd: null });
      await store.recordUsage({ ...u, workspace: 'other', at: new Date('2025-11-20T02:00:00Z'), promptTokens: 9000, completionTokens: 9 });
      expect(await store.tokensUsedSince('local', new Date('2025-11-20T00:00:00Z'))).toBe(2750);
      const totals = await store.usageTotals('local', new Date('2025-11-01T00:00:00Z'));
      expect(totals).toEqual([
        { day: '2025-11-20', model: 'gpt-4.1-mini', requests: 2, promptTokens: 2500, completionTokens: 250, costUsd: 0.001 },
        { day: '2025-11-19', model: 'gpt-4.1-mini', requests: 1, promptTokens: 1000, completionTokens: 100, costUsd: 0.001 },
      ]);
    });
  });
}
