import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoresFactory, StoresHandle } from './stores-factory.ts';

/** A channel's settings (its language): every engine, per workspace and channel. */
export function channelSettingsContract(name: string, open: StoresFactory): void {
  describe(`ChannelSettingsStore contract: ${name}`, () => {
    let handle: StoresHandle;
    beforeEach(async () => {
      handle = await open();
    });
    afterEach(() => handle.cleanup());

    it('sets, replaces and clears a channel language, apart for each workspace and channel', async () => {
      const { channels } = handle.stores;
      const at = new Date('2026-12-04T09:00:00Z');
      expect(await channels.channelLanguage('local', 'slack:C1')).toBeNull();
      await channels.setChannelLanguage('local', 'slack:C1', 'fr', 'U1', at);
      await channels.setChannelLanguage('team-b', 'slack:C1', 'de', 'U2', at);
      expect(await channels.channelLanguage('local', 'slack:C1')).toBe('fr');
      expect(await channels.channelLanguage('local', 'slack:C2')).toBeNull();
      await channels.setChannelLanguage('local', 'slack:C1', 'es', 'U1', at);
      expect(await channels.channelLanguage('local', 'slack:C1')).toBe('es');
      await channels.setChannelLanguage('local', 'slack:C1', null, 'U1', at);
      expect(await channels.channelLanguage('local', 'slack:C1')).toBeNull();
      expect(await channels.channelLanguage('team-b', 'slack:C1')).toBe('de');
    });
  });
}
