/**
 * Figures a news sentence states about a development: a count bound to what it counts ("61 raids", "killing at least
 * 85 people", "the death toll rose to 300"). Pure functions; the contradiction detector and "what changed" compare them.
 */

/** What a figure counts. */
export type FigureKind =
  | 'killed'
  | 'injured'
  | 'casualties'
  | 'arrested'
  | 'missing'
  | 'displaced'
  | 'strikes'
  | 'troops'
  | 'protesters'
  | 'cases'
  | 'barrels';

/** One figure found in a sentence. */
export interface Figure {
  /** What it counts. */
  kind: FigureKind;
  /** The value as a number (the low end of a range). */
  value: number;
  /** The high end of a range ("12,000 to 19,000"); equals `value` otherwise. */
  high: number;
  /** "at least", "more than", "about", "nearly" …: a bound or an estimate, not an exact count. */
  approximate: boolean;
  /** The sentence speaks of a running total ("since", "so far", "toll", "in all") rather than one incident. */
  cumulative: boolean;
  /** Who is counted, when the sentence says ("civilians", "rebels", "soldiers"); null for "people" or nothing. */
  group: string | null;
  /** A rate ("5,000 barrels a day") rather than a count. */
  rate: boolean;
  /** The figure as written ("at least 61", "12,000 to 19,000"). */
  text: string;
}

// Trigger words per kind, as written in English news; matched on lower-cased words.
const KIND_WORDS: [FigureKind, RegExp][] = [
  ['killed', /^(?:killed|killing|kills|kill|dead|deaths?|died|die|dying|slain|massacred|executed|lives|bodies|fatalities|perished|murdered|toll)$/],
  ['injured', /^(?:injured|injuring|injuries|wounded|wounding|hurt)$/],
  ['casualties', /^casualties$/],
  ['arrested', /^(?:arrested|arrests?|detained|detaining|detainees|jailed|prisoners)$/],
  ['missing', /^missing$/],
  ['displaced', /^(?:refugees|fled|fleeing|displaced|evacuated|evacuees)$/],
  ['strikes', /^(?:raids|air-?strikes|strikes|sorties|missiles|bombs|bombings|attacks)$/],
  ['troops', /^(?:troops|soldiers|servicemen|peacekeepers)$/],
  ['protesters', /^(?:protesters|protestors|demonstrators|marchers)$/],
  ['cases', /^(?:cases|infections|infected)$/],
  ['barrels', /^barrels$/],
];

// Who a count of dead or hurt is about; "people" and "persons" say nothing and are left out.
const GROUPS = /^(?:civilians?|rebels?|soldiers?|troops|protesters?|demonstrators?|children|women|police(?:men)?|officers?|militants?|fighters?|insurgents?|americans?|britons?|iraqis?|libyans?|egyptians?|marines?|journalists?|prisoners?|pilgrims?|workers?|students?|migrants?|refugees?|farmers?|snipers?|guards?)$/;

const APPROX = /(?:at least|more than|over|nearly|almost|about|around|some|up to|roughly|approximately|an estimated|estimated|as many as|fewer than|less than|under|close to|upwards of)\s*$/i;
const CUMULATIVE =
  /\b(?:since|so far|to date|in total|total(?:led|ing)?|in all|altogether|overall|cumulative|toll|tally|until now|thus far|(?:days|weeks|months) of|(?:in|over|during) the (?:past|last)|(?:this|last) (?:week|month|year)|(?:the|a) (?:crackdown|revolt|uprising|unrest|conflict|war|revolution))\b/i;
const RATE = /^\W*(?:[\p{L}-]+\s+){0,3}?(?:a|per|each|every)\s+(?:day|week|month|year|hour)\b|^\W*(?:[\p{L}-]+\s+){0,3}?(?:daily|bpd)\b/iu;
const SCALE: Record<string, number> = { m: 1e6, mn: 1e6, bn: 1e9, hundred: 100, hundreds: 100, thousand: 1e3, thousands: 1e3, million: 1e6, millions: 1e6, billion: 1e9 };
const SMALL: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13,
  fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40,
  fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, dozen: 12,
};
const MONTH = /^(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/i;

interface Token {
  /** Lower-cased word, or the digits of a number. */
  word: string;
  /** As written. */
  raw: string;
  start: number;
  end: number;
  /** Numeric value when the token is a number. */
  num?: number;
}

const TOKEN = /\d{1,3}(?:[, ]\d{3})+(?![\d,])(?:\.\d+)?|\d+(?:\.\d+)?|[\p{L}]+(?:['\u2019-][\p{L}]+)*|[;:(),%$£€]/gu;

function tokenize(sentence: string): Token[] {
  const out: Token[] = [];
  for (const m of sentence.normalize('NFKC').matchAll(TOKEN)) {
    const raw = m[0];
    const t: Token = { word: raw.toLowerCase(), raw, start: m.index, end: m.index + raw.length };
    if (/^\d/.test(raw)) t.num = Number(raw.replace(/[, ]/g, ''));
    else {
      // "twenty-five": every part a number word.
      const parts = t.word.split('-').map((p) => SMALL[p]);
      if (parts.every((v) => v !== undefined)) t.num = parts.reduce((a, b) => a! + b!, 0);
    }
    out.push(t);
  }
  return out;
}

/** True when the number at `i` is a date, an age, a year, money, a share or part of a name rather than a count. */
function notACount(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  if (prev && (MONTH.test(prev.raw) || /^[$£€]$/.test(prev.word) || /^(?:resolution|no|number|flight|route|article|page|aged?|chapter)$/.test(prev.word))) return true;
  if (next && (MONTH.test(next.raw) || /^(?:%|percent|per|years?|year-old|years-old|a\.m|p\.m|am|pm|gmt|km|miles?|hours?|minutes?|days?|weeks?|months?|kilometers?|kilometres?|metres?|meters?|feet|dollars?|pounds?|euros?|mph|degrees?)$/.test(next.word))) return true;
  if (next && /-year-old$/.test(next.word)) return true;
  if (/^\d{4}$/.test(t.raw) && t.num! >= 1900 && t.num! <= 2100) return true;
  return false;
}

/** The kind named by a word, if any. */
export function kindOf(word: string): FigureKind | null {
  for (const [kind, re] of KIND_WORDS) if (re.test(word)) return kind;
  return null;
}

/** Every figure in a sentence, in order of appearance. */
export function extractFigures(sentence: string): Figure[] {
  const tokens = tokenize(sentence);
  const cumulative = CUMULATIVE.test(sentence);
  const out: Figure[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.num === undefined || notACount(tokens, i)) continue;
    let value = t.num;
    let j = i + 1;
    // "1.5 million", "two hundred", "dozens of".
    while (j < tokens.length && SCALE[tokens[j]!.word] !== undefined) value *= SCALE[tokens[j++]!.word]!;
    let high = value;
    // A range: "12,000 to 19,000", "between 40 and 50".
    const joiner = tokens[j];
    const second = tokens[j + 1];
    if (joiner && second?.num !== undefined && /^(?:to|and|or|-)$/.test(joiner.word) && second.num > value && !notACount(tokens, j + 1)) {
      high = second.num;
      j += 2;
      while (j < tokens.length && SCALE[tokens[j]!.word] !== undefined) {
        const s = SCALE[tokens[j++]!.word]!;
        high *= s;
        if (value < high / s) value *= s;
      }
    }
    const bound = bind(tokens, i, j);
    if (!bound) continue;
    const before = sentence.slice(Math.max(0, t.start - 24), t.start);
    const approxMatch = APPROX.exec(before);
    const startAt = approxMatch ? t.start - approxMatch[0].length : t.start;
    out.push({
      kind: bound.kind,
      value,
      high,
      // "5m", "2,000": a round figure of thousands or more is an estimate however it is written.
      approximate: Boolean(approxMatch) || j > i + 1 || (value >= 1000 && value % 100 === 0),
      cumulative,
      group: bound.group,
      rate: RATE.test(sentence.slice(tokens[j - 1]!.end, tokens[j - 1]!.end + 60)),
      text: sentence.slice(startAt, tokens[j - 1]!.end).trim(),
    });
    i = j - 1;
  }
  return out;
}

/**
 * The kind a number at `i` (ending before `j`) counts: the first trigger word within a few words after it ("61
 * civilians were killed"), else one just before it ("killing 85", "the death toll rose to 300").
 */
function bind(tokens: readonly Token[], i: number, j: number): { kind: FigureKind; group: string | null } | null {
  let group: string | null = null;
  // "three other rebels", "two more children": a part added to a count told elsewhere, not a count of its own.
  if (/^(?:other|more|additional|further|extra)$/.test(tokens[j]?.word ?? '')) return null;
  let end = Math.min(tokens.length, j + 6);
  for (let k = j; k < end; k++) {
    const w = tokens[k]!;
    // "15 people, including three children, were killed": the aside is skipped.
    if (w.word === ',' && /^(?:including|among|mostly|many|most)$/.test(tokens[k + 1]?.word ?? '')) {
      const close = tokens.findIndex((t, x) => x > k + 1 && t.word === ',');
      if (close < 0) break;
      end = Math.min(tokens.length, close + 5);
      k = close;
      continue;
    }
    if (w.word === ',') continue;
    if (w.num !== undefined || /^[;:()]$/.test(w.word)) break;
    if (GROUPS.test(w.word) && group === null) group = w.word.replace(/s$/, '');
    const kind = kindOf(w.word);
    // "soldiers" and "protesters" are kinds by themselves unless a verb follows that says what happened to them.
    if (kind && !(group !== null && (kind === 'troops' || kind === 'protesters') && k + 1 < tokens.length && nextVerbKind(tokens, k + 1))) {
      return { kind, group: kind === 'troops' || kind === 'protesters' ? null : group };
    }
    if (kind === null && /^(?:and|but|while|who|which|after|before|when)$/.test(w.word) && k > j) break;
  }
  if (group !== null) {
    const verb = nextVerbKind(tokens, Math.min(tokens.length, j + 1));
    if (verb) return { kind: verb, group };
  }
  for (let k = i - 1; k >= Math.max(0, i - 5); k--) {
    const w = tokens[k]!;
    if (w.num !== undefined || /^[;:(),]$/.test(w.word)) break;
    const kind = kindOf(w.word);
    if (kind === 'killed' || kind === 'injured' || kind === 'arrested' || kind === 'casualties') return { kind, group };
  }
  return null;
}

function nextVerbKind(tokens: readonly Token[], from: number): FigureKind | null {
  for (let k = from; k < Math.min(tokens.length, from + 4); k++) {
    const kind = kindOf(tokens[k]!.word);
    if (kind === 'killed' || kind === 'injured' || kind === 'arrested' || kind === 'missing') return kind;
  }
  return null;
}

/** A figure for display: "61", "at least 61", "12,000–19,000". */
export function formatFigure(f: Pick<Figure, 'value' | 'high' | 'approximate' | 'text'>): string {
  const n = (x: number): string => x.toLocaleString('en');
  const range = f.high > f.value ? `${n(f.value)}–${n(f.high)}` : n(f.value);
  const bound = /^(at least|more than|over|nearly|almost|about|around|up to|as many as|fewer than|less than)\b/i.exec(f.text)?.[1]?.toLowerCase();
  return bound ? `${bound} ${range}` : range;
}

/** The label of what a figure counts, for display and for matching figures across briefs ("killed", "civilians killed"). */
export function figureLabel(f: Pick<Figure, 'kind' | 'group' | 'cumulative'>): string {
  const base = f.group ? `${f.group}s ${f.kind}` : f.kind;
  return f.cumulative ? `${base} (total)` : base;
}

/** Whether two figures of the same kind state different amounts (ranges and estimates get a tenth of slack). */
export function valuesDiffer(a: Figure, b: Figure): boolean {
  if (!a.approximate && !b.approximate && a.high === a.value && b.high === b.value) return a.value !== b.value;
  const slack = 0.1;
  return a.high * (1 + slack) < b.value || b.high * (1 + slack) < a.value;
}
