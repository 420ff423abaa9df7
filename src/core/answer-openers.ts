/**
 * Sentences that lean on the one before them ("He called on…", "His comments come as Russia and China vetoed…") read
 * as riddles when quoted alone. An answer either names the subject from the previous sentence of the same article,
 * trims the clause that points back, or is marked dangling so that a self-contained sentence is preferred. Pure
 * functions; every word of a rewritten sentence comes from the sentence or the one before it.
 */

/** A sentence made to stand alone, or marked as unable to. */
export interface StandAlone {
  /** The sentence, rewritten or not. */
  text: string;
  /** True when it still opens with a word that points to an earlier sentence. */
  dangling: boolean;
}

// "His comments come as …", "The move came after …", "This comes amid …": the clause after the connective is the news.
const POINTING_CLAUSE =
  /^(?:(?:His|Her|Their|Its|The|These|Those|This|That)\s+(?:comments?|remarks?|statements?|words|announcement|move|decision|visit|call|warning|speech|appeal|threat|news|report|developments?)|This|It)\s+(?:came|come|comes|were|was|is|are)\s+(?:just\s+|only\s+|shortly\s+|(?:a|one|two|three|several)\s+(?:days?|hours?|weeks?)\s+|days\s+|hours\s+)?(?:as|after|amid|when|while)\s+/u;
const PERSONAL = /^(He|She|His|Her)\s+(?=\p{Ll})/u;
const POINTING = /^(?:He|She|His|Her|They|Their|It|Its|This|That|These|Those|Such|There he|Both|The two)\b/u;

const NAME_WORD = String.raw`(?:\p{Lu}[\p{Ll}'’-]+|al-\p{Lu}[\p{Ll}-]+)`;
const NAME = String.raw`${NAME_WORD}(?:\s+(?:(?:al|bin|ibn|de|van|von)\s+)?${NAME_WORD}){0,3}`;
const SPEECH = String.raw`(?:said|says|told|announced|added|warned|insisted|stated|urged|called|argued|claimed|declared|wrote|vowed|denied|accused)`;
const TITLES = String.raw`(?:President|Minister|Secretary|General|Gen\.|Colonel|Col\.|Dr|Mr|Mrs|Ms|spokesman|spokeswoman|leader|King|Prince|Chairman|chief|Judge|Admiral|Adm|Sheikh|Senator|Ambassador|envoy)`;
const NOT_A_NAME = /^(?:The|A|An|But|And|In|On|At|It|He|She|They|This|That|When|While|After|Before|Officials?|Police|Witnesses)$/u;

/** The person a sentence is about, as it names them: the speaker of a reporting verb, or a titled name. */
export function namedSubject(sentence: string): string | undefined {
  const found: { name: string; at: number }[] = [];
  const add = (re: RegExp, group = 1): void => {
    for (const m of sentence.matchAll(re)) {
      const name = m[group]!;
      if (NOT_A_NAME.test(name.split(/\s+/u)[0]!)) continue;
      found.push({ name, at: m.index });
    }
  };
  add(new RegExp(String.raw`(?<![\p{L}'’-])(${NAME}),?\s+(?:who\s+\w+\s+)?${SPEECH}\b`, 'gu'));
  add(new RegExp(String.raw`\b${SPEECH}\s+(${NAME})\b`, 'gu'));
  add(new RegExp(String.raw`\b${TITLES}\s+(${NAME})\b`, 'gu'));
  if (found.length === 0) return undefined;
  // The latest mention is the one the next sentence's pronoun most likely points to.
  return found.sort((a, b) => a.at - b.at)[found.length - 1]!.name;
}

/** Makes a sentence stand alone, using the sentence before it in the same article when there is one. */
export function standAlone(sentence: string, previous?: string): StandAlone {
  const clause = POINTING_CLAUSE.exec(sentence);
  if (clause) {
    const rest = sentence.slice(clause[0].length);
    if (rest.split(/\s+/u).length >= 6 && /^[\p{L}"“‘']/u.test(rest)) {
      const text = rest.charAt(0).toUpperCase() + rest.slice(1);
      return { text, dangling: POINTING.test(text) };
    }
  }
  const personal = PERSONAL.exec(sentence);
  if (personal && previous) {
    const name = namedSubject(previous);
    if (name) {
      const possessive = personal[1] === 'His' || personal[1] === 'Her';
      return { text: `${name}${possessive ? "'s" : ''} ${sentence.slice(personal[0].length)}`, dangling: false };
    }
  }
  return { text: sentence, dangling: POINTING.test(sentence) };
}
