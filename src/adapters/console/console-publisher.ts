import { renderMarkdown } from '../../chat/markdown-renderer.ts';
import { deliverParts, type ChannelRef, type Publisher } from '../../chat/publisher.ts';

/** Options of {@link createConsolePublisher}. */
export interface ConsolePublisherOptions {
  /** Where posts are written (the console chat's output, or the terminal running the CLI). */
  output: { write(chunk: string): unknown };
  /** Current time; message ids carry it so ids from separate runs of the same process order and never collide. */
  clock: () => Date;
}

/**
 * The `console` platform: scheduled posts are printed to the terminal as plain Markdown, headed by the channel they
 * were addressed to, so digests can be tried locally without any chat credentials.
 */
export function createConsolePublisher(options: ConsolePublisherOptions): Publisher {
  let sequence = 0;
  return {
    platform: 'console',
    async publish(channel: ChannelRef, reply, delivery) {
      const { messageIds } = await deliverParts([reply], delivery, async (part) => {
        sequence += 1;
        options.output.write(`\n--- posted to console:${channel.channelId} (${channel.workspace}) ---\n${renderMarkdown(part, { plain: true })}\n`);
        return `console-${options.clock().getTime().toString(36)}-${sequence}`;
      });
      return { messageIds };
    },
  };
}
