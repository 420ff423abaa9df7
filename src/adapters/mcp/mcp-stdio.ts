import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer, type McpServerDeps } from './mcp-server.ts';

/** What {@link serveMcpStdio} needs beyond the server's own dependencies. */
export interface McpStdioDeps extends McpServerDeps {
  /** Where requests arrive (the process's stdin). */
  input: Readable;
  /** Where responses go (the process's stdout: nothing else may write there). */
  output: Writable;
}

/**
 * Serves the tools over stdio until the client closes our stdin (or closes the session), so an agent that starts
 * `sitrep mcp` as a child process stops it by ending the pipe.
 */
export async function serveMcpStdio(deps: McpStdioDeps): Promise<void> {
  const server = createMcpServer(deps);
  const transport = new StdioServerTransport(deps.input, deps.output);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  // The SDK's transport does not watch for the end of its input; without this the process would never exit.
  const end = (): void => void server.close();
  deps.input.once('end', end);
  deps.input.once('close', end);
  await server.connect(transport);
  deps.logger.info({ workspace: deps.workspace }, 'MCP server listening on stdio');
  await closed;
  deps.input.off('end', end);
  deps.input.off('close', end);
}
