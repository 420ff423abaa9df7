import { renderMarkdown } from '../../chat/markdown-renderer.ts';
import type { Publisher } from '../../chat/publisher.ts';

/**
 * Posts unprompted replies (feed-health notices) into the local console chat: the console has one channel, the
 * terminal, so a post is printed there.
 */
export function createConsolePublisher(output: { write(chunk: string): unknown }): Publisher {
  let n = 0;
  return {
    platform: 'console',
    async publish(_channel, reply) {
      output.write(`\n${renderMarkdown(reply, { plain: true })}\n`);
      return { messageIds: [`console-${++n}`] };
    },
  };
}
