import type { Article, WorkspaceId } from '../core/article.ts';
import { rankDevelopments, type RankWeights } from '../core/developments.ts';
import type { Deadline } from '../core/deadline.ts';
import type { LanguageCode } from '../core/languages.ts';
import { capPerEvent, spreadByEvents, spreadOverEvents, type EventSpread } from '../core/event-groups.ts';
import type { Window } from '../core/window.ts';
import type { Reading, Summarizer, SummaryOutput } from '../summarize/summarizer.ts';

/** Most bullets one event may take in a brief. */
export const BULLETS_PER_EVENT = 3;

/** What to write about which articles. */
export interface WriteRequest {
  /** A brief (spread over events) or a timeline (spread over days by the engine). */
  kind: 'brief' | 'timeline';
  /** Workspace (for the engine's budgets and cache). */
  workspace: WorkspaceId;
  /** Story name or query, as shown. */
  subject: string;
  /** The subject's content terms, for ranking. */
  terms: readonly string[];
  /** The window the articles were selected from. */
  window: Window;
  /** The selected articles. */
  articles: ReadonlyMap<number, Article>;
  /** Most bullets. */
  maxBullets: number;
  /** Fewest bullets when the material allows. */
  minBullets: number;
  /** Ranking weights other than the product's (evaluation and its cross-validation only). */
  weights?: Partial<RankWeights>;
  /** Time budget of ranking, grouping and writing; absent for none (evaluation). */
  deadline?: Deadline;
  /** Output language; absent: as the sources are written. */
  language?: LanguageCode;
}

/**
 * The brief engine after retrieval, shared by briefs, timelines and the evaluation harness: rank the developments,
 * spread a brief's candidates over the story's events, let the summarizer write, and keep at most
 * {@link BULLETS_PER_EVENT} bullets of any one event whatever the engine wrote.
 */
export async function writeSummary(summarizer: Summarizer, req: WriteRequest): Promise<SummaryOutput> {
  const rankOptions = {
    queryTerms: req.terms,
    windowStart: req.window.from,
    windowEnd: req.window.to,
    ...(req.weights ? { weights: req.weights } : {}),
    ...(req.deadline ? { deadline: req.deadline } : {}),
  };
  const spreadOptions = { perEvent: BULLETS_PER_EVENT, ignoreTerms: req.terms, ...(req.deadline ? { deadline: req.deadline } : {}) };
  const candidates = (reading: Reading | undefined, events?: EventSpread | null) => {
    const ranked = rankDevelopments([...req.articles.values()], { ...rankOptions, ...(reading ?? {}) });
    let spread: EventSpread | null = null;
    if (req.kind === 'brief') spread = events ? spreadByEvents(ranked, events.eventOfArticle, BULLETS_PER_EVENT) : spreadOverEvents(ranked, req.articles, spreadOptions);
    return { developments: spread?.developments ?? ranked, spread, ...(spread ? { preferred: spread.preferred } : {}) };
  };
  // An engine that reads deeper (the LLM's context) also gets the default reading, for its extractive fallback. The
  // story's events are those of the default reading either way: later sentences share enough words across events to
  // merge them all into one, which would cap a brief at three bullets.
  const lead = candidates(undefined);
  const deep = summarizer.reading ? candidates(summarizer.reading, lead.spread) : null;
  const chosen = deep ?? lead;
  const out = await summarizer.summarize({
    kind: req.kind,
    workspace: req.workspace,
    subject: req.subject,
    window: req.window,
    developments: chosen.developments,
    ...(chosen.preferred !== undefined ? { preferred: chosen.preferred } : {}),
    ...(deep ? { fallback: { developments: lead.developments, ...(lead.preferred !== undefined ? { preferred: lead.preferred } : {}) } } : {}),
    articles: req.articles,
    maxBullets: req.maxBullets,
    minBullets: req.minBullets,
    ...(req.deadline ? { deadline: req.deadline } : {}),
    ...(req.language ? { language: req.language } : {}),
  });
  const events = chosen.spread;
  if (events) {
    // Judged by each bullet's first source, so an engine that merges or reorders is held to the same cap.
    out.bullets = capPerEvent(
      out.bullets,
      out.bullets.map((b, i) => events.eventOfArticle.get(b.articleIds[0] ?? -1) ?? -1 - i),
      BULLETS_PER_EVENT,
    );
  }
  return out;
}
