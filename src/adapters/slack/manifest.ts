import type { Command } from '../../../commands/command.ts';
import { UserError } from '../../core/errors.ts';

/** Bot scopes Sitrep asks for, each for one reason. */
export const BOT_SCOPES = [
  'commands', // slash commands
  'chat:write', // answers in DMs and threads (also updating/deleting the bot's own "working on it" line), digests
  'app_mentions:read', // @Sitrep in channels
  'im:history', // questions in the app's DM (message.im)
  'channels:history', // the first message of a thread the bot is mentioned in, to answer follow-ups to a brief
  'groups:history', // the same in private channels
  'users:read', // admin check when changes are restricted to admins
  'files:write', // story-volume charts of timelines and digests, uploaded after the text
] as const;

/** Events Sitrep subscribes to. */
export const BOT_EVENTS = ['app_mention', 'message.im'] as const;

/** Extra events for multi-workspace installs, so an uninstall removes the stored tokens. */
export const INSTALL_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;

/** Where and how the app is reached. */
export interface ManifestOptions {
  /** Socket Mode (no public URL needed). */
  socketMode: boolean;
  /** Public https base URL of this server (HTTP mode; also the OAuth redirect for multi-workspace installs). */
  publicUrl?: string | undefined;
  /** Multi-workspace distribution with OAuth. */
  oauth?: boolean;
  /** App and bot name. Default "Sitrep". */
  name?: string;
}

/** A slash command entry of the manifest. */
export interface ManifestSlashCommand {
  /** `/name`, at most 32 characters. */
  command: string;
  /** One line shown in Slack's command picker. */
  description: string;
  /** Arguments shown after the command name. */
  usage_hint?: string;
  /** False: the text arrives with readable names rather than ids. */
  should_escape: boolean;
  /** Request URL (HTTP mode only). */
  url?: string;
}

/** The usage hint Slack shows after the command name (the usage line without the command word). */
export function usageHint(command: Command): string {
  return command.usage
    .replace(new RegExp(`^/?${command.name}\\s*`), '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Builds a Slack app manifest from the command registry: one slash command per command (name, description, usage
 * hint), the scopes and events Sitrep needs, Socket Mode or HTTP request URLs. Throws a UserError when HTTP mode has
 * no public URL, or a command cannot be a Slack command.
 */
export function buildSlackManifest(commands: readonly Command[], options: ManifestOptions): Record<string, unknown> {
  const name = options.name ?? 'Sitrep';
  const base = options.publicUrl?.replace(/\/+$/, '');
  if (!options.socketMode && !base) {
    throw new UserError('slack.manifest_url', 'HTTP mode needs the public https URL Slack will call.', {
      hint: 'Pass --url https://your-host (or set SLACK_PUBLIC_URL), or use --socket-mode.',
    });
  }
  if (commands.length > 50) throw new UserError('slack.manifest_commands', `Slack allows 50 slash commands; got ${commands.length}.`);
  const requestUrl = base ? `${base}/slack/events` : undefined;
  const slashCommands: ManifestSlashCommand[] = commands.map((c) => {
    const command = `/${c.name}`;
    if (command.length > 32 || !/^\/[a-z0-9_-]+$/.test(command)) {
      throw new UserError('slack.manifest_command', `"${command}" cannot be a Slack command (lower case, at most 32 characters).`);
    }
    return {
      command,
      description: c.description,
      ...(usageHint(c) ? { usage_hint: usageHint(c) } : {}),
      should_escape: false,
      ...(!options.socketMode && requestUrl ? { url: requestUrl } : {}),
    };
  });
  const events = [...BOT_EVENTS, ...(options.oauth ? INSTALL_EVENTS : [])];
  return {
    display_information: {
      name,
      description: 'Cited geopolitical briefs, answers and daily digests from the articles you feed it.',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
      slash_commands: slashCommands,
    },
    oauth_config: {
      ...(options.oauth && base ? { redirect_urls: [`${base}/slack/oauth_redirect`] } : {}),
      scopes: { bot: [...BOT_SCOPES] },
    },
    settings: {
      event_subscriptions: {
        ...(!options.socketMode && requestUrl ? { request_url: requestUrl } : {}),
        bot_events: events,
      },
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  };
}
