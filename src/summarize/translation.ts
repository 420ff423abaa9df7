import { detectLanguage, languageName, languageOf, type LanguageCode } from '../core/languages.ts';

/**
 * Writing a summary in another language than its sources. The LLM writes each statement twice: in the asked language
 * (what the reader sees) and as its sources word it (what the citation checks read, since claims are checked word by
 * word against the sources). The two must carry the same figures.
 */

// Translate when more than this share of the sources is in other languages. Telling a language from a page's opening
// errs now and then (an English page full of names); below this share the few statements citing other-language
// sources are written in theirs, as without a language asked, and the checks still read them.
const OTHER_LANGUAGE_SHARE = 0.1;

/** The language a summary must be translated into; null when none was asked or (nearly) every source is in it. */
export function translationTarget(input: {
  language?: LanguageCode | undefined;
  articles: ReadonlyMap<number, { language?: string | null; title: string; body: string }>;
}): LanguageCode | null {
  const target = input.language;
  if (!target || input.articles.size === 0) return null;
  let other = 0;
  for (const a of input.articles.values()) if (languageOf(a) !== target) other++;
  return other / input.articles.size > OTHER_LANGUAGE_SHARE ? target : null;
}

/** The prompt's language rule (the `{{language_rule}}` placeholder). */
export function languageRule(target: LanguageCode | null): string {
  if (!target) return '- Write each statement in the language of the sources it cites.';
  const name = languageName(target);
  return (
    `- Write every "text" and the headline in ${name}, whatever the language of the passages. Give each statement ` +
    `again in "source_text" (and the headline in "headline_source") as the cited passages word it, in their ` +
    `language: that wording is what is checked against them. Keep figures as the sources give them, in digits, and ` +
    `names in their usual ${name} spelling.`
  );
}

// A figure's digits with every group separator removed: "1,000", "1 000" and "1.000" are the same 1000, and
// "2.5" and "2,5" the same 25; what matters is that the translation did not change the number.
function figures(text: string): string[] {
  return [...text.matchAll(/\d(?:[\d.,\u00a0\u202f ]*\d)?/gu)].map((m) => m[0].replace(/\D/g, '')).sort();
}

// A translation this much shorter or longer than its source wording says something else (translations between the
// languages Sitrep writes run from about 0.7 to 1.4 times the length of their source).
const SHORTEST = 0.4;
const LONGEST = 2.5;

/**
 * What is wrong with a translated statement against its source wording: a figure added, dropped or changed, or a
 * length no translation of it has. Null when neither. (Spelled-out numbers are not compared across languages, and
 * the words themselves cannot be: the source wording is what the citation checks read.)
 */
export function translationProblem(text: string, original: string): string | null {
  return translationLengthProblem(text, original) ?? translationFigureProblem(text, original);
}

/** A translation far shorter or longer than its source wording; null when its length is one a translation has. */
export function translationLengthProblem(text: string, original: string): string | null {
  const ratio = [...text].length / Math.max(1, [...original].length);
  if (ratio < SHORTEST) return 'the translation is much shorter than its source wording';
  if (ratio > LONGEST) return 'the translation is much longer than its source wording';
  return null;
}

/** A figure the translation adds, drops or changes against its source wording; null when they agree. */
export function translationFigureProblem(text: string, original: string): string | null {
  const a = figures(text);
  const b = figures(original);
  if (a.length === b.length && a.every((x, i) => x === b[i])) return null;
  const extra = a.filter((x) => !b.includes(x));
  if (extra.length) return `the translation has ${extra.join(', ')}, which its source wording does not`;
  const missing = b.filter((x) => !a.includes(x));
  if (missing.length) return `the translation drops ${missing.join(', ')} of its source wording`;
  return 'the translation repeats or drops a figure of its source wording';
}

/**
 * The extractive engine's note when another language was asked for; null when what it quotes is already in it.
 * `fallback`: the LLM is configured but could not write this one (its own note says why).
 */
export function cannotTranslateNote(
  language: LanguageCode | undefined,
  quoted: readonly string[],
  fallback = false,
): string | null {
  if (!language || quoted.every((t) => detectLanguage(t) === language)) return null;
  const name = languageName(language);
  const why = 'quotes the articles as they are written and cannot translate';
  if (fallback) return `Not in ${name}: the extractive summary written instead ${why}.`;
  return `Not in ${name}: the extractive engine ${why}. With an LLM configured (OPENAI_API_KEY or OPENAI_BASE_URL) this is written in ${name}.`;
}

/** Whether a note is {@link cannotTranslateNote}'s (a digest says it once, not under every story). */
export function isUntranslatedNote(note: string): boolean {
  return /^Not in [A-Z][a-z]+: the extractive (?:engine|summary written instead) quotes the articles/.test(note);
}

// "The stored articles don't cover this." in each language an answer can be written in.
const NOT_COVERED: Record<LanguageCode, string> = {
  en: "The stored articles don't cover this.",
  fr: 'Les articles enregistrés ne traitent pas de cette question.',
  es: 'Los artículos guardados no tratan este tema.',
  de: 'Die gespeicherten Artikel behandeln das nicht.',
  it: 'Gli articoli salvati non trattano questo argomento.',
  pt: 'Os artigos guardados não tratam deste assunto.',
  ar: 'لا تتناول المقالات المخزنة هذا الموضوع.',
  ru: 'Сохранённые статьи об этом не сообщают.',
};

/** What an answer says when the sources do not answer the question, in the answer's language. */
export function notCovered(language: LanguageCode | null | undefined): string {
  return NOT_COVERED[language ?? 'en'];
}
