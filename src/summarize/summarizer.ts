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
  /**
   * For an engine that reads deeper than the ranking's defaults ({@link Summarizer.reading}): the developments (and
   * `preferred`) of the default reading, which its extractive fallback writes from. Lead-heavy developments make the
   * better extractive bullets; deeper ones the better LLM context.
   */
  fallback?: { developments: readonly Development[]; preferred?: number };
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

/**
 * How much of each article is ranked for an engine: sentences per article at most, and about how many in all (with
 * many articles fewer per article). Absent on an engine: the ranking's defaults (25 and 1,000), lead-heavy, which is
 * what extractive bullets are best chosen from.
 */
export interface Reading {
  /** Most sentences read per article. */
  sentencesPerArticle: number;
  /** About this many sentences ranked in all. */
  sentenceBudget: number;
}

/**
 * The LLM engine's reading: twice the default depth. The model is sent passages, not bullets, and what it can write
 * is bounded by what is packed for it: on Timeline17 the share of the oracle summary's ROUGE-2 that the packed
 * passages allow rose from 88.0% to 96.5% on the geopolitical folders (92.7% on all), within the same token budget.
 */
export const LLM_READING: Reading = { sentencesPerArticle: 50, sentenceBudget: 2_000 };

/** Writes briefs, answers, timelines and digests from ranked developments. */
export interface Summarizer {
  /** Engine name for logs and output. */
  readonly name: string;
  /** How deep the articles are read for this engine; absent: the ranking's defaults. */
  readonly reading?: Reading;
  /** Writes the summary. Must not throw for content reasons; engines that can fail fall back internally. */
  summarize(input: SummaryInput): Promise<SummaryOutput>;
}
