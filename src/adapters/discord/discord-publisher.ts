import { createHash } from 'node:crypto';
import { DiscordAPIError, type REST } from '@discordjs/rest';
import { ChannelType, RESTJSONErrorCodes, Routes, type APIChannel, type APIMessage } from 'discord-api-types/v10';
import { renderDiscord } from '../../chat/discord-renderer.ts';
import { ChannelUnavailableError, deliverParts, type ChannelRef, type Delivery, type Publisher, type PublishResult } from '../../chat/publisher.ts';
import type { Reply } from '../../chat/reply.ts';
import { SitrepError } from '../../core/errors.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { DurableThreads } from '../../core/thread-context.ts';
import { postDiscordChart } from './discord-chart.ts';

/** Discord errors that mean "this channel cannot be posted to any more": retrying will not help. */
const UNAVAILABLE = new Set<number | string>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
]);

function mapError(err: unknown, channelId: string): unknown {
  if (err instanceof DiscordAPIError && UNAVAILABLE.has(err.code)) {
    return new ChannelUnavailableError(`Discord channel ${channelId} is unavailable: ${err.message}`, { cause: err });
  }
  return err;
}

/**
 * Checks that the channel belongs to the workspace the reply was made for, so a digest of one server can never be
 * posted into another server's channel (or a personal DM workspace into someone else's DM).
 */
function assertOwnedBy(channel: APIChannel, ref: ChannelRef): void {
  const dm = /^discord:dm:(\d+)$/.exec(ref.workspace);
  const guild = /^discord:(\d+)$/.exec(ref.workspace);
  const guildId = 'guild_id' in channel ? channel.guild_id : undefined;
  const owned = dm
    ? channel.type === ChannelType.DM && (channel.recipients ?? []).some((u) => u.id === dm[1])
    : guild !== null && guildId === guild[1];
  if (!owned) {
    throw new ChannelUnavailableError(`Discord channel ${ref.channelId} does not belong to workspace ${ref.workspace}.`);
  }
}

/** Discord's nonce for one message of a delivery: at most 25 characters, the same on every attempt and process. */
export function messageNonce(key: string, index: number): string {
  return createHash('sha256').update(`${key}#${index}`).digest('base64url').slice(0, 25);
}

/** Options for {@link createDiscordPublisher}. */
export interface DiscordPublisherDeps {
  /** REST client with the bot token. */
  rest: REST;
  /** Most messages one post may take. Default 3. */
  maxMessages?: number;
  /** Where a failed chart upload is reported. */
  logger?: Logger;
  /**
   * Where what a posted digest is about is kept (the database), so that a reply to it is a follow-up about its story
   * and period, whichever instance holds the gateway when the reply comes.
   */
  threads?: DurableThreads | undefined;
  /** Current time (when a digest was posted). */
  clock?: () => Date;
}

/**
 * The Publisher port for Discord channels: renders the reply to embeds (never pinging anyone) and posts it through
 * REST, so scheduled posts work with or without a gateway connection. Unknown Channel (10003), Missing Access (50001),
 * Missing Permissions (50013) and Cannot Send To This User (50007) become {@link ChannelUnavailableError}.
 */
export function createDiscordPublisher(deps: DiscordPublisherDeps): Publisher {
  return {
    platform: 'discord',
    async publish(ref: ChannelRef, reply: Reply, delivery?: Delivery): Promise<PublishResult> {
      if (ref.platform !== 'discord') {
        throw new SitrepError('publish.wrong_platform', `The Discord publisher cannot post to ${ref.platform} channels.`);
      }
      if (!/^\d{5,25}$/.test(ref.channelId)) {
        throw new ChannelUnavailableError(`"${ref.channelId.slice(0, 40)}" is not a Discord channel id.`);
      }
      let messageIds: string[];
      let finished: boolean;
      try {
        const channel = (await deps.rest.get(Routes.channel(ref.channelId))) as APIChannel;
        assertOwnedBy(channel, ref);
        const parts = renderDiscord(reply, { maxMessages: deps.maxMessages ?? 3 });
        ({ messageIds, finished } = await deliverParts(parts, delivery, async (body, index) => {
          // With a delivery key, Discord itself refuses a repeat of a message whose confirmation was lost: a message
          // with the same nonce from the same bot in the last few minutes is returned instead of posted again.
          const once = delivery ? { nonce: messageNonce(delivery.key, index), enforce_nonce: true } : {};
          const sent = (await deps.rest.post(Routes.channelMessages(ref.channelId), { body: { ...body, ...once } })) as APIMessage;
          return sent.id;
        }));
      } catch (err) {
        throw mapError(err, ref.channelId);
      }
      if (reply.thread && deps.threads) {
        const at = (deps.clock ?? (() => new Date()))();
        for (const id of messageIds) {
          try {
            await deps.threads.rememberThread(`discord:${id}`, reply.thread, at);
          } catch (err) {
            (deps.logger ?? silentLogger).warn({ err, message: id }, 'could not record what this digest is about; replies to it will be answered as plain messages');
          }
        }
      }
      // After the text, and never a reason to post it again: a failed upload is logged and the digest stands.
      if (reply.chart && finished) await postDiscordChart(deps.rest, ref.channelId, reply.chart, deps.logger ?? silentLogger);
      return { messageIds };
    },
  };
}
