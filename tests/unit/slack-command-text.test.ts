import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.ts';
import { UsageError } from '../../commands/parse.ts';
import { redactTokens } from '../../src/adapters/slack/bolt-logger.ts';
import { interpretMessage, parseSlashText, slackToPlain, stripBotMention } from '../../src/adapters/slack/command-text.ts';
import { UserError } from '../../src/core/errors.ts';

const brief = commands.find((c) => c.name === 'brief')!;
const track = commands.find((c) => c.name === 'track')!;

describe('Slack command text', () => {
  it('parses slash-command text with named options and quoted values, as Slack sends it', () => {
    expect(parseSlashText(brief, 'syria since:7d')).toEqual({ story: ['syria'], since: '7d' });
    expect(parseSlashText(brief, '\u201csudan ceasefire\u201d since:2025-11-01')).toEqual({ story: ['sudan ceasefire'], since: '2025-11-01' });
    expect(parseSlashText(track, 'syria damascus "islamic state"')).toEqual({ name: 'syria', aliases: ['damascus', 'islamic state'] });
    expect(parseSlashText(brief, 'r&amp;d &lt;lab&gt;')).toEqual({ story: ['r&d', '<lab>'] });
    expect(() => parseSlashText(brief, '')).toThrow(UsageError);
    expect(() => parseSlashText(brief, 'syria --bogus 1')).toThrow(/Unknown option --bogus/);
  });

  it('turns Slack markup back into what the user typed', () => {
    expect(slackToPlain('ask <@U1|ana> about <#C1|general> and <https://x.example/a|x.example> &amp; <!here>')).toBe(
      'ask @ana about #general and x.example & @here',
    );
    expect(slackToPlain('<@U2> <#C3> <https://y.example/> <!subteam^S1|@analysts> <!date^1|Nov 1>')).toBe(
      '@U2 #C3 https://y.example/ @analysts Nov 1',
    );
  });

  it('removes mentions of the bot only', () => {
    expect(stripBotMention('<@UBOT> brief syria', 'UBOT')).toBe('brief syria');
    expect(stripBotMention('hey <@UBOT|sitrep>, ask <@U1> too', 'UBOT')).toBe('hey , ask <@U1> too');
    expect(stripBotMention('  text ', undefined)).toBe('text');
  });

  it('reads a DM as a command without the slash, a question, or a request for help', () => {
    expect(interpretMessage(commands, 'brief syria since:7d')).toMatchObject({ kind: 'command', question: false, options: { story: ['syria'], since: '7d' } });
    expect(interpretMessage(commands, '/stories')).toMatchObject({ kind: 'command', command: { name: 'stories' } });
    const q = interpretMessage(commands, 'what did Syria sign with the coalition?');
    expect(q).toMatchObject({ kind: 'command', question: true, command: { name: 'ask' }, options: { question: ['what did Syria sign with the coalition?'] } });
    // A command word followed by words that do not fit the command is a question.
    expect(interpretMessage(commands, 'stories about sudan?')).toMatchObject({ question: true, command: { name: 'ask' } });
    expect(interpretMessage(commands, '')).toEqual({ kind: 'help' });
    expect(interpretMessage(commands, 'Help!')).toEqual({ kind: 'help' });
  });

  it('refuses an unknown /command, a bare command with bad options, and huge messages, with user-facing errors', () => {
    expect(() => interpretMessage(commands, '/nuke all')).toThrow(/Unknown command \/nuke/);
    expect(() => interpretMessage(commands, 'brief')).toThrow(/Missing story/);
    expect(() => interpretMessage(commands, 'x'.repeat(5000))).toThrow(UserError);
  });

  it('redacts every kind of Slack token from log text', () => {
    expect(redactTokens('token xoxb-123-456-abc and xapp-1-A1-99-ff, xoxp-9-9 xoxe.xoxp-1-abc')).toBe(
      'token xoxb-[redacted] and xapp-[redacted], xoxp-[redacted] xoxe-[redacted]',
    );
  });
});
