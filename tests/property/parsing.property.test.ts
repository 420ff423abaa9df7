import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandText, resolveChatLine, tokenize } from '../../commands/parse.ts';
import { commands } from '../../commands/registry.ts';
import { parseGlobalArgs } from '../../src/adapters/cli/global-args.ts';
import { interpretMessage, parseSlashText, slackToPlain, stripBotMention } from '../../src/adapters/slack/command-text.ts';
import { UserError } from '../../src/core/errors.ts';
import { expectLinear, RUNS, text, timing } from './property-helpers.ts';

/** Runs `fn`; anything thrown must be a UserError (its message is what the user sees). */
function onlyUserErrors(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
  }
}

const argvWord = fc.oneof(text, fc.constantFrom('--db', '--workspace', '--format', '--format=json', '--workspace=slack:T1', '--db=', 'json', 'md', '--'));

describe('command-line and chat option parsing: properties on arbitrary and hostile text', () => {
  it('every command parses any text into options or says what is wrong (UserError), in chat, Slack and the console', () => {
    fc.assert(
      fc.property(text, (s) => {
        for (const c of commands) {
          onlyUserErrors(() => parseCommandText(c, s));
          onlyUserErrors(() => parseSlashText(c, s));
        }
        onlyUserErrors(() => resolveChatLine(commands, s));
        onlyUserErrors(() => interpretMessage(commands, s));
        onlyUserErrors(() => resolveChatLine(commands, `/brief ${s}`));
      }),
      RUNS,
    );
  });

  it('global options are found anywhere on the line; everything else is kept in order', () => {
    fc.assert(
      fc.property(fc.array(argvWord, { maxLength: 8 }), (argv) => {
        onlyUserErrors(() => {
          const g = parseGlobalArgs(argv);
          expect(g.rest.every((w) => argv.includes(w))).toBe(true);
          expect(['md', 'json']).toContain(g.format);
        });
      }),
      RUNS,
    );
  });

  it('tokens of unquoted words are the words', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9:=.-]{1,12}$/), { maxLength: 10 }), (ws) => {
        expect(tokenize(ws.join(' '))).toEqual(ws);
      }),
      RUNS,
    );
  });

  it('Slack text becomes plain text without Slack markup, and mention stripping never throws', () => {
    fc.assert(
      fc.property(text, (s) => {
        const plain = slackToPlain(s);
        expect(plain).not.toMatch(/&lt;|&gt;/);
        expect(typeof stripBotMention(s, 'UBOT1')).toBe('string');
      }),
      RUNS,
    );
  });

  timing('parse in time linear in the input', () => {
    const brief = commands.find((c) => c.name === 'brief')!;
    const tolerant = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
      }
    };
    expectLinear((s) => tolerant(() => tokenize(s)));
    expectLinear((s) => tolerant(() => parseCommandText(brief, s)));
    expectLinear((s) => slackToPlain(s));
    expectLinear((s) => stripBotMention(s, 'UBOT1'));
  });
});
