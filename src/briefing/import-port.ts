import type { NewArticle, WorkspaceId } from '../core/article.ts';

/*
 * The import use case as the adapters see it (`sitrep import`, the demo corpus at start). The implementation is
 * `src/ingest/files/importer.ts`; adapters depend on this interface only.
 */

/** A problem with one file or line. */
export interface ImportProblem {
  /** `path` or `path:line`. */
  where: string;
  /** Why it was not stored. */
  reason: string;
}

/** What an import did. */
export interface ImportReport {
  /** Files read. */
  files: number;
  /** Articles stored. */
  added: number;
  /** Articles already stored (same canonical URL or same text). */
  duplicates: number;
  /** Inputs that could not be stored, each with its reason. */
  rejected: ImportProblem[];
  /** Files in scanned folders that are not of a supported type. */
  skipped: ImportProblem[];
}

/** Progress callback data. */
export interface ImportProgress {
  /** Files finished. */
  filesDone: number;
  /** Files found. */
  filesTotal: number;
  /** Articles processed so far (stored, duplicate or rejected). */
  items: number;
  /** File being read. */
  current: string;
}

/** Imports files and folders into a workspace. */
export interface Importer {
  /** Imports every supported file under the given paths (folders recurse). */
  importPaths(
    workspace: WorkspaceId,
    paths: readonly string[],
    options?: { onProgress?: (p: ImportProgress) => void },
  ): Promise<ImportReport>;
  /**
   * Stores already-parsed articles (demo corpus, tests, other ingesters), reporting like a file import. Any iterable:
   * it is read a batch at a time, so a generator of millions of articles never sits in memory whole.
   */
  importArticles(workspace: WorkspaceId, articles: Iterable<NewArticle>): Promise<ImportReport>;
}
