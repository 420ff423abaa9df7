import { readFile, stat } from 'node:fs/promises';
import { describeFeed, feedJson, feedListReply } from '../../../commands/sources.ts';
import { UsageError } from '../../../commands/parse.ts';
import type { AddFeedResult, FeedPollReport, SourcesService } from '../../briefing/sources-port.ts';
import { UserError } from '../../core/errors.ts';
import type { CliCommand, CliDeps } from './cli-command.ts';
import { EXIT, printReply, type CliIO } from './output.ts';

/** What `feed poll` without `--once` needs: a background poller for one workspace, and a way to wait for Ctrl-C. */
export interface FeedCliDeps {
  /** Starts the poller for a workspace; returns how to stop it. */
  startPoller(workspace: string): { stop(): Promise<void> };
  /** Resolves when the user asks to stop (SIGINT/SIGTERM). */
  untilStopped(): Promise<void>;
}

const USAGE = 'sitrep feed add <url...> [--opml <file>] [--every 15m] | feed list [--opml] | feed remove <id> | feed poll [--once]';
const MAX_OPML_BYTES = 5 * 1024 * 1024;

interface FeedArgs {
  words: string[];
  opml: string | true | undefined;
  every: string | undefined;
  once: boolean;
}

function parseArgs(args: readonly string[]): FeedArgs {
  const out: FeedArgs = { words: [], opml: undefined, every: undefined, once: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      out.words.push(a);
      continue;
    }
    const [, name, inline] = m;
    if (name === 'once') out.once = true;
    else if (name === 'every') {
      const v = inline ?? args[++i];
      if (!v) throw new UsageError('--every needs a value such as 15m or 1h.', undefined);
      out.every = v;
    } else if (name === 'opml') {
      // `feed list --opml` takes no value; `feed add --opml <file>` does.
      const next = inline ?? (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--') ? args[++i] : undefined);
      out.opml = next ?? true;
    } else throw new UsageError(`Unknown option --${name}. Usage: ${USAGE}`);
  }
  return out;
}

function sources(deps: CliDeps): SourcesService {
  if (!deps.services.sources) throw new UserError('sources.unavailable', 'Feeds are not available in this build.');
  return deps.services.sources;
}

function printAdds(results: readonly AddFeedResult[], deps: CliDeps, io: CliIO): number {
  if (deps.format === 'json') {
    io.stdout.write(`${JSON.stringify({ results: results.map((r) => ({ ...r, ...(r.feed ? { feed: feedJson(r.feed) } : {}) })) }, null, 2)}\n`);
  } else {
    const lines = results.map((r) => {
      if (r.status === 'failed') return `failed  ${r.input}: ${r.error}`;
      const f = r.feed!;
      const via = r.discoveredFrom ? ` (found on ${r.discoveredFrom})` : '';
      const stored = r.stored !== undefined ? `: ${r.stored} articles stored (not announced as new)` : '';
      return `${r.status.padEnd(7)} #${f.id} ${f.title ?? f.url} <${f.url}>${via}, every ${f.every}${stored}`;
    });
    const failed = results.filter((r) => r.status === 'failed').length;
    lines.push(`${results.length - failed} of ${results.length} subscribed.`);
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return results.some((r) => r.status !== 'failed') ? EXIT.ok : EXIT.userError;
}

function printPolls(reports: readonly FeedPollReport[], deps: CliDeps, io: CliIO): number {
  if (deps.format === 'json') {
    io.stdout.write(`${JSON.stringify({ feeds: reports }, null, 2)}\n`);
  } else if (reports.length === 0) {
    io.stdout.write('No feeds to poll. Add one with: sitrep feed add <url>\n');
  } else {
    const lines = reports.map((r) => {
      const name = `#${r.id} ${r.title ?? r.url}`;
      if (r.result === 'failed') return `${name}: FAILED (${r.status}) — ${r.error}`;
      const moved = r.movedTo ? `; moved permanently, now polled at <${r.movedTo}>` : '';
      if (r.result === 'not-modified') return `${name}: not modified${moved}`;
      const near = r.nearDuplicates ? `, ${r.nearDuplicates} near-duplicate link${r.nearDuplicates === 1 ? '' : 's'}` : '';
      const skipped = r.skipped ? `, ${r.skipped} empty item${r.skipped === 1 ? '' : 's'} skipped` : '';
      return `${name}: ${r.added} new (${r.announced} announced), ${r.updated} updated, ${r.duplicates} already stored${near}${skipped}${moved}`;
    });
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return reports.length > 0 && reports.every((r) => r.result === 'failed') ? EXIT.userError : EXIT.ok;
}

/** `sitrep feed …`: subscriptions from the terminal. */
export function createFeedCli(feedDeps: FeedCliDeps): CliCommand {
  return {
    name: 'feed',
    summary: 'Feeds: add [--every 15m] [--opml <file>], list [--opml], remove <id>, poll [--once]',
    usage: 'sitrep feed add|list|remove|poll …',
    async run(args, deps, io) {
      const [sub, ...rest] = args;
      const a = parseArgs(rest);
      const svc = sources(deps);
      const workspace = deps.workspace;
      switch (sub) {
        case 'add': {
          const results: AddFeedResult[] = [];
          if (typeof a.opml === 'string') {
            const info = await stat(a.opml).catch(() => null);
            if (!info?.isFile()) throw new UserError('opml.not_found', `No such OPML file: ${a.opml}`);
            if (info.size > MAX_OPML_BYTES) throw new UserError('opml.too_large', `${a.opml} is ${info.size} bytes; the limit is ${MAX_OPML_BYTES}.`);
            results.push(...(await svc.importOpml({ workspace, opml: await readFile(a.opml, 'utf8'), every: a.every, by: 'cli' })));
          } else if (a.opml === true) throw new UsageError(`--opml needs a file. Usage: ${USAGE}`);
          if (a.words.length > 0) results.push(...(await svc.addFeeds({ workspace, urls: a.words, every: a.every, by: 'cli' })));
          if (results.length === 0) throw new UsageError(`Name at least one feed URL or --opml <file>. Usage: ${USAGE}`);
          return printAdds(results, deps, io);
        }
        case 'list': {
          if (a.opml) {
            io.stdout.write(`${await svc.exportOpml(workspace)}\n`);
            return EXIT.ok;
          }
          const feeds = await svc.listFeeds(workspace);
          if (deps.format === 'json') io.stdout.write(`${JSON.stringify({ feeds: feeds.map(feedJson) }, null, 2)}\n`);
          else printReply(feedListReply(feeds), 'md', io);
          return EXIT.ok;
        }
        case 'remove': {
          if (a.words.length !== 1) throw new UsageError(`Name one feed id. Usage: ${USAGE}`);
          const id = Number(a.words[0]!.replace(/^#/, ''));
          if (!Number.isInteger(id) || id <= 0) throw new UsageError(`"${a.words[0]!.slice(0, 40)}" is not a feed id; see sitrep feed list.`);
          const f = await svc.removeFeed(workspace, id);
          if (deps.format === 'json') io.stdout.write(`${JSON.stringify({ removed: feedJson(f) }, null, 2)}\n`);
          else io.stdout.write(`Removed ${describeFeed(f)}\nIts stored articles stay.\n`);
          return EXIT.ok;
        }
        case 'poll': {
          const ids = a.words.map((w) => Number(w.replace(/^#/, '')));
          if (ids.some((n) => !Number.isInteger(n) || n <= 0)) throw new UsageError(`Feed ids are whole numbers. Usage: ${USAGE}`);
          if (a.once) return printPolls(await svc.pollFeeds(workspace, ids), deps, io);
          const poller = feedDeps.startPoller(workspace);
          io.stderr.write(`Polling the feeds of workspace ${workspace} on their schedules; press Ctrl-C to stop.\n`);
          await feedDeps.untilStopped();
          await poller.stop();
          return EXIT.ok;
        }
        default:
          throw new UsageError(`Unknown feed command "${sub ?? ''}". Usage: ${USAGE}`);
      }
    },
  };
}

/** `sitrep add <url>`: fetch and store one article page. */
export const addArticleCli: CliCommand = {
  name: 'add',
  summary: 'Fetch one article page, extract its text and store it',
  usage: 'sitrep add <url>',
  async run(args, deps, io) {
    const urls = args.filter((a) => !a.startsWith('--'));
    if (urls.length !== 1) throw new UsageError('Name one article URL. Usage: sitrep add <url>');
    const r = await sources(deps).addArticle({ workspace: deps.workspace, url: urls[0]!, by: 'cli' });
    if (deps.format === 'json') {
      io.stdout.write(`${JSON.stringify({ ...r, publishedAt: r.publishedAt.toISOString() }, null, 2)}\n`);
    } else {
      const near = r.nearDuplicateOf.length ? `\nIt nearly duplicates stored article #${r.nearDuplicateOf.join(', #')}.` : '';
      io.stdout.write(
        r.status === 'added'
          ? `Added #${r.articleId} "${r.title}" (${r.source}, ${r.publishedAt.toISOString().slice(0, 10)}).${near}\n`
          : `Already stored as #${r.articleId} "${r.title}".\n`,
      );
    }
    return EXIT.ok;
  },
};
