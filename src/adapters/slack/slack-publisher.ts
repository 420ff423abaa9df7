import { webApi } from '@slack/bolt';
import { ChannelUnavailableError, type ChannelRef, type Publisher, type PublishResult } from '../../chat/publisher.ts';
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
  const clientFor = (token: string): webApi.WebClient => {
    let c = clients.get(token);
    if (!c) {
      c = new webApi.WebClient(token, deps.clientOptions);
      clients.set(token, c);
    }
    return c;
  };
  return {
    platform: 'slack',
    async publish(channel: ChannelRef, reply: Reply): Promise<PublishResult> {
      if (channel.platform !== 'slack' || !channel.workspace.startsWith('slack:')) {
        throw new SitrepError('publish.wrong_platform', `Not a Slack channel: ${channel.platform} ${channel.workspace}.`);
      }
      const teamId = channel.workspace.slice('slack:'.length);
      const token = await deps.tokenFor(teamId);
      if (!token) throw new ChannelUnavailableError(`Sitrep is not installed in Slack workspace ${teamId}.`);
      const client = clientFor(token);
      const messageIds: string[] = [];
      for (const m of renderSlack(reply, { maxMessages: deps.maxMessages ?? 3 })) {
        try {
          const res = await client.chat.postMessage({
            channel: channel.channelId,
            text: m.text,
            blocks: m.blocks,
            unfurl_links: false,
            unfurl_media: false,
          });
          if (res.ts) messageIds.push(res.ts);
        } catch (err) {
          const mapped = mapSlackPublishError(err, channel);
          deps.logger.warn({ err: mapped, posted: messageIds.length, channel: channel.channelId }, 'slack post failed');
          throw mapped;
        }
      }
      // After the text, and never a reason to post it again: a failed upload is logged and the digest stands.
      if (reply.chart) await uploadSlackChart(client, { channel: channel.channelId }, reply.chart, deps.logger);
      return { messageIds };
    },
  };
}
