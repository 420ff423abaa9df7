import type { WorkspaceId } from '../core/article.ts';
import { SitrepError } from '../core/errors.ts';
import type { Reply } from './reply.ts';

/** A channel on a platform: where scheduled digests and notices are posted. */
export interface ChannelRef {
  /** `slack`, `discord` or `console`. */
  platform: string;
  /** Workspace that owns the channel (slack:T…, discord:…, local). */
  workspace: WorkspaceId;
  /** Platform channel id. */
  channelId: string;
}

/** Result of a confirmed post. */
export interface PublishResult {
  /** Platform message ids (a long reply may be split into several messages). */
  messageIds: string[];
}

/**
 * Posts replies to channels without a user interaction (digests, feed-health notices). Implemented by each chat
 * adapter; the scheduler only sees this port.
 */
export interface Publisher {
  /** Platform this publisher posts to. */
  readonly platform: string;
  /** Posts the reply; resolves once the platform confirmed it. Throws {@link ChannelUnavailableError} when the
   * channel is gone or the bot was removed, so the caller can pause instead of retrying forever. */
  publish(channel: ChannelRef, reply: Reply, delivery?: Delivery): Promise<PublishResult>;
}

/**
 * How a post that must reach the channel exactly once is delivered (a digest slot): which of its messages were
 * already confirmed, by an earlier attempt or by a process that stopped half-way, and where each new confirmation is
 * recorded before the next message goes out.
 */
export interface Delivery {
  /** Stable id of the post; a platform that can refuse a repeated message gets a key per message derived from it. */
  readonly key: string;
  /** Messages the platform already confirmed, in order: that many leading messages are not posted again. */
  readonly sent: readonly string[];
  /**
   * Whether the message after `sent` may have reached the platform without its confirmation being recorded (an
   * attempt failed or a process stopped while posting it): look for it before posting it again where the platform
   * allows.
   */
  readonly uncertain: boolean;
  /** Records a confirmed message; false when the post was handed to another process: nothing more may be sent. */
  confirm(messageId: string): Promise<boolean>;
}

/** The post was handed to another process (its lease ran out) while this one was posting. */
export class DeliveryLostError extends SitrepError {
  constructor(message: string) {
    super('publish.delivery_lost', message);
  }
}

/**
 * Posts the messages of a reply that are not confirmed yet, in order, recording each confirmation before the next
 * is sent. `post` gets each message, its index and whether it may already be on the platform. Returns every
 * message id of the reply and whether this call posted the last message (so what follows the text, a chart, is
 * posted once).
 */
export async function deliverParts<P>(
  parts: readonly P[],
  delivery: Delivery | undefined,
  post: (part: P, index: number, inDoubt: boolean) => Promise<string>,
): Promise<{ messageIds: string[]; finished: boolean }> {
  const messageIds = [...(delivery?.sent ?? [])].slice(0, parts.length);
  const first = messageIds.length;
  for (let i = first; i < parts.length; i++) {
    const id = await post(parts[i]!, i, i === first && (delivery?.uncertain ?? false));
    messageIds.push(id);
    if (delivery && !(await delivery.confirm(id))) {
      throw new DeliveryLostError(`Another process took over this post after ${messageIds.length} of ${parts.length} messages.`);
    }
  }
  return { messageIds, finished: first < parts.length || parts.length === 0 };
}

/** The channel cannot be posted to any more (deleted, archived, bot removed or not allowed). */
export class ChannelUnavailableError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('publish.channel_unavailable', message, options);
  }
}
