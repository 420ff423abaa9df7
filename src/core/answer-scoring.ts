import { UNLIMITED, type Deadline } from './deadline.ts';
import { rankDevelopments, type Development, type SourceArticle } from './developments.ts';
import { createTermizer } from './termizer.ts';
import { terms } from './text.ts';

// Words that shape a question but say nothing about its subject (stemmed, as `terms` returns them).
const QUESTION_WORDS = new Set(
  terms('happen happening latest news going know tell update updates status situation think current currently recent recently anything something explain mean').concat(['happen', 'go']),
);

/**
 * Ranks developments as answers to a question: how much of the question's (idf-weighted) content a development's
 * sentence covers, then its general importance. Developments that cover too little of the question are dropped, so
 * an empty result means "the articles don't answer this".
 */
export function rankAnswers(
  question: string,
  articles: readonly SourceArticle[],
  minCoverage = 0.5,
  deadline: Deadline = UNLIMITED,
): Development[] {
  const q = [...new Set(terms(question))].filter((t) => !QUESTION_WORDS.has(t));
  if (q.length === 0 || articles.length === 0) return [];
  const termize = createTermizer();
  // Words rare among the retrieved articles say more about what is asked than words they all share.
  const df = new Map<string, number>();
  for (const a of articles) {
    deadline.check('answer ranking');
    const set = new Set(termize(`${a.title} ${a.body}`));
    for (const t of q) if (set.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const weight = new Map(q.map((t) => [t, Math.log((articles.length + 1) / ((df.get(t) ?? 0) + 0.5)) + 0.5]));
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  const coverage = (text: string): number => {
    const set = new Set(termize(text));
    let got = 0;
    for (const [t, w] of weight) if (set.has(t)) got += w;
    return got / total;
  };
  const ranked = rankDevelopments(articles, { queryTerms: q, groupThreshold: 0.5, deadline });
  const maxScore = Math.max(...ranked.map((d) => d.score), 1e-9);
  return ranked
    .map((d) => {
      deadline.check('answer ranking');
      // A development answers when any of its member sentences covers the question; show the best-covering one.
      let best = d.sentences[0]!;
      let bestCov = coverage(best.text);
      for (const s of d.sentences.slice(1)) {
        const c = coverage(s.text);
        if (c > bestCov) {
          best = s;
          bestCov = c;
        }
      }
      const articleIds = [best.articleId, ...d.articleIds.filter((id) => id !== best.articleId)];
      return { d: { ...d, text: best.text, articleIds, score: bestCov + 0.3 * (d.score / maxScore) }, cov: bestCov };
    })
    .filter((x) => x.cov >= minCoverage)
    .sort((a, b) => b.d.score - a.d.score)
    .map((x) => x.d);
}
