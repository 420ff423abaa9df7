import { commandRows } from '../../../commands/help.ts';
import { coerceOptions, parseCommandTokens, UsageError } from '../../../commands/parse.ts';
import type { CliDeps } from './cli-command.ts';
import { saveChart, takeChartOption } from './chart-option.ts';
import { importCli } from './import-cli.ts';
import { EXIT, printError, printReply, type CliIO } from './output.ts';

/** A chat usage line in terminal syntax: `[since:24h|7d]` becomes `[--since 24h|7d]`. */
export function cliUsage(usage: string): string {
  return usage.replace(/(\w+):(\S+)/g, '--$1 $2');
}

/** Help text listing every command. */
export function helpText(deps: Pick<CliDeps, 'commands' | 'extra'>): string {
  const rows: [string, string][] = [
    ...[importCli, ...(deps.extra ?? [])].map((c): [string, string] => [c.usage, c.summary]),
    // A chat command with a terminal-only counterpart (digest) is listed once, in its terminal form.
    ...commandRows(deps.commands.filter((c) => !deps.extra?.some((e) => e.name === c.name))).map((c): [string, string] => [
      `sitrep ${cliUsage(c.usage)}`,
      c.description,
    ]),
    ['sitrep serve', 'Run the bot: Slack/Discord when configured, else a local console chat'],
  ];
  const width = Math.min(60, Math.max(...rows.map((r) => r[0].length)));
  return [
    'Sitrep: cited geopolitical briefs from the articles you feed it.',
    '',
    'Usage:',
    ...rows.map(([u, s]) => `  ${u.padEnd(width)}  ${s}`),
    '',
    'Global options: --db <file> (env SITREP_DB), --workspace <id> (default "local"), --format md|json',
    '',
  ].join('\n');
}

/** Runs one CLI command (argv after the global options) and returns the exit code. */
export async function runCli(args: readonly string[], deps: CliDeps, io: CliIO): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(helpText(deps));
    return name ? EXIT.ok : EXIT.usage;
  }
  try {
    const terminal = [importCli, ...(deps.extra ?? [])].find((c) => c.name === name);
    if (terminal) return await terminal.run(rest, deps, io);
    const command = deps.commands.find((c) => c.name === name);
    if (!command) {
      io.stderr.write(`sitrep: unknown command "${name}". Run "sitrep help" for the list.\n`);
      return EXIT.usage;
    }
    const { chart, rest: words } = takeChartOption(command.name, rest);
    let options;
    try {
      options = coerceOptions(command, parseCommandTokens(command, words));
    } catch (err) {
      // The usage line in the hint is written for chat; show the terminal's syntax instead.
      if (err instanceof UsageError) throw new UsageError(err.message, { ...command, usage: cliUsage(command.usage) });
      throw err;
    }
    const reply = await command.run(options, { workspace: deps.workspace, user: { id: 'cli' }, services: deps.services });
    printReply(reply, deps.format, io);
    if (chart) saveChart(reply, chart, io);
    return EXIT.ok;
  } catch (err) {
    return printError(err, deps.format, io, deps.logger);
  }
}
