import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Command, CommandServices } from '../../../commands/command.ts';
import { coerceOptions } from '../../../commands/parse.ts';
import { renderMarkdown } from '../../chat/markdown-renderer.ts';
import type { WorkspaceId } from '../../core/article.ts';
import { publicError } from '../../core/public-error.ts';
import type { Logger } from '../../core/logger.ts';
import type { z } from 'zod';
import { briefOutput, storiesOutput, toolInputShape } from './tool-schema.ts';

/** The commands served as tools, with the shape of their structured result. */
const TOOLS: Readonly<Record<string, z.ZodType>> = {
  brief: briefOutput,
  ask: briefOutput,
  timeline: briefOutput,
  stories: storiesOutput,
};

/** The names of the tools `sitrep mcp` serves. */
export const MCP_TOOL_NAMES: readonly string[] = Object.keys(TOOLS);

/** What the MCP server needs. */
export interface McpServerDeps {
  /** The command registry; the tools are taken from it by name. */
  commands: readonly Command[];
  /** Services for commands. */
  services: CommandServices;
  /** The one workspace every tool call reads. */
  workspace: WorkspaceId;
  /** Logger (stderr: stdout carries the protocol). */
  logger: Logger;
  /** Server version reported to clients. */
  version?: string;
}

/**
 * A tool error carrying our message and hint as text. Clients check any structured content of a result against the
 * tool's output schema, errors included, so an error carries none.
 */
function toolError(message: string, hint?: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: hint ? `${message}\n${hint}` : message }] };
}

/**
 * Builds an MCP server exposing the read-only commands `brief`, `ask`, `timeline` and `stories` as tools scoped to
 * one workspace. Inputs are checked by the command's own validation, so an agent gets the same clear messages as a
 * chat user; results carry the reply as Markdown text plus the `--format json` object as structured content.
 * Commands that change state are never served: an agent can read the workspace, not change it.
 */
export function createMcpServer(deps: McpServerDeps): McpServer {
  const server = new McpServer({ name: 'sitrep', version: deps.version ?? '0.1.0' });
  const logger = deps.logger.child({ component: 'mcp' });
  for (const [name, outputSchema] of Object.entries(TOOLS)) {
    const command = deps.commands.find((c) => c.name === name);
    if (!command) throw new Error(`The command registry has no "${name}" command to serve over MCP.`);
    if (command.mutates) throw new Error(`"${name}" changes workspace state; the MCP server is read-only.`);
    server.registerTool(
      name,
      {
        title: `Sitrep ${name}`,
        description: `${command.description}. Reads workspace "${deps.workspace}" only.`,
        inputSchema: toolInputShape(command),
        outputSchema,
        annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
      },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        try {
          const options = coerceOptions(command, args);
          const reply = await command.run(options, { workspace: deps.workspace, user: { id: 'mcp' }, services: deps.services });
          return {
            content: [{ type: 'text', text: renderMarkdown(reply) }],
            structuredContent: (reply.data ?? {}) as Record<string, unknown>,
          };
        } catch (err) {
          const shown = publicError(err, logger, { tool: name }, { logMessage: 'tool call failed' });
          return toolError(shown.message, shown.hint);
        }
      },
    );
  }
  return server;
}
