import type { WorkspaceId } from '../../core/article.ts';

/** A near-duplicate link between two stored articles. */
export interface NearDuplicateLink {
  /** The article examined. */
  articleId: number;
  /** The earlier article it nearly duplicates. */
  duplicateOf: number;
  /** Estimated Jaccard similarity of their shingles (0–1). */
  similarity: number;
}

/** MinHash signatures of stored articles and the near-duplicate links found with them. */
export interface NearDuplicateStore {
  /**
   * Records the signatures of these articles (in one transaction) and links each to every other article of the
   * workspace whose signature is at least `threshold` similar. Returns the new links. Recording an article again
   * replaces its signature (after an edit).
   */
  linkNearDuplicates(
    workspace: WorkspaceId,
    articles: readonly { articleId: number; signature: Uint32Array }[],
    threshold: number,
    at: Date,
  ): Promise<NearDuplicateLink[]>;
  /** Every article linked to this one (either direction), with the similarity. */
  nearDuplicatesOf(workspace: WorkspaceId, articleId: number): Promise<{ articleId: number; similarity: number }[]>;
}
