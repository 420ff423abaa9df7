/**
 * Numbers stated in text, for checking that an LLM bullet's figures come from its sources. Pure functions.
 *
 * A figure is compared by value, so "1,500", "1500" and "1.5 thousand" agree, "45%" and "45 percent" agree, and
 * "sixty-one" in a source supports "61" in a bullet. Each mention yields every value it can stand for ("$5m" stands
 * for 5 and 5,000,000), and a bullet's figure is supported when any of its values occurs in a source.
 */

/** One figure found in a text. */
export interface NumberMention {
  /** The text as written ("71", "1.5 million", "sixty-one"). */
  text: string;
  /** Canonical values it can stand for (`canonicalNumber`). */
  values: string[];
  /** Spelled-out small words like "one" that are too common to demand support for. */
  weak: boolean;
}

const SCALES: Record<string, number> = {
  hundred: 100,
  thousand: 1e3,
  million: 1e6,
  billion: 1e9,
  trillion: 1e12,
  k: 1e3,
  m: 1e6,
  mn: 1e6,
  bn: 1e9,
  b: 1e9,
  tn: 1e12,
};

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
};

/** A number as a short canonical string: no separators, no trailing zeros ("1500", "3.5"). */
export function canonicalNumber(n: number): string {
  return String(Number(n.toFixed(6)));
}

// Digits with optional thousands separators and decimals (a comma group that is not one of thousands, "2,7", is read
// as the digits it joins rather than as "2" followed by an unread "7"), an optional ordinal suffix, an optional percent sign or
// word, and an optional scale ("million" as a word, "m"/"bn"/"k" glued to the number).
const NUMERAL =
  /(?<![\p{L}\p{N}.,])(\d{1,3}(?:,\d{3})+(?![,\d])|\d+(?:,\d+)+|\d+)(?:\.(\d+))?(?:st|nd|rd|th)?(?:\s?(%|per ?cent\b))?(?:\s+(hundred|thousand|million|billion|trillion)\b|(k|m|mn|bn|b|tn)(?![\p{L}\p{N}]))?/giu;

const WORD_TOKEN = /[\p{L}]+(?:-[\p{L}]+)*/gu;

/** Every figure written with digits or spelled out in words. */
export function numberMentions(text: string): NumberMention[] {
  const normal = text.normalize('NFKC').replace(/[\u2009\u202f]/g, ' ');
  const out: NumberMention[] = [];
  for (const m of normal.matchAll(NUMERAL)) {
    const base = Number(m[1]!.replace(/,/g, '') + (m[2] ? `.${m[2]}` : ''));
    if (!Number.isFinite(base)) continue;
    const scaleWord = (m[4] ?? m[5])?.toLowerCase();
    const values = [canonicalNumber(base)];
    if (scaleWord) values.push(canonicalNumber(base * SCALES[scaleWord]!));
    out.push({ text: m[0].trim(), values, weak: false });
  }
  out.push(...spelledNumbers(normal));
  return out;
}

// "sixty-one", "two hundred", "three million", "twenty five thousand": a run of number words read left to right.
// Every pass of the outer loop moves past at least one token, so the scan is linear in the number of tokens; a
// hyphenated token that only starts with number words ("two-day", "six-month", "one-off") ends the run after it.
function spelledNumbers(text: string): NumberMention[] {
  const tokens = [...text.matchAll(WORD_TOKEN)].map((m) => ({ word: m[0].toLowerCase(), index: m.index }));
  const out: NumberMention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const start = i;
    let total = 0;
    let current = 0;
    let any = false;
    let ended = false;
    while (i < tokens.length && !ended) {
      const parts = tokens[i]!.word.split('-');
      let used = 0;
      for (const p of parts) {
        if (p in UNITS) current += UNITS[p]!;
        else if (p in TENS) current += TENS[p]!;
        else if (p === 'hundred' && any) current = Math.max(current, 1) * 100;
        else if (p in SCALES && p.length > 2 && any) {
          total += Math.max(current, 1) * SCALES[p]!;
          current = 0;
        } else if (p in ORDINAL_WORDS && !any && parts.length === 1) {
          // "first", "third": an ordinal on its own is a figure and ends the run.
          current = ORDINAL_WORDS[p]!;
          ended = true;
        } else if (p in ORDINAL_WORDS && any && current >= 20 && current < 100 && current % 10 === 0) {
          // "twenty-first": the ordinal closes a compound.
          current += ORDINAL_WORDS[p]!;
          ended = true;
        } else break;
        any = true;
        used++;
        if (ended) break;
      }
      if (used === 0) break;
      i++;
      if (used < parts.length) ended = true;
    }
    if (i === start) {
      i = start + 1;
      continue;
    }
    const value = total + current;
    const first = tokens[start]!;
    const last = tokens[i - 1]!;
    const words = i - start;
    const written = text.slice(first.index, last.index + last.word.length);
    // "one" and "first" are everyday words ("one of the", "for the first time"): they support figures in sources
    // but are not demanded of a bullet.
    const weak = words === 1 && (value <= 1 || first.word in ORDINAL_WORDS);
    out.push({ text: written, values: [canonicalNumber(value)], weak });
  }
  return out;
}

/** True for a word that spells a number or a scale ("sixty", "one", "million", "third", "twenty-first"). */
export function isNumberWord(word: string): boolean {
  const parts = word.toLowerCase().split('-');
  return parts.every((p) => p in UNITS || p in TENS || p in ORDINAL_WORDS || (p in SCALES && p.length > 2));
}

/** Every value any figure in the text can stand for. */
export function numberValues(text: string): Set<string> {
  const set = new Set<string>();
  for (const m of numberMentions(text)) for (const v of m.values) set.add(v);
  return set;
}
