import { UserError } from './errors.ts';
import type { WorkspaceId } from './article.ts';

/** A tracked story: a name and aliases that together define which articles belong to it. */
export interface Story {
  /** Store id. */
  id: number;
  /** Workspace the story belongs to. */
  workspace: WorkspaceId;
  /** Display name as the user typed it (trimmed, whitespace collapsed). */
  name: string;
  /** Extra phrases that also match the story. */
  aliases: string[];
  /** Who created it (platform user id or "cli"). */
  createdBy: string;
  /** When it was created. */
  createdAt: Date;
}

/** A story with its coverage figures, as `stories` lists it. */
export interface StoryWithStats extends Story {
  /** Number of stored articles that match the story. */
  articleCount: number;
  /** Publication time of the newest matching article, or null when none match. */
  newestAt: Date | null;
}

export const MAX_NAME_LENGTH = 80;
export const MAX_ALIASES = 20;

/**
 * Trims and validates a story name or alias. Names are what users type in chat, so they must be short, printable
 * and contain at least one letter or digit (in any script: Arabic, Cyrillic, accented Latin all work).
 */
export function normaliseStoryName(raw: string, what: 'name' | 'alias' = 'name'): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(raw)) {
    throw new UserError('story.invalid_name', `The story ${what} contains control characters; use plain text.`);
  }
  const name = raw.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+/gu, (m) => (/\s/u.test(m) ? ' ' : '')).trim();
  if (name.length === 0) {
    throw new UserError('story.invalid_name', `The story ${what} is empty.`, {
      hint: 'Example: track syria "islamic state" damascus',
    });
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new UserError(
      'story.invalid_name',
      `The story ${what} is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}.`,
    );
  }
  if (!/[\p{L}\p{N}]/u.test(name)) {
    throw new UserError('story.invalid_name', `The story ${what} "${name}" has no letters or digits.`);
  }
  if (what === 'name' && name.startsWith('-')) {
    throw new UserError('story.invalid_name', `The story name "${name}" starts with "-", which excludes words; a name must say what to track.`, {
      hint: 'Example: track syria -football (the exclusion comes after the name)',
    });
  }
  return name;
}

/** Case- and accent-insensitive key under which a story name is unique in its workspace. */
export function storyKey(name: string): string {
  return name.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase('en');
}

/** What a story name or alias says by its syntax: words, an exact phrase (in quotes), or an exclusion (`-word`). */
export interface AliasSyntax {
  /** `terms`: plain words; `phrase`: an exact phrase; `exclude`: articles that have it do not belong to the story. */
  kind: 'terms' | 'phrase' | 'exclude';
  /** The text without its syntax. */
  text: string;
}

const QUOTED = /^["\u201c\u201d'\u2018\u2019«»](.*)["\u201c\u201d'\u2018\u2019«»]$/su;

/**
 * Reads the syntax of a stored name or alias: a leading `-` excludes (`-football`, `-"premier league"`), straight or
 * curly quotes around it make an exact phrase. Plain text is `terms`; several plain words as an alias are a phrase
 * too, because a user can only type them as one alias in quotes (storyQuery treats them so).
 */
export function aliasSyntax(raw: string): AliasSyntax {
  const t = raw.trim();
  if (t.startsWith('-') && /[\p{L}\p{N}]/u.test(t)) return { kind: 'exclude', text: unquote(t.slice(1).trim()) };
  const q = QUOTED.exec(t);
  if (q && t.length > 1) return { kind: 'phrase', text: q[1]!.trim() };
  return { kind: 'terms', text: t };
}

function unquote(t: string): string {
  const q = QUOTED.exec(t);
  return q && t.length > 1 ? q[1]!.trim() : t;
}
