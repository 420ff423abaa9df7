import { numberMentions } from './numbers.ts';
import { terms } from './text.ts';

/**
 * What kind of answer a question asks for, and whether a sentence holds one: a day for "when", a figure for "how
 * many", names for "who" and "which", a place for "where", a reason for "why". Pure functions over plain text.
 */

/** The kinds of answer told apart. */
export type AnswerType = 'when' | 'where' | 'who' | 'which' | 'how-many' | 'why' | 'yes-no' | 'what';

/** A classified question. */
export interface QuestionType {
  /** What kind of answer it asks for. */
  type: AnswerType;
  /** The noun the answer is about ("countries" in "which countries…", "barrels" in "how many barrels…"), stemmed. */
  focus?: string;
  /** "which" with a plural noun: a list of names answers it. */
  plural?: boolean;
}

/** What a sentence offers as an answer. */
export interface AnswerEvidence {
  /** 0 (nothing of the asked type) to 1 (an answer of the type, about the asked noun). */
  score: number;
  /** The answering words as the sentence writes them, when one span answers (a date, a figure with its noun). */
  span?: string;
}

const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
// "February 11", "Feb. 11, 2011", "11 February 2011", "11th of February": a day of a month, with its year if written.
const EXPLICIT_DATE = new RegExp(
  String.raw`\b(?:${MONTH}\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH}(?:,?\s+\d{4})?)(?![\p{L}\p{N}])`,
  'gu',
);
const RELATIVE_DAY = /\b(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|last night|this morning)\b/gu;
const MONTH_YEAR = new RegExp(String.raw`\b(?:in\s+)?${MONTH}\s+\d{4}\b|\bin\s+(?:19|20)\d{2}\b`, 'gu');

const DURATION = 'second minute hour day week month year'.split(' ').map((w) => terms(w)[0] ?? w);
const AMOUNT_NOUNS = /\b(?:magnitude|number|toll|cost|size|amount|total|figure|price|turnout|percentage|share|proportion|rate|bill)\b/;

/** Classifies a question by its opening words. */
export function classifyQuestion(question: string): QuestionType {
  const q = question
    .toLowerCase()
    .replace(/[?!.]+\s*$/u, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:and|so|but|ok|okay|please|tell me|do you know)\b[\s,]*/u, '')
    .replace(/^(?:for|in|on|at|since|by|from|to|with|until)\s+(?=(?:how|what|which|when|where|who|whom)\b)/u, '');
  const next = (re: RegExp): string | undefined => re.exec(q)?.[1];
  if (/^(?:when\b|what (?:day|date|time|year|month)\b|on what (?:day|date)\b)/u.test(q)) return { type: 'when' };
  if (/^how (?:long|soon)\b/u.test(q)) return { type: 'how-many', focus: 'duration' };
  if (/^how (?:many|much)\b/u.test(q)) {
    const noun = next(/^how (?:many|much) ([a-z-]+)/u);
    return noun && !/^(?:did|do|does|is|are|was|were|has|have|had|will|would|can|could)$/u.test(noun)
      ? { type: 'how-many', focus: terms(noun)[0] ?? noun }
      : { type: 'how-many' };
  }
  if (/^what (?:is|was|are|were) the /u.test(q) && AMOUNT_NOUNS.test(q.split(' ').slice(3, 6).join(' '))) return { type: 'how-many' };
  if (/^where\b/u.test(q)) return { type: 'where' };
  if (/^(?:who|whom|whose)\b/u.test(q)) return { type: 'who' };
  if (/^what (?:is|was|are|were) the names? of\b/u.test(q)) return { type: 'which' };
  const which = /^(?:which|what) ([a-z-]+)/u.exec(q);
  if (which && !/^(?:is|was|are|were|did|do|does|has|have|had|will|would|can|could|happened|happens)$/u.test(which[1]!)) {
    const noun = which[1]!;
    const plural = /[^s]s$/u.test(noun) || /(?:ies|ves|men|people)$/u.test(noun);
    if (/^(?:city|town|country|place|region|province|village|port|border|capital)$/u.test(noun)) return { type: 'where' };
    return { type: 'which', focus: terms(noun)[0] ?? noun, plural };
  }
  if (/^why\b/u.test(q)) return { type: 'why' };
  if (/^(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b/u.test(q)) return { type: 'yes-no' };
  return { type: 'what' };
}

// A name: capitalised words, with the particles names carry inside them ("Saif al-Islam", "Abdullah al-Senussi",
// "Supreme Council of the Armed Forces").
const NAME = /(?<![\p{L}\p{N}'’-])(?:\p{Lu}[\p{L}'’.-]*|al-\p{Lu}[\p{L}-]*)(?:\s+(?:(?:al|bin|ibn|de|of the|of|van|von|la|le)\s+)?(?:\p{Lu}[\p{L}'’.-]*|al-\p{Lu}[\p{L}-]*))*/gu;
// Capitalised words that are not names on their own.
const NOT_NAMES = new Set(
  'The A An But And Or In On At To For From By With As After Before When While If He She It They We I His Her Its Their This That These Those There Here Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December'.split(
    ' ',
  ),
);
const PERSON_TITLE = /\b(?:President|Minister|Secretary|General|Gen\.|Col\.|Colonel|Dr|Mr|Mrs|Ms|spokesman|spokeswoman|leader|King|Prince|Chairman|chief|Judge|Adm\.?|Admiral|Sheikh|Ayatollah|Senator|Sen\.|Rep\.|Ambassador|executive|envoy)\s+$/u;

/** The names in a sentence whose words are not all in the question, with whether a title or a first name marks a person. */
export function answerNames(sentence: string, questionTerms: ReadonlySet<string>): { text: string; person: boolean; index: number }[] {
  const out: { text: string; person: boolean; index: number }[] = [];
  for (const m of sentence.matchAll(NAME)) {
    const parts = m[0].split(/\s+/u);
    while (parts.length && NOT_NAMES.has(parts[0]!.replace(/[.'’]+$/u, ''))) parts.shift();
    if (parts.length === 0) continue;
    const text = parts.join(' ').replace(/['’]s$/u, '').replace(/[.,]+$/u, '');
    const ts = terms(text);
    if (ts.length === 0 || ts.every((t) => questionTerms.has(t))) continue;
    const index = m.index + m[0].length - parts.join(' ').length;
    const person = parts.length >= 2 || PERSON_TITLE.test(sentence.slice(Math.max(0, index - 30), index));
    out.push({ text, person, index });
  }
  return out;
}

/** Words of a sentence this close to a word of the question are about what it asks. */
const NEAR_WORDS = 6;
/** What an answer of the right type far from every question word still counts. */
const FAR = 0.7;

/** 1 when a character offset lies within {@link NEAR_WORDS} words of a question word in the sentence, else {@link FAR}. */
function nearness(sentence: string, qTerms: ReadonlySet<string>): (at: number) => number {
  const tokens = [...sentence.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)];
  const hits: number[] = [];
  tokens.forEach((t, i) => {
    const term = terms(t[0])[0];
    if (term && qTerms.has(term)) hits.push(i);
  });
  return (at) => {
    let i = tokens.findIndex((t) => t.index >= at);
    if (i < 0) i = tokens.length;
    return hits.some((h) => Math.abs(h - i) <= NEAR_WORDS) ? 1 : FAR;
  };
}

// "China, Russia, Germany, India and Brazil": names in a list.
const NAME_LIST = /\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)*(?:,\s+\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)*)*,?\s+(?:and|or)\s+\p{Lu}/u;

function firstNotIn(spans: Iterable<RegExpMatchArray>, question: string): RegExpMatchArray | undefined {
  const q = question.toLowerCase();
  for (const m of spans) if (!q.includes(m[0].toLowerCase().replace(/^(?:on|in)\s+/u, ''))) return m;
  return undefined;
}

/** How well a sentence answers a question of the given type, and the answering span when one stands out. */
export function answerEvidence(qt: QuestionType, sentence: string, question: string): AnswerEvidence {
  const qTerms = new Set(terms(question));
  const near = nearness(sentence, qTerms);
  const nearest = (names: readonly { index: number; person?: boolean }[], keep: (n: { person?: boolean }) => boolean = () => true): number =>
    Math.max(0, ...names.filter(keep).map((n) => near(n.index)));
  switch (qt.type) {
    case 'when': {
      const explicit = firstNotIn(sentence.matchAll(EXPLICIT_DATE), question);
      if (explicit) return { score: near(explicit.index!), span: explicit[0] };
      const relative = firstNotIn(sentence.matchAll(RELATIVE_DAY), question);
      if (relative) return { score: 0.8 * near(relative.index!) };
      const month = firstNotIn(sentence.matchAll(MONTH_YEAR), question);
      return month ? { score: 0.4 * near(month.index!) } : { score: 0 };
    }
    case 'how-many': {
      const qValues = new Set(numberMentions(question).flatMap((m) => m.values));
      let best: AnswerEvidence = { score: 0 };
      for (const m of numberMentions(sentence)) {
        if (m.weak || m.values.some((v) => qValues.has(v))) continue;
        // A year is a date, not a count.
        if (/^(?:1[89]|20)\d{2}$/u.test(m.text)) continue;
        const at = sentence.indexOf(m.text);
        const after = sentence.slice(at + m.text.length, at + m.text.length + 40);
        // The counted noun follows the figure, perhaps after one adjective ("71 people", "4.9 m barrels", "ten US marines").
        const next = (after.split(/[,;:.()]/u)[0] ?? '').trim().split(/\s+/u).slice(0, 3);
        const isFocus = (w: string): boolean => {
          const t = terms(w)[0];
          return t !== undefined && (qt.focus === 'duration' ? DURATION.includes(t) : t === qt.focus);
        };
        const k = next.findIndex(isFocus);
        const about = k >= 0 && k <= 1;
        const ev = { score: (about ? 1 : 0.6) * near(at), span: about ? `${m.text} ${next.slice(0, k + 1).join(' ')}` : m.text };
        if (ev.score > best.score) best = ev;
      }
      return best;
    }
    case 'who': {
      const names = answerNames(sentence, qTerms);
      return { score: Math.max(nearest(names, (n) => n.person === true), 0.6 * nearest(names)) };
    }
    case 'which': {
      const names = answerNames(sentence, qTerms);
      if (qt.plural) return { score: names.length >= 2 && NAME_LIST.test(sentence) ? nearest(names) : 0.5 * nearest(names) };
      return { score: nearest(names) };
    }
    case 'where': {
      const names = answerNames(sentence, qTerms);
      const placed = names.filter((n) => /\b(?:in|to|at|from|into|near|across|for|toward|towards|inside|outside)\s+(?:the\s+)?$/iu.test(sentence.slice(Math.max(0, n.index - 12), n.index)));
      return { score: Math.max(nearest(placed), 0.4 * nearest(names)) };
    }
    case 'why':
      if (/\b(?:because|due to|in protest|to protest|in order to|as a result of|so that|the reason)\b/iu.test(sentence)) return { score: 1 };
      return { score: /\b(?:after|over|citing|amid|following|for)\b/iu.test(sentence) ? 0.4 : 0 };
    default:
      return { score: 0 };
  }
}
