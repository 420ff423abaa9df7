import type { Article, WorkspaceId } from '../core/article.ts';
import { rankAnswers } from '../core/answer-scoring.ts';
import type { Deadline } from '../core/deadline.ts';
import type { Development } from '../core/developments.ts';
import { crossLanguageQuestion } from '../core/languages.ts';
import { questionQuery } from '../core/text-query.ts';
import type { Window } from '../core/window.ts';
import type { Store } from '../store/ports/corpus-store.ts';
import type { Subject } from './subject.ts';
import { capForSummary, startSummaryDeadline, type SummaryLimits } from './summary-limits.ts';

/** Articles of the subject read for one follow-up: enough to find the question's words, bounded for 1M stores. */
const SUBJECT_ARTICLES = 1_000;

/**
 * The passages answering a follow-up question asked in the thread of a brief: only articles of the brief's subject
 * in its window count. The question's own words pick among them (articles matching both first, most relevant
 * first); when too few match both (the question says "this" or "they"), the subject's most relevant articles fill up
 * to `limit`, so the answer stays about the story rather than drifting to whatever else mentions the words.
 */
export async function rankFollowUpPassages(
  store: Store,
  workspace: WorkspaceId,
  question: string,
  subject: Subject,
  window: Window,
  limit: number,
  limits: SummaryLimits,
): Promise<{ developments: Development[]; articles: Map<number, Article>; deadline: Deadline }> {
  const words = crossLanguageQuestion(question);
  const inSubject = await store.searchArticles(workspace, subject.query, { ...window, limit: SUBJECT_ARTICLES, order: 'relevance' });
  const ofSubject = new Set(inSubject.map((h) => h.id));
  const asked = await store.searchArticles(workspace, questionQuery(words), { ...window, limit: SUBJECT_ARTICLES, order: 'relevance' });
  const ids = asked.filter((h) => ofSubject.has(h.id)).map((h) => h.id).slice(0, limit);
  for (const h of inSubject) {
    if (ids.length >= limit) break;
    if (!ids.includes(h.id)) ids.push(h.id);
  }
  const articles = capForSummary(new Map((await store.getArticles(workspace, ids)).map((a) => [a.id, a])));
  const deadline = startSummaryDeadline(limits);
  // The subject's terms help rank too: "what did Russia say" in a Syria thread means what Russia said about Syria.
  const ranked = rankAnswers(`${words} ${subject.terms.join(' ')}`, [...articles.values()], {
    deadline,
    foundTermsOnly: words !== question,
    asked: words,
  });
  return { developments: ranked, articles, deadline };
}
