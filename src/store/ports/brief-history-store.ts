import type { WorkspaceId } from '../../core/article.ts';
import type { BriefShown } from '../../core/changes.ts';

export type { BriefShown, ShownFigure } from '../../core/changes.ts';

/** What a brief, digest or timeline covered, so later ones can say what is new. */
export interface BriefRecord {
  /** Record id. */
  id: number;
  /** Story name or free-text query it was about. */
  subject: string;
  /** brief | digest | timeline | answer. */
  kind: string;
  /** Window start. */
  windowFrom: Date;
  /** Window end. */
  windowTo: Date;
  /** Engine that wrote it ("extractive", "llm:gpt-4.1-mini"). */
  engine: string;
  /** When it was produced. */
  createdAt: Date;
  /** Articles it cited. */
  articleIds: number[];
  /** Where it was shown: a channel or DM (`slack:C123`), or "" for the workspace as a whole (the CLI). */
  scope: string;
  /** What it showed; null for records written before this was kept. */
  shown: BriefShown | null;
}

/** A record to write: scope and shown content are optional. */
export type NewBriefRecord = Omit<BriefRecord, 'id' | 'scope' | 'shown'> & { scope?: string; shown?: BriefShown };

/** History of produced briefs. */
export interface BriefHistoryStore {
  /** Records a brief and the articles it cited; returns the record id. */
  recordBrief(workspace: WorkspaceId, record: NewBriefRecord): Promise<number>;
  /**
   * The most recent record for this subject (case-insensitive) and kind, or null; only those shown in `scope` when it
   * is given.
   */
  lastBrief(workspace: WorkspaceId, subject: string, kind: string, scope?: string): Promise<BriefRecord | null>;
}

/** Reads a stored `shown` column: null when absent or not what this version writes (never throws). */
export function parseShown(text: string | null | undefined): BriefShown | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Partial<BriefShown> | null;
    if (!v || !Array.isArray(v.bullets) || !Array.isArray(v.figures)) return null;
    return { bullets: v.bullets, figures: v.figures, actors: Array.isArray(v.actors) ? v.actors : [] };
  } catch {
    return null;
  }
}
