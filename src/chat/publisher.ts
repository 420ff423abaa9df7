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
  publish(channel: ChannelRef, reply: Reply): Promise<PublishResult>;
}

/** The channel cannot be posted to any more (deleted, archived, bot removed or not allowed). */
export class ChannelUnavailableError extends SitrepError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('publish.channel_unavailable', message, options);
  }
}
