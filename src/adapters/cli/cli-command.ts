import type { Command, CommandServices } from '../../../commands/command.ts';
import type { Importer } from '../../briefing/import-port.ts';
import type { Logger } from '../../core/logger.ts';
import type { CliIO, Format } from './output.ts';

// The shapes every terminal command shares, apart from the dispatcher in cli.ts, so that a command module and the
// dispatcher that lists it never import each other.

/** What the CLI needs; main.ts builds it. */
export interface CliDeps {
  /** Workspace to act on (`--workspace`). */
  workspace: string;
  /** Output format (`--format`). */
  format: Format;
  /** Chat commands (brief, ask, track …), shared with every other adapter. */
  commands: readonly Command[];
  /** Services for chat commands. */
  services: CommandServices;
  /** File import. */
  importer: Importer;
  /** Logger. */
  logger: Logger;
  /** Terminal-only commands added by features (feed, digest …). */
  extra?: readonly CliCommand[];
}

/** A terminal-only command (one that has no chat equivalent, like `import`). */
export interface CliCommand {
  /** First word. */
  name: string;
  /** One line for help. */
  summary: string;
  /** Usage line. */
  usage: string;
  /** Runs with the words after the name; returns the exit code. */
  run(args: string[], deps: CliDeps, io: CliIO): Promise<number>;
}
