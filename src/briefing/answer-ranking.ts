import type { Article, WorkspaceId } from '../core/article.ts';
import { rankAnswers, type AnswerRankOptions } from '../core/answer-scoring.ts';
import type { Deadline } from '../core/deadline.ts';
import type { Development } from '../core/developments.ts';
import { crossLanguageQuestion } from '../core/languages.ts';
import { questionQuery } from '../core/text-query.ts';
import type { Window } from '../core/window.ts';
import type { Store } from '../store/ports/corpus-store.ts';
import { capForSummary, startSummaryDeadline, type SummaryLimits } from './summary-limits.ts';

/**
 * Retrieves the articles most relevant to a question and ranks the passages that answer it. The summarizing step's
 * clock starts after retrieval; the deadline is returned for the engine that writes the answer.
 */
export async function rankAnswerPassages(
  store: Store,
  workspace: WorkspaceId,
  question: string,
  window: Window,
  limit: number,
  limits: SummaryLimits,
  options: AnswerRankOptions = {},
): Promise<{ developments: Development[]; articles: Map<number, Article>; deadline: Deadline }> {
  // A question in another language is searched by its subject words as English articles write them.
  const subject = crossLanguageQuestion(question);
  const hits = await store.searchArticles(workspace, questionQuery(subject), { ...window, limit, order: 'relevance' });
  const articles = capForSummary(new Map((await store.getArticles(workspace, hits.map((h) => h.id))).map((a) => [a.id, a])));
  const deadline = startSummaryDeadline(limits);
  const foundTermsOnly = subject !== question;
  return { developments: rankAnswers(subject, [...articles.values()], { ...options, deadline, foundTermsOnly }), articles, deadline };
}
