import { createHash } from 'node:crypto';
import { normaliseForHash } from './text.ts';

/** A workspace id: "local", "slack:T123", "discord:456". Every stored row belongs to exactly one. */
export type WorkspaceId = string;

/** An article as handed to the store by an importer, before it has an id. */
export interface NewArticle {
  /** Canonical URL when known; the identity used for dedup together with the content hash. */
  url: string | null;
  /** Headline. */
  title: string;
  /** Outlet or source label ("Reuters", "LibyaWar_cnn", a feed title). */
  source: string;
  /** When the outlet published it. */
  publishedAt: Date;
  /** BCP-47 language tag when known ("en"), else null. */
  language: string | null;
  /** Clean body text: paragraphs separated by blank lines, no boilerplate. */
  body: string;
}

/** A stored article. */
export interface Article extends NewArticle {
  /** Store-assigned id, unique within the whole database. */
  id: number;
  /** Workspace the article belongs to. */
  workspace: WorkspaceId;
  /** When Sitrep stored it. */
  ingestedAt: Date;
  /** Hash of the normalised title + body, used for dedup. */
  contentHash: string;
}

/** Outcome of storing one article. */
export type AddOutcome =
  | { status: 'added'; id: number }
  | { status: 'duplicate'; id: number; reason: 'url' | 'content' };

/** Hash of the normalised body: two copies that differ only in case, punctuation or whitespace collide. */
export function contentHash(body: string): string {
  return createHash('sha256').update(normaliseForHash(body)).digest('hex').slice(0, 32);
}
