import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.ts';
import { buildCommandDefinitions } from '../../src/adapters/discord/command-definitions.ts';
import { FakeDiscord } from '../fakes/fake-discord.ts';
import { runScript } from '../helpers/run-cli.ts';


const runRegister = (args: string[], env: Record<string, string>) => runScript('scripts/discord-register.ts', args, { env });

describe('npm run discord:register', () => {
  let fake: FakeDiscord;
  let env: Record<string, string>;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
    env = { DISCORD_TOKEN: 'fake.bot.token', DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl };
  });
  afterAll(() => fake.close());

  it('bulk-overwrites the guild commands with JSON built from the registry', async () => {
    const r = await runRegister(['--guild', '400000000000000001'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      `Registered ${commands.length} commands in server 400000000000000001: ${commands.map((c) => `/${c.name}`).join(' ')}`,
    );
    const put = fake.requests.find((q) => q.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.applicationId}/guilds/400000000000000001/commands`);
    expect(put.headers.authorization).toBe('Bot fake.bot.token');
    expect(put.body).toEqual(buildCommandDefinitions(commands, { managePermissions: '32' }));
    const byName = new Map((put.body as { name: string }[]).map((c) => [c.name, c]));
    expect(byName.get('brief')).toEqual({
      type: 1,
      name: 'brief',
      description: 'Key developments of a tracked story (or any search) with cited sources',
      options: [
        { type: 3, name: 'story', description: 'A tracked story or any search words', required: true, autocomplete: true },
        { type: 3, name: 'since', description: 'Window: 24h, 7d, 2w, last-week or a date like 2025-11-01', required: false },
        { type: 3, name: 'until', description: 'End of the window: a date like 2025-11-03 (included), yesterday', required: false },
        { type: 5, name: 'changes', description: 'Only what changed since the last brief of this story here', required: false },
        {
          type: 3,
          name: 'language',
          description: 'Write it in this language (LLM engine; the extractive engine quotes the articles as written)',
          required: false,
          choices: [
            { name: 'English (en)', value: 'en' },
            { name: 'French (fr)', value: 'fr' },
            { name: 'Spanish (es)', value: 'es' },
            { name: 'German (de)', value: 'de' },
            { name: 'Italian (it)', value: 'it' },
            { name: 'Portuguese (pt)', value: 'pt' },
            { name: 'Arabic (ar)', value: 'ar' },
            { name: 'Russian (ru)', value: 'ru' },
          ],
        },
      ],
      contexts: [0, 1],
      integration_types: [0],
    });
    // State-changing commands need Manage Server (bit 5 = 32) by default; reading ones need nothing.
    expect(byName.get('track')).toMatchObject({ default_member_permissions: '32' });
    expect(byName.get('untrack')).toMatchObject({ default_member_permissions: '32' });
    expect(byName.get('brief')).not.toHaveProperty('default_member_permissions');
    // The variadic aliases option is one string option.
    expect(byName.get('track')).toMatchObject({ options: [{ name: 'name', type: 3, required: true }, { name: 'aliases', type: 3, required: false }] });
  });

  it('registers globally without --guild, with the configured permission', async () => {
    const r = await runRegister([], { ...env, DISCORD_MANAGE_PERMISSIONS: 'ManageChannels,ManageMessages' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Registered ${commands.length} commands globally`);
    const put = fake.requests.filter((q) => q.method === 'PUT').at(-1)!;
    expect(put.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect((put.body as { name: string; default_member_permissions?: string }[]).find((c) => c.name === 'track')!.default_member_permissions).toBe(
      String(16n | 8192n),
    );
  });

  it('explains a bad server id, a bad permission name and missing credentials without sending anything', async () => {
    const before = fake.requests.length;
    const bad = await runRegister(['--guild', 'my-server'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--guild expects a numeric server id/);
    const perm = await runRegister([], { ...env, DISCORD_MANAGE_PERMISSIONS: 'ManageEverything' });
    expect(perm.code).toBe(78);
    expect(perm.stderr).toMatch(/DISCORD_MANAGE_PERMISSIONS: unknown Discord permission "ManageEverything"/);
    const none = await runRegister([], { DISCORD_API_URL: fake.apiUrl });
    expect(none.code).toBe(78);
    expect(none.stderr).toMatch(/set DISCORD_TOKEN and DISCORD_APPLICATION_ID/);
    expect(fake.requests.length).toBe(before);
  });
});
