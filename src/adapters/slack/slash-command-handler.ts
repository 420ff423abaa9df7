import type { App, RespondFn } from '@slack/bolt';
import type { Command, OptionValues } from '../../../commands/command.ts';
import { replyForError } from '../../chat/error-reply.ts';
import type { Reply } from '../../chat/reply.ts';
import { renderSlack } from '../../chat/slack-renderer.ts';
import { SitrepError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { parseSlashText } from './command-text.ts';
import { runSlackCommand, workingText, type SlackHandlerDeps } from './command-runner.ts';
import { uploadSlackChart } from './slack-chart.ts';

/** A response_url accepts five messages in 30 minutes; keep one in reserve. */
const MAX_RESPONSES = 4;

/** Sends a reply through the command's response_url: public replies in the channel, the rest only to the user. */
async function respondWith(respond: RespondFn, reply: Reply, logger: Logger, log: Record<string, unknown>): Promise<void> {
  const responseType = reply.visibility === 'public' ? 'in_channel' : 'ephemeral';
  for (const m of renderSlack(reply, { maxMessages: MAX_RESPONSES })) {
    try {
      await respond({ response_type: responseType, text: m.text, blocks: m.blocks });
    } catch (err) {
      // The user already saw "working on it"; all that is left is to make the failure findable.
      logger.error({ err, ...log }, 'slack respond() failed');
      return;
    }
  }
}

/**
 * Registers one Slack slash command per registry command, all through the same path: parse the text (a usage error is
 * answered in the ack itself), ack at once with a short ephemeral "working on it", then run the command and deliver
 * the result with respond(). The slow part never delays the ack, so Slack never shows "operation timed out".
 */
export function registerSlashCommands(app: App, deps: SlackHandlerDeps): void {
  for (const command of deps.commands) {
    app.command(`/${command.name}`, async ({ command: payload, ack, respond, client }) => {
      const log = { command: command.name, team: payload.team_id, user: payload.user_id };
      let options: OptionValues;
      let workspace: string;
      try {
        // A request from a team this app does not serve is refused in the ack, before any work.
        const ws = deps.workspaceOf(payload.team_id || undefined, payload.enterprise_id || undefined);
        if (!ws) throw new SitrepError('slack.no_team', 'A slash command arrived without a team id.');
        workspace = ws;
        options = parseSlashText(command, payload.text);
      } catch (err) {
        const [first] = renderSlack(replyForError(err, deps.logger, log), { maxMessages: 1 });
        await ack({ response_type: 'ephemeral', text: first?.text ?? 'Sorry, that did not work.', blocks: first?.blocks ?? [] });
        return;
      }
      await ack({ response_type: 'ephemeral', text: workingText(`/${command.name}`) });
      await deps.track(
        (async () => {
          const reply = await runFromSlash(deps, command, options, { ...payload, workspace }, client).catch((err: unknown) =>
            replyForError(err, deps.logger, log),
          );
          await respondWith(respond, reply, deps.logger, log);
          // A public reply's chart follows it into the channel (a response_url cannot carry files).
          if (reply.chart && reply.visibility === 'public') {
            await uploadSlackChart(client, { channel: payload.channel_id }, reply.chart, deps.logger);
          }
        })(),
      );
    });
  }
  // A command the app's configuration still lists but this version does not have (an upgrade or downgrade in
  // progress) gets a clear answer instead of Slack's "dispatch_failed".
  const known = deps.commands.map((c) => c.name.replace(/[^a-z0-9_-]/g, '')).join('|');
  app.command(new RegExp(`^/(?!(?:${known})$)`), async ({ command: payload, ack }) => {
    deps.logger.warn({ command: payload.command, team: payload.team_id }, 'unknown slack command');
    await ack({
      response_type: 'ephemeral',
      text: `This Sitrep has no ${payload.command.slice(0, 40)} command. Its commands: ${deps.commands.map((c) => `/${c.name}`).join(', ')}.`,
    });
  });
}

async function runFromSlash(
  deps: SlackHandlerDeps,
  command: Command,
  options: OptionValues,
  payload: { workspace: string; user_id: string; user_name: string; channel_id: string },
  client: Parameters<typeof runSlackCommand>[3]['client'],
): Promise<Reply> {
  return runSlackCommand(deps, command, options, {
    workspace: payload.workspace,
    userId: payload.user_id,
    userName: payload.user_name,
    channelId: payload.channel_id,
    client,
  });
}
