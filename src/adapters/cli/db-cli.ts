import { UsageError } from '../../../commands/parse.ts';
import type { Logger } from '../../core/logger.ts';
import type { CliCommand } from './cli-command.ts';
import { EXIT, printError, type CliIO, type Format } from './output.ts';

const USAGE = 'sitrep db copy --from <sqlite file | postgres://…> --to <postgres://… | sqlite file>';

function parseCopy(args: readonly string[]): { from: string; to: string } {
  const found: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--(from|to)(?:=(.*))?$/.exec(a);
    if (!m) throw new UsageError(`Unknown argument "${a}". Usage: ${USAGE}`);
    const value = m[2] ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${m[1]} needs a database. Usage: ${USAGE}`);
    found[m[1]!] = value;
  }
  if (!found['from'] || !found['to']) throw new UsageError(`Both --from and --to are needed. Usage: ${USAGE}`);
  return { from: found['from'], to: found['to'] };
}

/**
 * `sitrep db copy`: moves a whole database between engines (a SQLite file to PostgreSQL, or back). It opens neither
 * side through the app, so it runs without the `--db` database. Returns the exit code.
 */
export async function runDbCli(args: readonly string[], format: Format, io: CliIO, logger: Logger): Promise<number> {
  try {
    if (args[0] !== 'copy') throw new UsageError(`Unknown db command "${args[0] ?? ''}". Usage: ${USAGE}`);
    const { from, to } = parseCopy(args.slice(1));
    let last = '';
    // Loaded only here: the other commands never pay for loading both database drivers' copy code.
    const { copyDatabase } = await import('../../store/copy/db-copy.ts');
    const tables = await copyDatabase({
      from,
      to,
      onProgress: (table, copied) => {
        if (!io.stderrIsTTY) return;
        if (table !== last && last) io.stderr.write('\n');
        last = table;
        io.stderr.write(`\rcopying ${table}: ${copied.toLocaleString('en')} rows`);
      },
    });
    if (last && io.stderrIsTTY) io.stderr.write('\n');
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ kind: 'db-copy', tables }, null, 2)}\n`);
    } else {
      const width = Math.max(...tables.map((t) => t.table.length));
      io.stdout.write('Copied; row counts match on both sides.\n');
      for (const t of tables) io.stdout.write(`${t.table.padEnd(width)}  ${t.target.toLocaleString('en').padStart(10)} rows (${t.copied.toLocaleString('en')} copied now)\n`);
    }
    return EXIT.ok;
  } catch (err) {
    return printError(err, format, io, logger);
  }
}

/** `db` in the command list (help); main.ts runs it before opening any database, through {@link runDbCli}. */
export const dbCli: CliCommand = {
  name: 'db',
  summary: 'copy a whole database between SQLite and PostgreSQL (resumable, counts checked)',
  usage: USAGE,
  run: (args, deps, io) => runDbCli(args, deps.format, io, deps.logger),
};
