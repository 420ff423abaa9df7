import { digestCommand } from '../../../commands/digest.ts';
import { coerceOptions, UsageError } from '../../../commands/parse.ts';
import type { DigestChannel } from '../../core/digest.ts';
import { parseChannelArg } from '../../core/digest-channel.ts';
import type { CliCommand } from './cli-command.ts';
import { EXIT, printReply } from './output.ts';

const USAGE =
  'sitrep digest add --channel <platform:channel-id> [--stories a,b|all] --cron "<cron or daily 08:00>" [--tz <zone>] [--language fr] | ' +
  'list | remove <id> | run <id> [--now <ISO time>] | resume <id>';

const FLAGS: Record<string, readonly string[]> = {
  add: ['channel', 'stories', 'cron', 'schedule', 'tz', 'language'],
  list: [],
  remove: [],
  resume: [],
  run: ['now'],
};

/** A usage error whose hint is the terminal usage (the chat command's usage line would mislead here). */
class DigestUsageError extends UsageError {
  override readonly hint: string | undefined = `Usage: ${USAGE}`;
}

function usage(message: string): UsageError {
  return new DigestUsageError(message);
}

/** Splits `--name value` / `--name=value` flags from positional words, refusing flags the action does not take. */
function parseArgs(action: string, args: readonly string[]): { flags: Map<string, string>; words: string[] } {
  const allowed = FLAGS[action] ?? [];
  const flags = new Map<string, string>();
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      words.push(a);
      continue;
    }
    if (!allowed.includes(m[1]!)) throw usage(`digest ${action} does not take --${m[1]}.`);
    const value = m[2] ?? args[++i];
    if (value === undefined) throw usage(`--${m[1]} needs a value.`);
    flags.set(m[1]!, value);
  }
  return { flags, words };
}

/**
 * `sitrep digest …`: the terminal form of the `/digest` chat command. The channel is given with `--channel`
 * (in chat it is the channel the command runs in); everything else goes through the same command and service.
 */
export const digestCli: CliCommand = {
  name: 'digest',
  summary: 'Scheduled digests: add, list, remove, run (idempotent per slot), resume',
  usage: 'sitrep digest add|list|remove|run|resume   (sitrep digest help for details)',
  async run(args, deps, io) {
    const [action, ...rest] = args;
    if (action === 'help' || action === '--help') {
      io.stdout.write(`Usage: ${USAGE}\nSchedules: daily 08:00, weekdays 07:30, weekly mon 09:00, or cron "0 8 * * *".\n`);
      return EXIT.ok;
    }
    if (!action || !(action in FLAGS)) {
      throw usage(action ? `Unknown digest action "${action.slice(0, 30)}".` : 'Give a digest action.');
    }
    const { flags, words } = parseArgs(action, rest);
    let channel: DigestChannel | undefined;
    const raw: Record<string, unknown> = { action };
    if (action === 'add') {
      const c = flags.get('channel');
      if (!c) throw usage('digest add needs --channel <platform:channel-id>, e.g. --channel console:local.');
      channel = parseChannelArg(c);
      const schedule = flags.get('cron') ?? flags.get('schedule');
      if (!schedule) throw usage('digest add needs --cron, e.g. --cron "0 8 * * *" or --cron "weekdays 07:30".');
      if (words.length) throw usage(`Unexpected words: ${words.join(' ').slice(0, 60)}.`);
      raw['target'] = schedule;
      if (flags.has('stories')) raw['stories'] = flags.get('stories');
      if (flags.has('tz')) raw['tz'] = flags.get('tz');
      if (flags.has('language')) raw['language'] = flags.get('language');
    } else if (action !== 'list') {
      if (words.length !== 1) throw usage(`digest ${action} takes one digest id.`);
      raw['target'] = words[0];
      if (flags.has('now')) raw['now'] = flags.get('now');
    } else if (words.length) {
      throw usage('digest list takes no arguments.');
    }
    const reply = await digestCommand.run(coerceOptions(digestCommand, raw), {
      workspace: deps.workspace,
      user: { id: 'cli' },
      ...(channel ? { channel } : {}),
      services: deps.services,
    });
    if (action === 'run') {
      const status = (reply.data as { status?: string } | undefined)?.status;
      if (status !== 'posted' && status !== 'already-posted') {
        printReply(reply, deps.format, { ...io, stdout: io.stderr });
        return EXIT.userError;
      }
    }
    printReply(reply, deps.format, io);
    return EXIT.ok;
  },
};
