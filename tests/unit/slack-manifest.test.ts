import { describe, expect, it } from 'vitest';
import type { Command } from '../../commands/command.ts';
import { commands } from '../../commands/registry.ts';
import { BOT_EVENTS, BOT_SCOPES, buildSlackManifest, type ManifestSlashCommand } from '../../src/adapters/slack/manifest.ts';
import { runScript } from '../helpers/run-cli.ts';

describe('the Slack app manifest', () => {
  it('lists every registered command with its description and usage hint (Socket Mode)', () => {
    const m = buildSlackManifest(commands, { socketMode: true }) as {
      features: { slash_commands: ManifestSlashCommand[] };
      settings: { socket_mode_enabled: boolean; event_subscriptions: { bot_events: string[]; request_url?: string } };
      oauth_config: { scopes: { bot: string[] } };
    };
    const listed = m.features.slash_commands;
    expect(listed.map((c) => c.command)).toEqual(commands.map((c) => `/${c.name}`));
    for (const c of listed) {
      expect(c.command.length).toBeLessThanOrEqual(32);
      expect(c.url).toBeUndefined();
      expect(c.should_escape).toBe(false);
    }
    expect(listed.find((c) => c.command === '/brief')).toMatchObject({
      description: commands.find((c) => c.name === 'brief')!.description,
      usage_hint: '<story or search words> [since:24h|7d|YYYY-MM-DD|yesterday] [until:YYYY-MM-DD] [--changes] [language:fr]',
    });
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.event_subscriptions.request_url).toBeUndefined();
    expect(m.settings.event_subscriptions.bot_events).toEqual([...BOT_EVENTS]);
    expect(m.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
  });

  it('points every command and the events at the public URL in HTTP mode, with the OAuth redirect', () => {
    const m = buildSlackManifest(commands, { socketMode: false, publicUrl: 'https://sitrep.example.org/', oauth: true }) as {
      features: { slash_commands: ManifestSlashCommand[] };
      settings: { socket_mode_enabled: boolean; event_subscriptions: { bot_events: string[]; request_url?: string } };
      oauth_config: { redirect_urls: string[] };
    };
    for (const c of m.features.slash_commands) expect(c.url).toBe('https://sitrep.example.org/slack/events');
    expect(m.settings.event_subscriptions.request_url).toBe('https://sitrep.example.org/slack/events');
    expect(m.settings.event_subscriptions.bot_events).toContain('app_uninstalled');
    expect(m.oauth_config.redirect_urls).toEqual(['https://sitrep.example.org/slack/oauth_redirect']);
    expect(m.settings.socket_mode_enabled).toBe(false);
  });

  it('follows the registry: a newly registered command appears with no change to the adapter', () => {
    const extra: Command = { ...commands[0]!, name: 'digest', description: 'Manage scheduled digests', usage: 'digest add <channel>' };
    const m = buildSlackManifest([...commands, extra], { socketMode: true }) as { features: { slash_commands: ManifestSlashCommand[] } };
    expect(m.features.slash_commands.at(-1)).toMatchObject({ command: '/digest', usage_hint: 'add <channel>' });
  });

  it('refuses HTTP mode without a public URL, and names longer than Slack allows', () => {
    expect(() => buildSlackManifest(commands, { socketMode: false })).toThrow(/public https URL/);
    const long: Command = { ...commands[0]!, name: 'a'.repeat(32) };
    expect(() => buildSlackManifest([long], { socketMode: true })).toThrow(/at most 32 characters/);
  });

  it('is printed as JSON by npm run slack:manifest', async () => {
    const out = await runScript('scripts/slack-manifest.ts', ['--socket-mode']);
    expect(out.code).toBe(0);
    const manifest = JSON.parse(out.stdout) as { features: { slash_commands: { command: string }[] } };
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual(commands.map((c) => `/${c.name}`));
    const bad = await runScript('scripts/slack-manifest.ts', []);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--url/);
    const http = await runScript('scripts/slack-manifest.ts', ['--url', 'https://bot.example']);
    expect(JSON.parse(http.stdout).settings.event_subscriptions.request_url).toBe('https://bot.example/slack/events');
  });
});
