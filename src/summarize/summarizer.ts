import type { Article, WorkspaceId } from '../core/article.ts';
import type { LlmRunInfo } from '../core/brief.ts';
import type { VerificationCounts } from '../core/citation-check.ts';
import type { Deadline } from '../core/deadline.ts';
import type { Development } from '../core/developments.ts';
import type { LanguageCode } from '../core/languages.ts';
import type { Window } from '../core/window.ts';

/** What a summarizer is asked to write. */
export type SummaryKind = 'brief' | 'answer' | 'timeline' | 'digest';

/** Input to a {@link Summarizer}: ranked developments and the articles they come from. */
export interface SummaryInput {
  /** What to write. */
  kind: SummaryKind;
  /** Workspace (for budgets and caches). */
  workspace: WorkspaceId;
  /** Story name, query or question. */
  subject: string;
  /** The searched window. */
  window: Window;
  /** Candidate developments, best first (same selection and grouping for every engine). */
  developments: readonly Development[];
  /**
   * When set, only the first `preferred` developments are meant for bullets (they are spread over the story's events);
   * the rest are extra material, used as context or to reach `minBullets`.
   */
  preferred?: number;
  /** The articles the developments cite, by id. */
  articles: ReadonlyMap<number, Article>;
  /** Most bullets wanted. */
  maxBullets: number;
  /** Fewest bullets wanted when enough material exists. */
  minBullets: number;
  /**
   * The request's time budget for this step. Engines check it in their loops (BudgetExceededError once past) and an
   * engine that can fall back leaves time for its fallback. Absent: no limit beyond the engine's own timeouts.
   */
  deadline?: Deadline;
  /**
   * The language to write in. Absent: as the sources are written. The LLM engine writes in it (and checks each
   * statement in its sources' own wording); the extractive engine quotes the sources and says when it cannot.
   */
  language?: LanguageCode;
}

/** One written bullet, citing stored articles by id. */
export interface SummaryBullet {
  /** Plain text. */
  text: string;
  /** Supporting article ids, best first; never empty. */
  articleIds: number[];
  /** Distinct outlets reporting it. */
  outlets: number;
  /** Day label (timelines). */
  date?: string;
  /** True when verification could not confirm it. */
  unverified?: boolean;
  /** What verification could not confirm (LLM engine). */
  problems?: string[];
  /** Section title (LLM digests that group bullets into threads); bullets of one section are adjacent. */
  section?: string;
  /** A translated bullet's statement in the wording of its sources: what the citation checks read. */
  original?: string;
}

/** What a summarizer returns. */
export interface SummaryOutput {
  /** One line. */
  headline: string;
  /** Bullets in display order. */
  bullets: SummaryBullet[];
  /** "extractive" or "llm:<model>". */
  engine: string;
  /** Notes for the reader (e.g. "the LLM timed out; extractive summary"). */
  notes: string[];
  /** Engine-specific details for `--format json` (verification counts, prompt id, token usage). */
  details?: Record<string, unknown>;
  /** Citation checks of an LLM-written result; absent when the extractive engine wrote it. */
  verification?: VerificationCounts;
  /** Prompt, model, cache and token usage of an LLM-written result. */
  llm?: LlmRunInfo;
}

/** Writes briefs, answers, timelines and digests from ranked developments. */
export interface Summarizer {
  /** Engine name for logs and output. */
  readonly name: string;
  /** Writes the summary. Must not throw for content reasons; engines that can fail fall back internally. */
  summarize(input: SummaryInput): Promise<SummaryOutput>;
}
