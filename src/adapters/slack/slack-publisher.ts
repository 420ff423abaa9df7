import { webApi } from '@slack/bolt';
import { ChannelUnavailableError, deliverParts, type ChannelRef, type Delivery, type Publisher, type PublishResult } from '../../chat/publisher.ts';
import type { Reply } from '../../chat/reply.ts';
import { renderSlack } from '../../chat/slack-renderer.ts';
import { SitrepError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { uploadSlackChart } from './slack-chart.ts';

/**
 * Slack error codes meaning the channel cannot be posted to until someone changes something (channel gone or
 * archived, bot removed, token revoked, workspace gone or restricted): retrying will not help.
 */
const UNAVAILABLE = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'team_access_not_granted',
  'team_not_found',
  'org_login_required',
  'ekm_access_denied',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  'channel_type_not_supported',
]);

/** Message-metadata event type that marks each message of a delivery with the delivery's key and the part's index. */
export const DELIVERY_EVENT = 'sitrep_delivery';

/**
 * The message of a delivery already in the channel (found by its metadata among the newest 100), or null. A channel
 * whose history cannot be read is treated as not having it: the message is posted, and a possible repeat logged.
 */
async function findDelivered(client: webApi.WebClient, channel: string, key: string, part: number, logger: Logger): Promise<string | null> {
  try {
    const res = await client.conversations.history({ channel, limit: 100, include_all_metadata: true });
    for (const m of res.messages ?? []) {
      const payload = m.metadata?.event_type === DELIVERY_EVENT ? (m.metadata.event_payload as Record<string, unknown> | undefined) : undefined;
      if (payload?.['key'] === key && payload['part'] === part && m.ts) return m.ts;
    }
    return null;
  } catch (err) {
    logger.warn({ err, channel, part }, 'could not read the channel to check for a message whose confirmation was lost; posting it, it may appear twice');
    return null;
  }
}

/** What the Slack publisher needs. */
export interface SlackPublisherDeps {
  /** The bot token for a Slack team id (from `slack:<team>`), or null when Sitrep is not installed there. */
  tokenFor(teamId: string): Promise<string | null>;
  /** WebClient options (API base URL, retry policy); the WebClient itself handles 429 Retry-After. */
  clientOptions: webApi.WebClientOptions;
  /** Logger. */
  logger: Logger;
  /** Most messages one reply may take (longer replies are cut with "…and N more"). Default 3. */
  maxMessages?: number;
}

/** Maps a Web API failure to our errors: a dead channel becomes ChannelUnavailableError, the rest stays retryable. */
export function mapSlackPublishError(err: unknown, channel: ChannelRef): SitrepError {
  const code = (err as { code?: string; data?: { error?: string } }).data?.error;
  if ((err as { code?: string }).code === webApi.ErrorCode.PlatformError && code && UNAVAILABLE.has(code)) {
    return new ChannelUnavailableError(`Slack channel ${channel.channelId} in ${channel.workspace} is unavailable (${code}).`, {
      cause: err,
    });
  }
  const what = code ?? (err instanceof Error ? err.message : String(err));
  return new SitrepError('publish.failed', `Posting to Slack channel ${channel.channelId} failed: ${what}`, { cause: err });
}

/**
 * The Publisher port for Slack: renders the reply to Block Kit and posts it with chat.postMessage (several messages
 * when it is long), using the bot token installed in the channel's workspace. A workspace Sitrep is not installed in
 * is unavailable, so one team's digest can never be posted with another team's token.
 */
export function createSlackPublisher(deps: SlackPublisherDeps): Publisher {
  const clients = new Map<string, webApi.WebClient>();
  // A delivery's messages are posted by a client that never repeats a failed call on its own: a call that timed out
  // or got a 5xx may have been posted, and only the delivery can look for it before trying again. (Rate limits are
  // still waited out by the client: a 429 posted nothing.)
  const clientFor = (token: string, once: boolean): webApi.WebClient => {
    const k = `${once ? '1' : '0'}${token}`;
    let c = clients.get(k);
    if (!c) {
      c = new webApi.WebClient(token, once ? { ...deps.clientOptions, retryConfig: { retries: 0 } } : deps.clientOptions);
      clients.set(k, c);
    }
    return c;
  };
  return {
    platform: 'slack',
    async publish(channel: ChannelRef, reply: Reply, delivery?: Delivery): Promise<PublishResult> {
      if (channel.platform !== 'slack' || !channel.workspace.startsWith('slack:')) {
        throw new SitrepError('publish.wrong_platform', `Not a Slack channel: ${channel.platform} ${channel.workspace}.`);
      }
      const teamId = channel.workspace.slice('slack:'.length);
      const token = await deps.tokenFor(teamId);
      if (!token) throw new ChannelUnavailableError(`Sitrep is not installed in Slack workspace ${teamId}.`);
      const client = clientFor(token, delivery !== undefined);
      const parts = renderSlack(reply, { maxMessages: deps.maxMessages ?? 3 });
      const { messageIds, finished } = await deliverParts(parts, delivery, async (m, index, inDoubt) => {
        // Slack has no idempotency key: each message of a delivery carries its key as message metadata, and a
        // message whose confirmation was lost is looked for in the channel before it is posted again.
        const found = delivery && inDoubt ? await findDelivered(client, channel.channelId, delivery.key, index, deps.logger) : null;
        if (found) return found;
        try {
          const res = await client.chat.postMessage({
            channel: channel.channelId,
            text: m.text,
            blocks: m.blocks,
            unfurl_links: false,
            unfurl_media: false,
            ...(delivery ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { key: delivery.key, part: index } } } : {}),
          });
          if (!res.ts) throw new SitrepError('publish.failed', `Slack did not return the id of the message posted to ${channel.channelId}.`);
          return res.ts;
        } catch (err) {
          const mapped = err instanceof SitrepError ? err : mapSlackPublishError(err, channel);
          deps.logger.warn({ err: mapped, posted: index, channel: channel.channelId }, 'slack post failed');
          throw mapped;
        }
      });
      // After the text, and never a reason to post it again: a failed upload is logged and the digest stands. (The
      // upload keeps the client's own retries, as before deliveries existed.)
      if (reply.chart && finished) await uploadSlackChart(clientFor(token, false), { channel: channel.channelId }, reply.chart, deps.logger);
      return { messageIds };
    },
  };
}
