import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInstallationStore } from '../../src/adapters/slack/installation-store.ts';
import { createEventLedger } from '../../src/adapters/slack/event-ledger.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { SlackStore } from '../../src/store/ports/slack-store.ts';
import { fixedClock } from '../helpers/app.ts';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

/** Slack installations and the event ledger: the behaviour every engine's SlackStore must have. */
export function slackStoreContract(name: string, open: StoresFactory): void {
  describe(`SlackStore contract: ${name}`, () => {
    let handle: StoresHandle;
    let db: SlackStore;
    const clock = fixedClock('2025-11-20T12:00:00Z');
    beforeEach(async () => {
      handle = await open();
      db = handle.stores.slack;
      clock.set('2025-11-20T12:00:00Z');
    });
    afterEach(() => handle.cleanup());

    it('lets exactly one claim of an event id win, also across connections', async () => {
      const a = db;
      const b = handle.connectAgain ? (await handle.connectAgain()).slack : db;
      const results = await Promise.all([a.claimEvent('Ev1', 'T1', clock.now()), b.claimEvent('Ev1', 'T1', clock.now()), a.claimEvent('Ev1', 'T1', clock.now())]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await a.claimEvent('Ev2', null, clock.now())).toBe(true);
    });

    it('prunes old event ids so the ledger stays small, and only those', async () => {
      const store = db;
      const ledger = createEventLedger({ store, clock: clock.now, logger: silentLogger });
      expect(await ledger.claim('EvOld', 'T1')).toBe(true);
      clock.set('2025-11-21T13:00:00Z');
      expect(await ledger.claim('EvNew', 'T1')).toBe(true);
      // EvOld was pruned (older than a day), so it would be claimable again; EvNew is not.
      expect(await store.claimEvent('EvOld', 'T1', clock.now())).toBe(true);
      expect(await ledger.claim('EvNew', 'T1')).toBe(false);
      expect(await ledger.claim(undefined, 'T1')).toBe(true);
    });

    it('stores, replaces, fetches and deletes installations by team or org', async () => {
      const store = db;
      const installs = createInstallationStore({ store, clock: clock.now, logger: silentLogger });
      const base = { user: { id: 'U1', token: undefined, scopes: undefined }, enterprise: undefined, isEnterpriseInstall: false as const };
      await installs.storeInstallation({ ...base, team: { id: 'T1' }, bot: { token: 'xoxb-old', scopes: [], id: 'B1', userId: 'UB1' } });
      await installs.storeInstallation({ ...base, team: { id: 'T1' }, bot: { token: 'xoxb-new', scopes: [], id: 'B1', userId: 'UB1' } });
      expect(await installs.botTokenFor('T1')).toBe('xoxb-new');
      const fetched = await installs.fetchInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      expect(fetched.bot?.userId).toBe('UB1');
      await installs.storeInstallation({
        user: { id: 'U2', token: undefined, scopes: undefined },
        team: undefined,
        enterprise: { id: 'E1' },
        isEnterpriseInstall: true,
        bot: { token: 'xoxb-org', scopes: [], id: 'B2', userId: 'UB2' },
      });
      expect((await installs.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true })).bot?.token).toBe('xoxb-org');
      await expect(installs.fetchInstallation({ teamId: 'T9', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/not installed/);
      await installs.deleteInstallation({ teamId: 'T1', enterpriseId: undefined, isEnterpriseInstall: false });
      expect(await installs.botTokenFor('T1')).toBeNull();
      expect(await installs.botTokenFor('E1')).toBe('xoxb-org');
    });
  });
}
