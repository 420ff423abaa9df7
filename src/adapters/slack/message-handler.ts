import type { App, webApi } from '@slack/bolt';
import { replyForError } from '../../chat/error-reply.ts';
import type { Reply } from '../../chat/reply.ts';
import { renderSlack, type SlackMessage } from '../../chat/slack-renderer.ts';
import { uploadSlackChart } from './slack-chart.ts';
import { SitrepError } from '../../core/errors.ts';
import { decodeThreadContext, type ThreadContext } from '../../core/thread-context.ts';
import { followUpOptions } from '../../../commands/follow-up.ts';
import { interpretMessage, slackToPlain, stripBotMention } from './command-text.ts';
import { slackHelp, runSlackCommand, workingText, type SlackHandlerDeps } from './command-runner.ts';

/** A DM or a mention, reduced to what answering it needs. */
interface IncomingText {
  eventId: string | undefined;
  teamId: string | undefined;
  enterpriseId: string | undefined;
  text: string;
  user: string;
  channel: string;
  /** The message's own ts. */
  ts: string;
  /** Set when the message was written in a thread: the answer goes there too. */
  threadTs: string | undefined;
  /** A mention in a channel (others can see the answer) rather than the bot's DM. */
  inChannel: boolean;
  botUserId: string | undefined;
  client: webApi.WebClient;
}

function eventEnvelope(body: unknown): { eventId: string | undefined; teamId: string | undefined; enterpriseId: string | undefined } {
  const b = body as { event_id?: string; team_id?: string; enterprise_id?: string | null };
  return { eventId: b.event_id, teamId: b.team_id, enterpriseId: b.enterprise_id ?? undefined };
}

/**
 * Registers the handlers for messages in the app's DM (`message.im`) and for mentions (`app_mention`): each is a
 * question, or a command typed without the slash. Bot messages, edits and every other message subtype are ignored,
 * and an event id already in the ledger (Slack's retry of an event we received) is not answered again.
 */
export function registerMessageHandlers(app: App, deps: SlackHandlerDeps): void {
  const ignore = (why: string, body: unknown): void =>
    deps.logger.debug({ why, event: eventEnvelope(body).eventId }, 'slack message ignored');
  app.message(async ({ message, body, context, client }) => {
    if (message.subtype !== undefined) return ignore(`subtype ${message.subtype}`, body);
    if (message.channel_type !== 'im') return ignore('not a DM', body);
    if (message.bot_id || message.edited || !message.user) return ignore('bot message or edit', body);
    await answer(deps, {
      ...eventEnvelope(body),
      text: message.text ?? '',
      user: message.user,
      channel: message.channel,
      ts: message.ts,
      threadTs: message.thread_ts,
      inChannel: false,
      botUserId: context.botUserId,
      client,
    });
  });

  app.event('app_mention', async ({ event, body, context, client }) => {
    // In the bot's DM the message handler answers; a mention there would otherwise be answered twice.
    if (event.channel.startsWith('D')) return ignore('mention in a DM', body);
    if (event.subtype !== undefined || event.bot_id || event.edited || !event.user) return ignore('bot mention or edit', body);
    await answer(deps, {
      ...eventEnvelope(body),
      text: event.text,
      user: event.user,
      channel: event.channel,
      ts: event.ts,
      threadTs: event.thread_ts,
      inChannel: true,
      botUserId: context.botUserId,
      client,
    });
  });
}

async function answer(deps: SlackHandlerDeps, m: IncomingText): Promise<void> {
  const log = { team: m.teamId, user: m.user, channel: m.channel, event: m.eventId };
  if (!(await deps.ledger.claim(m.eventId, m.teamId))) {
    deps.logger.info(log, 'duplicate slack event ignored');
    return;
  }
  await deps.track(
    (async () => {
      let reply: Reply;
      let privately = false;
      let posting: Promise<string | undefined> | undefined;
      try {
        const workspace = deps.workspaceOf(m.teamId, m.enterpriseId);
        if (!workspace) throw new SitrepError('slack.no_team', 'An event arrived without a team id.');
        const intent = interpretMessage(deps.commands, slackToPlain(stripBotMention(m.text, m.botUserId)));
        if (intent.kind === 'help') {
          reply = slackHelp(deps.commands);
          privately = true;
        } else {
          // A command can take seconds (an LLM answer); show at once that it is being worked on. The placeholder is
          // posted while the command runs, not before it: its round trip to Slack adds nothing to the answer's time.
          posting = postPlaceholder(deps, m, workingText(intent.question ? 'your question' : `/${intent.command.name}`));
          // A question in the thread of a brief is a follow-up: same subject, same window.
          const context = intent.question ? await threadContext(deps, m) : null;
          const options = context ? { ...intent.options, ...followUpOptions(context) } : intent.options;
          reply = await runSlackCommand(deps, intent.command, options, {
            workspace,
            userId: m.user,
            channelId: m.channel,
            client: m.client,
          });
          // Someone who asks in the open gets an open answer; private command replies stay private.
          privately = reply.visibility === 'private' && !intent.question;
        }
      } catch (err) {
        reply = replyForError(err, deps.logger, log);
        privately = true;
      }
      // postPlaceholder never rejects: it logs and resolves to undefined.
      await post(deps, m, reply, m.inChannel && privately, await posting);
    })(),
  );
}

/**
 * The context of the thread this message was written in, read from the thread's first message when that is one of
 * Sitrep's briefs (its first block's block_id). Null outside threads, under other messages, and when Slack does not
 * let the bot read the thread (a channel where it lacks the history scope): the message is then a plain question.
 */
async function threadContext(deps: SlackHandlerDeps, m: IncomingText): Promise<ThreadContext | null> {
  if (!m.threadTs || m.threadTs === m.ts) return null;
  try {
    const res = await m.client.conversations.replies({ channel: m.channel, ts: m.threadTs, limit: 1, inclusive: true });
    const root = res.messages?.[0];
    if (!root || root.ts !== m.threadTs || !(root.bot_id || (m.botUserId && root.user === m.botUserId))) return null;
    for (const block of root.blocks ?? []) {
      const context = decodeThreadContext(block.block_id);
      if (context) return context;
    }
    return null;
  } catch (err) {
    deps.logger.warn({ err, team: m.teamId, channel: m.channel }, 'slack thread could not be read; answering as a plain question');
    return null;
  }
}

/** Posts the "working on it" line where the answer will go; its ts, or undefined when it could not be posted. */
async function postPlaceholder(deps: SlackHandlerDeps, m: IncomingText, text: string): Promise<string | undefined> {
  try {
    const res = await m.client.chat.postMessage({ channel: m.channel, text, ...thread(m) });
    return res.ts;
  } catch (err) {
    deps.logger.warn({ err, team: m.teamId, channel: m.channel }, 'slack placeholder could not be posted');
    return undefined;
  }
}

function thread(m: IncomingText): { thread_ts?: string } {
  return m.threadTs ? { thread_ts: m.threadTs } : {};
}

/**
 * Posts the reply (in the thread when there is one); in a channel, errors and private replies go to the user only.
 * With a placeholder, its first message replaces the placeholder. When it cannot (an ephemeral reply cannot replace
 * a public message; the placeholder may have been deleted), the whole reply is posted and the placeholder removed.
 */
async function post(deps: SlackHandlerDeps, m: IncomingText, reply: Reply, ephemeral: boolean, placeholder: string | undefined): Promise<void> {
  let replaced = false;
  try {
    let messages = renderSlack(reply, { maxMessages: 3 });
    if (placeholder !== undefined && !ephemeral && messages[0]) {
      replaced = await replacePlaceholder(deps, m, placeholder, messages[0]);
      if (replaced) messages = messages.slice(1);
    }
    for (const msg of messages) {
      if (ephemeral) {
        await m.client.chat.postEphemeral({ channel: m.channel, user: m.user, text: msg.text, blocks: msg.blocks, ...thread(m) });
      } else {
        await m.client.chat.postMessage({
          channel: m.channel,
          text: msg.text,
          blocks: msg.blocks,
          unfurl_links: false,
          unfurl_media: false,
          ...thread(m),
        });
      }
    }
  } catch (err) {
    deps.logger.error({ err, team: m.teamId, channel: m.channel }, 'slack answer could not be posted');
  }
  if (reply.chart && !ephemeral) await uploadSlackChart(m.client, { channel: m.channel, threadTs: m.threadTs }, reply.chart, deps.logger);
  // Removed only after the answer went out, so the user is never left with neither.
  if (placeholder !== undefined && !replaced) await deletePlaceholder(deps, m, placeholder);
}

async function replacePlaceholder(
  deps: SlackHandlerDeps,
  m: IncomingText,
  ts: string,
  msg: SlackMessage,
): Promise<boolean> {
  try {
    await m.client.chat.update({ channel: m.channel, ts, text: msg.text, blocks: msg.blocks });
    return true;
  } catch (err) {
    deps.logger.warn({ err, team: m.teamId, channel: m.channel }, 'slack placeholder could not be updated; posting the answer instead');
    return false;
  }
}

async function deletePlaceholder(deps: SlackHandlerDeps, m: IncomingText, ts: string): Promise<void> {
  try {
    await m.client.chat.delete({ channel: m.channel, ts });
  } catch (err) {
    // A stray "working on it" line is untidy but harmless; the answer itself is already posted.
    deps.logger.debug({ err, team: m.teamId, channel: m.channel }, 'slack placeholder could not be deleted');
  }
}
