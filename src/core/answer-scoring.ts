import { standAlone } from './answer-openers.ts';
import { answerEvidence, classifyQuestion, type AnswerEvidence, type QuestionType } from './answer-type.ts';
import { UNLIMITED, type Deadline } from './deadline.ts';
import { rankDevelopments, type Development, type SourceArticle } from './developments.ts';
import { cleanSentence } from './sentences.ts';
import { createTermizer } from './termizer.ts';
import { splitSentences, terms } from './text.ts';

// Words that shape a question but say nothing about its subject (stemmed, as `terms` returns them).
const QUESTION_WORDS = new Set(
  terms('happen happening latest news going know tell update updates status situation think current currently recent recently anything something explain mean').concat(['happen', 'go']),
);

// Words that say what kind of answer is wanted, not what it is about; answer types read them instead.
const SHAPE_WORDS = new Set(terms('many much long soon when where who whom whose which what why how name names'));

/** How much a sentence holding an answer of the asked type counts, against question coverage (0–1). */
export const ANSWER_TYPE_WEIGHT = 0.4;
/** What a sentence that opens by pointing to an earlier one loses. */
export const DANGLING_PENALTY = 0.2;
// An answer span this many characters into the sentence is repeated at its start, so that the bullet leads with it.
const LEAD_AFTER_CHARS = 60;
// Openers that only the previous sentence can resolve.
const NEEDS_PREVIOUS = /^(?:He|She|His|Her)\s/u;
// Sentences either side of an answer that count as its passage, with the article's title.
const PASSAGE_REACH = 3;

/** Options of {@link rankAnswers}. */
export interface AnswerRankOptions {
  /** Least share of the question's weighted terms a development must cover (default 0.5). */
  minCoverage?: number;
  /** Checked in the loops. */
  deadline?: Deadline;
  /**
   * Prefer sentences holding an answer of the question's type, make them stand alone and lead with the answer
   * (default true; false ranks by question coverage only, as before answer types, for the evaluation).
   */
  answerTypes?: boolean;
  /**
   * Ignore question words that no retrieved article contains (default false): for a question asked in another
   * language than the articles, whose words other than names cannot occur in them.
   */
  foundTermsOnly?: boolean;
  /**
   * The part of the question an answering passage must be about (default: all of it): a follow-up adds its story's
   * terms to the question to weigh passages, but a passage need not name every alias of the story.
   */
  asked?: string;
}

/** The question's type as rankAnswers reads it (for display and tests). */
export function questionTypeOf(question: string): QuestionType {
  return classifyQuestion(question);
}

/**
 * Ranks developments as answers to a question: how much of the question's (idf-weighted) content a development's
 * sentence covers, whether it holds an answer of the asked type (a day for "when", a figure for "how many", names for
 * "who"), then its general importance. Developments that cover too little of the question are dropped, so an empty
 * result means "the articles don't answer this".
 */
export function rankAnswers(question: string, articles: readonly SourceArticle[], options: AnswerRankOptions = {}): Development[] {
  const minCoverage = options.minCoverage ?? 0.5;
  const deadline = options.deadline ?? UNLIMITED;
  const typed = options.answerTypes !== false;
  let q = [...new Set(terms(question))].filter((t) => !QUESTION_WORDS.has(t) && !(typed && SHAPE_WORDS.has(t)));
  if (q.length === 0 || articles.length === 0) return [];
  const qt = classifyQuestion(question);
  const termize = createTermizer();
  // Words rare among the retrieved articles say more about what is asked than words they all share.
  const df = new Map<string, number>();
  for (const a of articles) {
    deadline.check('answer ranking');
    const set = new Set(termize(`${a.title} ${a.body}`));
    for (const t of q) if (set.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  if (options.foundTermsOnly) q = q.filter((t) => df.has(t));
  if (q.length === 0) return [];
  const weight = new Map(q.map((t) => [t, Math.log((articles.length + 1) / ((df.get(t) ?? 0) + 0.5)) + 0.5]));
  const total = [...weight.values()].reduce((a, b) => a + b, 0);
  const coverageOf = new Map<string, number>();
  const coverage = (text: string): number => {
    const known = coverageOf.get(text);
    if (known !== undefined) return known;
    const set = new Set(termize(text));
    let got = 0;
    for (const [t, w] of weight) if (set.has(t)) got += w;
    coverageOf.set(text, got / total);
    return got / total;
  };
  const byId = new Map(articles.map((a) => [a.id, a]));
  const sentencesOf = articleSentences(byId);
  const previousOf = (articleId: number, text: string): string | undefined => {
    const all = sentencesOf(articleId);
    const i = all.indexOf(text);
    return i > 0 ? all[i - 1] : undefined;
  };
  // The passage an answer comes from must be about the whole question, not only its rarest word: "the weather on the
  // moon" is not answered by a paragraph on bad weather in the Gulf, however well its sentence covers "weather".
  const askedText = options.asked ?? question;
  const plain = new Set(terms(askedText));
  const asked = [...new Set(terms(joinNameParts(askedText)))].filter((t) => q.includes(t) || !(plain.has(t) || QUESTION_WORDS.has(t) || SHAPE_WORDS.has(t)));
  const needed = passageTermsNeeded(asked.length);
  // Which of the asked terms each sentence (and each title) holds, found once per sentence.
  const askedIn = new Map<string, Set<string>>();
  const askedTermsOf = (text: string): Set<string> => {
    let found = askedIn.get(text);
    if (!found) {
      const set = new Set(termize(joinNameParts(text)));
      found = new Set(asked.filter((t) => set.has(t)));
      askedIn.set(text, found);
    }
    return found;
  };
  const aboutQuestion = (articleId: number, text: string): boolean => {
    const all = sentencesOf(articleId);
    const i = all.indexOf(text);
    const around = i < 0 ? [text] : all.slice(Math.max(0, i - PASSAGE_REACH), i + PASSAGE_REACH + 1);
    const found = new Set(askedTermsOf(byId.get(articleId)?.title ?? ''));
    for (const s of around) for (const t of askedTermsOf(s)) found.add(t);
    return found.size >= needed;
  };
  const ranked = rankDevelopments(articles, { queryTerms: q, groupThreshold: 0.5, deadline });
  const maxScore = Math.max(...ranked.map((d) => d.score), 1e-9);
  return ranked
    // The best-covering sentence bounds what any member can reach: a development none of whose sentences covers
    // enough of the question is dropped before its answer evidence is weighed.
    .filter((d) => d.sentences.some((s) => coverage(s.text) >= minCoverage))
    .map((d) => {
      deadline.check('answer ranking');
      // A development answers when any of its member sentences covers the question; show the best one.
      let best = { s: d.sentences[0]!, cov: -1, value: -Infinity, text: d.text, ev: { score: 0 } as AnswerEvidence };
      for (const s of d.sentences) {
        const cov = coverage(s.text);
        if (!typed) {
          if (cov > best.cov) best = { s, cov, value: cov, text: s.text, ev: { score: 0 } };
          continue;
        }
        const alone = standAlone(s.text, NEEDS_PREVIOUS.test(s.text) ? previousOf(s.articleId, s.text) : undefined);
        const ev = answerEvidence(qt, alone.text, question);
        const value = cov + ANSWER_TYPE_WEIGHT * ev.score - (alone.dangling ? DANGLING_PENALTY : 0);
        if (value > best.value) best = { s, cov, value, text: alone.text, ev };
      }
      const articleIds = [best.s.articleId, ...d.articleIds.filter((id) => id !== best.s.articleId)];
      const text = typed && best.ev.score >= 1 ? leadWithAnswer(best.text, best.ev.span) : best.text;
      const score = (typed ? best.value : best.cov) + 0.3 * (d.score / maxScore);
      // The answering sentence leads the development's passages too, so the LLM engine reads it first.
      const sentences = [best.s, ...d.sentences.filter((s) => s !== best.s)];
      return { d: { ...d, text, articleIds, sentences, score }, cov: best.cov, about: aboutQuestion(best.s.articleId, best.s.text) };
    })
    .filter((x) => x.cov >= minCoverage && x.about)
    .sort((a, b) => b.d.score - a.d.score)
    .map((x) => x.d);
}

/**
 * How many of a question's content words the answering passage must contain: all of one or two, then half (at least
 * two): a question of five words may be answered by a passage that words some of them differently.
 */
export function passageTermsNeeded(questionTerms: number): number {
  return questionTerms <= 2 ? questionTerms : Math.max(2, Math.ceil(questionTerms / 2));
}

/** "Ban Ki-moon" → "Ban Kimoon": the lower-case part of a hyphenated name is not the word it spells ("moon"). */
export function joinNameParts(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}*)-(\p{Ll}+)/gu, '$1$2');
}

/** "February 11 — Vice President Omar Suleiman announced on February 11 that…": the answer first, in its own words. */
export function leadWithAnswer(text: string, span: string | undefined): string {
  if (!span) return text;
  const at = text.indexOf(span);
  if (at < LEAD_AFTER_CHARS) return text;
  return `${span.charAt(0).toUpperCase()}${span.slice(1)} — ${text}`;
}

/** An article's sentences as the splitter cuts its body, found on demand and cached. */
function articleSentences(byId: ReadonlyMap<number, SourceArticle>): (articleId: number) => string[] {
  const cache = new Map<number, string[]>();
  return (articleId) => {
    let sentences = cache.get(articleId);
    if (!sentences) {
      const a = byId.get(articleId);
      sentences = a ? splitSentences(a.body).map((s) => cleanSentence(s)) : [];
      cache.set(articleId, sentences);
    }
    return sentences;
  };
}
