import type { WorkspaceId } from '../../core/article.ts';

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
}

/** History of produced briefs. */
export interface BriefHistoryStore {
  /** Records a brief and the articles it cited; returns the record id. */
  recordBrief(workspace: WorkspaceId, record: Omit<BriefRecord, 'id'>): Promise<number>;
  /** The most recent record for this subject (case-insensitive) and kind, or null. */
  lastBrief(workspace: WorkspaceId, subject: string, kind: string): Promise<BriefRecord | null>;
}
