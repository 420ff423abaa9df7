import { UsageError } from '../../../commands/parse.ts';
import type { Format } from './output.ts';

/** Options every command accepts, wherever they appear on the line. */
export interface GlobalArgs {
  /** `--db <file>`. */
  db: string | undefined;
  /** `--workspace <id>`. */
  workspace: string;
  /** `--format md|json`. */
  format: Format;
  /** Everything else, in order. */
  rest: string[];
}

const WORKSPACE = /^(local|[a-z][a-z0-9_-]{0,31}(:[A-Za-z0-9_-]{1,64})?)$/;

/** Extracts the global options from argv. */
export function parseGlobalArgs(argv: readonly string[]): GlobalArgs {
  const out: GlobalArgs = { db: undefined, workspace: 'local', format: 'md', rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--(db|workspace|format)(?:=(.*))?$/.exec(a);
    if (!m) {
      out.rest.push(a);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`--${m[1]} needs a value.`);
    if (m[1] === 'db') out.db = value;
    else if (m[1] === 'workspace') {
      if (!WORKSPACE.test(value)) {
        throw new UsageError(
          `Invalid workspace "${value.slice(0, 80)}": use "local", a name like "team-a", or a chat workspace such as slack:T0123 or discord:1234.`,
        );
      }
      out.workspace = value;
    } else {
      if (value !== 'md' && value !== 'json') throw new UsageError(`--format must be md or json; got "${value}".`);
      out.format = value;
    }
  }
  return out;
}
