import { describe, expect, it } from 'vitest';
import type { Command } from '../../commands/command.ts';
import { commands } from '../../commands/registry.ts';
import { resolveChatLine } from '../../src/adapters/discord/chat-line.ts';
import { buildCommandDefinitions, validateDiscordCommand, type DiscordCommandJson } from '../../src/adapters/discord/command-definitions.ts';
import { rawOptionsFrom } from '../../src/adapters/discord/interaction-options.ts';
import { mayManage, permissionLabel, resolveManagePermissions } from '../../src/adapters/discord/permissions.ts';
import { dmWorkspace, guildWorkspace, workspaceFor } from '../../src/adapters/discord/workspace.ts';
import { textReply } from '../../src/chat/reply.ts';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/core/errors.ts';

const base: DiscordCommandJson = { type: 1, name: 'x', description: 'd', options: [] };

function spec(partial: Partial<Command>): Command {
  return { name: 'x', description: 'd', usage: 'x', options: [], mutates: false, visibility: 'public', run: async () => textReply(''), ...partial };
}

describe('Discord command definitions', () => {
  it('maps option types, choices, bounds and autocomplete', () => {
    const [json] = buildCommandDefinitions(
      [
        spec({
          options: [
            { name: 'when', type: 'string', description: 'w', required: true, choices: [{ name: 'Daily', value: 'daily' }] },
            { name: 'count', type: 'integer', description: 'c', min: 1, max: 50 },
            { name: 'level', type: 'integer', description: 'l', choices: [{ name: 'High', value: 3 }] },
            { name: 'quiet', type: 'boolean', description: 'q' },
            { name: 'story', type: 'string', description: 's', autocomplete: 'story', variadic: true, positional: true },
          ],
          mutates: true,
        }),
      ],
      { managePermissions: '32' },
    );
    expect(json!.options).toEqual([
      { type: 3, name: 'when', description: 'w', required: true, choices: [{ name: 'Daily', value: 'daily' }] },
      { type: 4, name: 'count', description: 'c', required: false, min_value: 1, max_value: 50 },
      { type: 4, name: 'level', description: 'l', required: false, choices: [{ name: 'High', value: 3 }] },
      { type: 5, name: 'quiet', description: 'q', required: false },
      { type: 3, name: 'story', description: 's', required: false, autocomplete: true },
    ]);
    expect(json!.default_member_permissions).toBe('32');
    expect(buildCommandDefinitions([spec({ mutates: true })], { managePermissions: null })[0]).not.toHaveProperty('default_member_permissions');
  });

  it('builds the real registry within every Discord limit', () => {
    const defs = buildCommandDefinitions(commands, { managePermissions: '32' });
    expect(defs.map((d) => d.name)).toEqual(commands.map((c) => c.name));
  });

  it('refuses definitions that break Discord limits, naming the command and the problem', () => {
    expect(() => validateDiscordCommand({ ...base, name: 'Brief' })).toThrow(/"Brief": name must be/);
    expect(() => validateDiscordCommand({ ...base, description: 'x'.repeat(101) })).toThrow(/description must be 1-100/);
    expect(() => validateDiscordCommand({ ...base, description: '' })).toThrow(/description must be 1-100/);
    const opt = (i: number) => ({ type: 3 as const, name: `o${i}`, description: 'd' });
    expect(() => validateDiscordCommand({ ...base, options: Array.from({ length: 26 }, (_, i) => opt(i)) })).toThrow(/at most 25 options/);
    expect(() => validateDiscordCommand({ ...base, options: [opt(1), { ...opt(2), required: true }] })).toThrow(/required options must come before/);
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `v${i}` }));
    expect(() => validateDiscordCommand({ ...base, options: [{ ...opt(1), choices }] })).toThrow(/at most 25 choices/);
    expect(() => validateDiscordCommand({ ...base, options: [{ ...opt(1), choices: [{ name: 'a', value: 'v'.repeat(101) }] }] })).toThrow(/choice values/);
    expect(() => validateDiscordCommand({ ...base, options: [{ ...opt(1), choices: [{ name: 'a', value: 'b' }], autocomplete: true } as never] })).toThrow(
      /both choices and autocomplete/,
    );
    const wide = Array.from({ length: 25 }, (_, i) => ({
      ...opt(i),
      description: 'd'.repeat(100),
      choices: Array.from({ length: 25 }, (_, j) => ({ name: 'n'.repeat(100), value: `${j}` })),
    }));
    expect(() => validateDiscordCommand({ ...base, options: wide })).toThrow(/add up to \d+ characters \(max 4000\)/);
    expect(() => buildCommandDefinitions([spec({}), spec({})], { managePermissions: null })).toThrow(/defined twice/);
    expect(() =>
      buildCommandDefinitions([spec({ options: [{ name: 'n', type: 'string', description: 'd', min: 1 }] })], { managePermissions: null }),
    ).toThrow(/min\/max are only allowed on integer/);
  });
});

describe('Discord input handling', () => {
  const track = commands.find((c) => c.name === 'track')!;
  const brief = commands.find((c) => c.name === 'brief')!;

  it('splits a variadic slash-command option like typed text', () => {
    expect(rawOptionsFrom(track, [{ name: 'name', value: 'syria' }, { name: 'aliases', value: 'damascus “islamic state” idlib' }])).toEqual({
      name: 'syria',
      aliases: ['damascus', 'islamic state', 'idlib'],
    });
    expect(() => rawOptionsFrom(track, [{ name: 'colour', value: 'x' }])).toThrow(/Unknown option "colour"/);
  });

  it('resolves DM and mention text to a command or a question', () => {
    expect(resolveChatLine(commands, '')).toBeNull();
    expect(resolveChatLine(commands, 'help')).toBeNull();
    expect(resolveChatLine(commands, 'brief syria since:7d')).toMatchObject({ command: brief, options: { story: ['syria'], since: '7d' } });
    expect(resolveChatLine(commands, '/stories')!.command.name).toBe('stories');
    expect(resolveChatLine(commands, 'stories about syria?')).toMatchObject({ command: { name: 'ask' }, options: { question: ['stories about syria?'] } });
    expect(resolveChatLine(commands, 'what is happening in Sudan?')!.command.name).toBe('ask');
    expect(() => resolveChatLine(commands, '/nope')).toThrow(/Unknown command \/nope/);
    expect(() => resolveChatLine(commands, '/brief')).toThrow(/Missing story/);
  });

  it('maps guilds and DMs to separate workspaces', () => {
    expect(workspaceFor({ guildId: '123456', userId: '9' })).toBe(guildWorkspace('123456'));
    expect(workspaceFor({ guildId: null, userId: '987654' })).toBe(dmWorkspace('987654'));
    expect(dmWorkspace('987654')).toBe('discord:dm:987654');
    expect(guildWorkspace('123456')).toBe('discord:123456');
  });
});

describe('Discord permissions for state-changing commands', () => {
  it('defaults to Manage Server, accepts other names or none, and names a bad value', () => {
    expect(loadConfig({}).discord.managePermissions).toEqual(['ManageGuild']);
    expect(loadConfig({ DISCORD_MANAGE_PERMISSIONS: 'none' }).discord.managePermissions).toEqual([]);
    expect(loadConfig({ DISCORD_MANAGE_PERMISSIONS: 'ManageChannels, Administrator' }).discord.managePermissions).toEqual([
      'ManageChannels',
      'Administrator',
    ]);
    expect(() => loadConfig({ DISCORD_MANAGE_PERMISSIONS: 'Manage Server' })).toThrow(/DISCORD_MANAGE_PERMISSIONS: expected comma-separated/);
    expect(resolveManagePermissions(['ManageGuild'])).toBe(32n);
    expect(resolveManagePermissions(['manageguild', 'ManageChannels'])).toBe(48n);
    expect(resolveManagePermissions([])).toBeNull();
    expect(() => resolveManagePermissions(['ManageEverything'])).toThrow(ConfigError);
    expect(permissionLabel(['ManageGuild'])).toBe('Manage Server');
    expect(permissionLabel(['ManageChannels', 'ManageMessages'])).toBe('Manage Channels and Manage Messages');
  });

  it('requires every configured bit unless the member is an Administrator', () => {
    expect(mayManage(0n, 32n)).toBe(false);
    expect(mayManage(32n, 32n)).toBe(true);
    expect(mayManage(16n, 48n)).toBe(false);
    expect(mayManage(8n, 48n)).toBe(true);
    expect(mayManage(0n, null)).toBe(true);
  });
});
