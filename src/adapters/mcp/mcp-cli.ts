import type { Readable, Writable } from 'node:stream';
import type { Command, CommandServices } from '../../../commands/command.ts';
import { UsageError } from '../../../commands/parse.ts';
import type { Logger } from '../../core/logger.ts';

/** The streams the protocol runs over. */
export interface McpCliDeps {
  /** The process's stdin. */
  input: Readable;
  /** The process's stdout. */
  output: Writable;
}

/** What the CLI passes to a terminal command (the fields `sitrep mcp` uses). */
interface RunDeps {
  workspace: string;
  commands: readonly Command[];
  services: CommandServices;
  logger: Logger;
}

/** `sitrep mcp`: the terminal command that serves the read-only tools over stdio until the client hangs up. */
export function createMcpCli(streams: McpCliDeps) {
  return {
    name: 'mcp',
    summary: 'Serve brief, ask, timeline and stories as MCP tools over stdio (read-only)',
    usage: 'sitrep mcp [--workspace <id>]',
    async run(args: string[], deps: RunDeps): Promise<number> {
      if (args.length > 0) {
        throw new UsageError(`sitrep mcp takes no arguments; got "${args.join(' ').slice(0, 60)}".`);
      }
      // Loaded on demand: only this command needs the MCP SDK.
      const { serveMcpStdio } = await import('./mcp-stdio.ts');
      await serveMcpStdio({ ...streams, workspace: deps.workspace, commands: deps.commands, services: deps.services, logger: deps.logger });
      return 0;
    },
  };
}
