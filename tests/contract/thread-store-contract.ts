import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

/** What a posted brief's thread is about, kept by message: every engine, and every instance of one database. */
export function threadStoreContract(name: string, open: StoresFactory): void {
  describe(`ThreadStore contract: ${name}`, () => {
    let handle: StoresHandle;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(() => handle.cleanup());

    const syria = { subject: 'syria', from: new Date('2012-05-25T00:00:00Z'), to: new Date('2012-05-28T00:00:00Z') };

    it('recalls, replaces and forgets contexts by message key', async () => {
      const { threads } = handle.stores;
      expect(await threads.recallThread('discord:1')).toBeNull();
      await threads.rememberThread('discord:1', syria, new Date('2012-05-28T09:00:00Z'));
      await threads.rememberThread('discord:2', { ...syria, subject: 'libya war' }, new Date('2012-06-28T09:00:00Z'));
      expect(await threads.recallThread('discord:1')).toEqual(syria);
      await threads.rememberThread('discord:1', { ...syria, subject: 'houla' }, new Date('2012-05-29T09:00:00Z'));
      expect((await threads.recallThread('discord:1'))?.subject).toBe('houla');
      expect(await threads.forgetThreadsBefore(new Date('2012-06-01T00:00:00Z'))).toBe(1);
      expect(await threads.recallThread('discord:1')).toBeNull();
      expect((await threads.recallThread('discord:2'))?.subject).toBe('libya war');
    });

    it('is seen by a second connection to the same database', async (ctx) => {
      if (!handle.connectAgain) return ctx.skip();
      const other = await handle.connectAgain();
      await handle.stores.threads.rememberThread('discord:77', syria, new Date('2012-05-28T09:00:00Z'));
      expect(await other.threads.recallThread('discord:77')).toEqual(syria);
    });
  });
}
