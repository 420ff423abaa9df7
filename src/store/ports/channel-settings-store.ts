import type { WorkspaceId } from '../../core/article.ts';

/**
 * Settings a channel (or DM) keeps for what is shown in it: today the language its briefs, timelines and answers are
 * written in. Keyed by workspace and channel scope (`slack:C123`, `discord:456`, `console:local`).
 */
export interface ChannelSettingsStore {
  /** The channel's language code, or null when none was set. */
  channelLanguage(workspace: WorkspaceId, channel: string): Promise<string | null>;
  /** Sets (or, with null, clears) the channel's language. */
  setChannelLanguage(workspace: WorkspaceId, channel: string, language: string | null, by: string, at: Date): Promise<void>;
}
