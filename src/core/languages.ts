import { UserError } from './errors.ts';
import { words } from './text.ts';

/** Languages Sitrep recognises in questions and article samples. */
export type LanguageCode = 'en' | 'fr' | 'es' | 'de' | 'it' | 'pt' | 'ar' | 'ru';

const NAMES: Record<LanguageCode, string> = {
  en: 'English',
  fr: 'French',
  es: 'Spanish',
  de: 'German',
  it: 'Italian',
  pt: 'Portuguese',
  ar: 'Arabic',
  ru: 'Russian',
};

/** The English name of a language code ("fr" → "French"); the code itself when unknown. */
export function languageName(code: string): string {
  return NAMES[code as LanguageCode] ?? code;
}

/** Every language Sitrep recognises, and the LLM engine can write in. */
export const LANGUAGE_CODES = Object.keys(NAMES) as LanguageCode[];

// Each language's own name, so that `--language français` works as well as `fr` and `French`.
const NATIVE: Record<LanguageCode, string> = {
  en: 'english',
  fr: 'français',
  es: 'español',
  de: 'deutsch',
  it: 'italiano',
  pt: 'português',
  ar: 'العربية',
  ru: 'русский',
};

/** "fr", "FR", "fr-CA", "French", "français" → "fr"; null when it names none of {@link LANGUAGE_CODES}. */
export function languageCode(input: string): LanguageCode | null {
  const t = input.normalize('NFKC').trim().toLowerCase();
  const base = t.split(/[-_]/)[0] ?? '';
  for (const code of LANGUAGE_CODES) {
    if (base === code || t === NAMES[code].toLowerCase() || t === NATIVE[code]) return code;
  }
  return null;
}

/** {@link languageCode} for what a user typed (`--language`, `language:`), with a clear error when it names none. */
export function requireLanguage(input: string): LanguageCode {
  const code = languageCode(input);
  if (code) return code;
  const known = LANGUAGE_CODES.map((c) => `${c} (${NAMES[c]})`).join(', ');
  throw new UserError('language.unknown', `"${input.trim()}" is not a language Sitrep writes in.`, { hint: `Use one of: ${known}.` });
}

/** An article's language: the one recorded for it (its base code), else told from its title and opening. */
export function languageOf(article: { language?: string | null; title: string; body: string }): string {
  const recorded = article.language?.split(/[-_]/)[0]?.toLowerCase();
  return recorded || detectLanguage(`${article.title}. ${article.body.slice(0, 1000)}`);
}

/**
 * Function words of the main languages other than English, plus the words a question uses to ask "what happened"
 * (they say nothing about the subject, so they must not be required in an answer).
 */
const FUNCTION_WORDS: Record<Exclude<LanguageCode, 'en'>, string> = {
  fr: `le la les l un une des du de d à au aux et ou en dans sur sous pour par avec sans que qu qui quoi quel quelle
    quels quelles est sont été être a ont avait s se sa son ses leur leurs ce cet cette ces il elle ils elles on nous vous
    je ne pas plus y où comment pourquoi quand passé passée passe arrivé arrivée produit dit quoi-de-neuf nouvelles
    dernières derniers c ça ceci cela`,
  es: `el la los las lo un una unos unas de del al a y o en con sin por para que qué quien quién cual cuál cuáles es son
    fue fueron ha han había se su sus le les este esta estos estas ese esa no más dónde donde cómo como cuándo cuando
    por qué pasó pasado ocurrió ocurrido sucedió noticias últimas dijo dijeron dice sobre acerca`,
  de: `der die das den dem des ein eine einer einem einen und oder in im an am auf aus bei mit nach von vom zu zum zur
    für über unter ist sind war waren wurde wurden hat haben es sie er wir ihr was wer wie wo wann warum welche welcher
    nicht kein keine passiert geschehen geschah los neues neuesten gesagt sagte sagt sagten über`,
  it: `il lo la i gli le un uno una di del della dei delle a al alla in nel nella con su per tra fra e o che chi cosa
    è sono era stato stata ha hanno si non più dove come quando perché successo accaduto notizie detto disse su`,
  pt: `o a os as um uma uns umas de do da dos das em no na nos nas por para com sem e ou que quem qual é são foi
    foram tem têm se não mais onde como quando porque aconteceu acontecido notícias disse disseram sobre`,
  ar: `في من على إلى الى عن مع هل ما ماذا متى أين اين كيف لماذا هو هي هم كان كانت تم قد لقد التي الذي الذين هذا هذه
    ذلك تلك و أو ثم حدث يحدث جرى يجري الأخبار آخر قال قالت بشأن حول`,
  ru: `и в во на с со к ко по о об от до за из у что кто как где когда почему это этот эта эти был была были есть не
    ли же бы произошло случилось новости сказал сказала заявил`,
};

const STOP = new Map<LanguageCode, Set<string>>(
  Object.entries(FUNCTION_WORDS).map(([code, list]) => [code as LanguageCode, new Set(list.split(/\s+/).filter(Boolean))]),
);

/** A few English function words, only to tell English from the others. */
const ENGLISH = new Set('the a an of to in on and or is are was were what who when where why how did does happened with for'.split(' '));

/**
 * The language of a short text (a question, an article's opening): by script for Arabic and Cyrillic, else by which
 * language's function words it uses most; English when nothing tells.
 */
export function detectLanguage(text: string): LanguageCode {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 'en';
  const arabic = letters.filter((c) => /\p{Script=Arabic}/u.test(c)).length;
  const cyrillic = letters.filter((c) => /\p{Script=Cyrillic}/u.test(c)).length;
  if (arabic > letters.length / 3) return 'ar';
  if (cyrillic > letters.length / 3) return 'ru';
  const tokens = splitElisions(words(text));
  let best: LanguageCode = 'en';
  let bestHits = tokens.filter((t) => ENGLISH.has(t)).length;
  for (const code of ['fr', 'es', 'de', 'it', 'pt'] as const) {
    const hits = tokens.filter((t) => STOP.get(code)!.has(t)).length;
    if (hits > bestHits) {
      best = code;
      bestHits = hits;
    }
  }
  return best;
}

/** `s'est` → `s`, `est`; `l'ONU` → `l`, `onu`: French and Italian elisions hide the word that follows. */
function splitElisions(tokens: readonly string[]): string[] {
  return tokens.flatMap((t) => t.split(/['\u2019]/u)).filter(Boolean);
}

/** Arabic definite article and clitics that prefix names (الحولة, وسوريا, بدمشق). */
function arabicStem(word: string): string {
  return word.replace(/^(?:و|ب|ل|ف)?ال/u, '').replace(/^(?:و|ب|ل)(?=\p{Script=Arabic}{3,})/u, '');
}

/**
 * Names of the main countries, places and bodies in other languages and scripts, mapped to how English articles write
 * them. Keys are lower-case, accents kept; Arabic keys without the definite article.
 */
const ALIASES: Record<string, string> = {
  // Countries
  syrie: 'syria', siria: 'syria', syrien: 'syria', سوريا: 'syria', سورية: 'syria', сирия: 'syria', сирии: 'syria',
  libye: 'libya', libia: 'libya', libyen: 'libya', ليبيا: 'libya', ливия: 'libya', ливии: 'libya',
  égypte: 'egypt', egypte: 'egypt', egipto: 'egypt', egitto: 'egypt', egito: 'egypt', ägypten: 'egypt', مصر: 'egypt', египет: 'egypt',
  irak: 'iraq', عراق: 'iraq', ирак: 'iraq', iraque: 'iraq',
  iran: 'iran', إيران: 'iran', ايران: 'iran', иран: 'iran',
  russie: 'russia', rusia: 'russia', russland: 'russia', russia: 'russia', rússia: 'russia', روسيا: 'russia', россия: 'russia',
  ukraine: 'ukraine', ucrania: 'ukraine', ucraina: 'ukraine', ucrânia: 'ukraine', أوكرانيا: 'ukraine', украина: 'ukraine',
  turquie: 'turkey', turquía: 'turkey', türkei: 'turkey', turchia: 'turkey', تركيا: 'turkey', турция: 'turkey',
  soudan: 'sudan', sudán: 'sudan', سودان: 'sudan', судан: 'sudan',
  tunisie: 'tunisia', túnez: 'tunisia', tunesien: 'tunisia', تونس: 'tunisia',
  liban: 'lebanon', líbano: 'lebanon', libanon: 'lebanon', لبنان: 'lebanon',
  jordanie: 'jordan', jordania: 'jordan', أردن: 'jordan', اردن: 'jordan',
  israël: 'israel', إسرائيل: 'israel', израиль: 'israel',
  'états-unis': 'united states', 'estados unidos': 'united states', usa: 'united states', أمريكا: 'united states', сша: 'united states',
  // Cities and places
  damas: 'damascus', دمشق: 'damascus', дамаск: 'damascus',
  حولة: 'houla', houla: 'houla', hula: 'houla',
  طرابلس: 'tripoli', trípoli: 'tripoli', триполи: 'tripoli',
  بنغازي: 'benghazi', bengasi: 'benghazi', бенгази: 'benghazi',
  مصراتة: 'misrata', misurata: 'misrata',
  حمص: 'homs', حلب: 'aleppo', alep: 'aleppo', alepo: 'aleppo', حماة: 'hama',
  قاهرة: 'cairo', caire: 'cairo', 'le caire': 'cairo', kairo: 'cairo', 'el cairo': 'cairo',
  بغداد: 'baghdad', bagdad: 'baghdad',
  // People
  قذافي: 'gadhafi', kadhafi: 'gadhafi', gadafi: 'gadhafi', gaddafi: 'gadhafi', каддафи: 'gadhafi',
  أسد: 'assad', асад: 'assad',
  مبارك: 'mubarak', moubarak: 'mubarak',
  // Bodies
  onu: 'united nations', uno: 'united nations', 'nations unies': 'united nations', 'naciones unidas': 'united nations', 'vereinte nationen': 'united nations',
  'nazioni unite': 'united nations', 'الأمم المتحدة': 'united nations', 'أمم المتحدة': 'united nations', оон: 'united nations',
  otan: 'nato', nato: 'nato', ناتو: 'nato', нато: 'nato',
  'union européenne': 'european union', 'unión europea': 'european union', ue: 'european union', eu: 'european union',
  'ligue arabe': 'arab league', 'liga árabe': 'arab league', 'جامعة الدول العربية': 'arab league',
};

const PHRASES = Object.keys(ALIASES).filter((k) => k.includes(' ')).sort((a, b) => b.length - a.length);

/**
 * A question's subject words as English articles write them: other languages' function words removed, elisions
 * split, names in other languages and scripts mapped through the alias table; English text comes back unchanged.
 * Names that are the same in every language (Houla, Homs, Misrata) pass through, so they match as typed.
 */
export function crossLanguageQuestion(question: string): string {
  const language = detectLanguage(question);
  if (language === 'en') return question;
  let text = question.normalize('NFKC').toLowerCase();
  const mapped: string[] = [];
  for (const phrase of PHRASES) {
    if (text.includes(phrase)) {
      mapped.push(ALIASES[phrase]!);
      text = text.split(phrase).join(' ');
    }
  }
  const stop = STOP.get(language as Exclude<LanguageCode, 'en'>)!;
  for (const raw of splitElisions(words(text))) {
    const w = language === 'ar' ? arabicStem(raw) : raw;
    if (stop.has(raw) || stop.has(w)) continue;
    mapped.push(ALIASES[raw] ?? ALIASES[w] ?? w);
  }
  return mapped.join(' ');
}
