import type { BriefingService } from '../src/briefing/briefing-service.ts';
import type { DigestService } from '../src/briefing/digest-service.ts';
import type { SourcesService } from '../src/briefing/sources-port.ts';
import type { StoryService } from '../src/briefing/story-service.ts';
import type { VolumeService } from '../src/briefing/volume-service.ts';
import type { Reply, Visibility } from '../src/chat/reply.ts';
import type { WorkspaceId } from '../src/core/article.ts';

/** The type of an option value. */
export type OptionType = 'string' | 'integer' | 'boolean';

/** One option of a command, described as data so every adapter can build its own UI from it. */
export interface CommandOption {
  /** Lower-case name (`since`), 1–32 characters of [a-z0-9_-]. */
  name: string;
  /** Value type. */
  type: OptionType;
  /** One line, at most 100 characters. */
  description: string;
  /** Must be given. */
  required?: boolean;
  /** Taken from positional words (in order) where the adapter has them (CLI, console, Slack text). */
  positional?: boolean;
  /** Takes all remaining positional words as a list (only the last positional option). */
  variadic?: boolean;
  /** Allowed values. */
  choices?: readonly { name: string; value: string | number }[];
  /** What to autocomplete from, where the platform supports it. */
  autocomplete?: 'story';
  /** Inclusive bounds for integers. */
  min?: number;
  /** Inclusive bounds for integers. */
  max?: number;
}

/** Parsed option values. Variadic options are string lists. */
export type OptionValues = Record<string, string | number | boolean | string[] | undefined>;

/** Services commands may use: the briefing layer only (DESIGN.md boundaries). */
export interface CommandServices {
  /** Briefs, timelines, answers. */
  briefing: BriefingService;
  /** Tracked stories. */
  stories: StoryService;
  /** Scheduled digests (absent where the app does not provide them). */
  digests?: DigestService;
  /** Feed subscriptions and article pages, when the app provides them. */
  sources?: SourcesService;
  /** Articles per day of a story, for charts (absent: no chart). */
  volume?: VolumeService;
}

/** Where and for whom a command runs. */
export interface CommandContext {
  /** Workspace whose data the command may see. */
  workspace: WorkspaceId;
  /** Who runs it. */
  user: { id: string; name?: string };
  /** The channel it was run in, when there is one (platform + channel id). */
  channel?: { platform: string; id: string };
  /** Services. */
  services: CommandServices;
}

/** A command: data + handler. Shared by Slack, Discord, the console chat and the CLI. */
export interface Command {
  /** Lower-case name without slash. */
  name: string;
  /** One line, at most 100 characters. */
  description: string;
  /** Usage line shown on errors and in help, e.g. `brief <story> [since:7d]`. */
  usage: string;
  /** Options in positional order. */
  options: readonly CommandOption[];
  /** True when it changes workspace state (adapters may restrict who can run it). */
  mutates: boolean;
  /** Default visibility of its reply. */
  visibility: Visibility;
  /** Runs the command. Throws UserError for bad input. */
  run(options: OptionValues, ctx: CommandContext): Promise<Reply>;
}

/** Reads a string option (lists are joined with spaces). */
export function str(options: OptionValues, name: string): string | undefined {
  const v = options[name];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(' ') : String(v);
}

/** Reads a list option; a single string becomes a one-element list. */
export function list(options: OptionValues, name: string): string[] {
  const v = options[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [String(v)];
}

/** Where a command runs, as briefs and settings key it: `slack:C123`, or "" for the workspace as a whole (the CLI). */
export function placeOf(ctx: Pick<CommandContext, 'channel'>): string {
  return ctx.channel ? `${ctx.channel.platform}:${ctx.channel.id}` : '';
}
