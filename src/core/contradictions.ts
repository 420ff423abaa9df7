import { extractAttributions, mentionsSide, type Attribution } from './attributions.ts';
import { mentionedDays } from './dates.ts';
import { extractFigures, figureLabel, formatFigure, kindOf, valuesDiffer, type Figure } from './figures.ts';
import { canonicalNumber, numberValues } from './numbers.ts';
import { splitSentences, terms } from './text.ts';

/**
 * Where sources disagree about one development: different counts of the same thing ("61 raids" vs "85 raids"), or the
 * same count called different things ("61 killed" vs "61 injured"). Read on the source passages a bullet cites, never
 * on the bullet's own wording, and never resolved: every value is shown with its citations. Pure logic.
 */

/** The passage of one cited source that states a bullet's development. */
export interface Passage {
  /** Citation number of the source. */
  citation: number;
  /** Outlet; two reports of one outlet are an update, not a disagreement. */
  outlet: string;
  /** Publication time of the source (resolves "on Tuesday"). */
  publishedAt: Date;
  /** The sentence. */
  text: string;
}

/** One disagreement under a bullet. */
export interface Contradiction {
  /** What is disputed: "killed", "civilians injured", "killed vs injured". */
  what: string;
  /** The differing values, each with the citations that state it, in order of first citation. */
  values: { value: string; citations: number[] }[];
}

interface Disagreement {
  what: string;
  va: string;
  vb: string;
}

const HOUR = 3_600_000;
const DIRECTION = /\b(?:in|on) the (west|east|north|south|northwest|northeast|southwest|southeast)\b/giu;
const YEAR = /\b(19\d\d|20\d\d)\b/g;
const PAST = /\b(?:(?:weeks?|months?|years?) ago|last (?:month|year)|earlier this (?:month|year))\b/i;
/** Reports further apart than this describe different moments of a story: their figures may differ by moving on. */
const MAX_GAP = 36 * HOUR;
const NOT_PLACES = /^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|This|That|Their|His|Her)$/;
const PLACE = /\b(?:in|at|near|outside|around|from|(?:town|city|port|village|district|province|region) of)\s+((?:the\s+)?\p{Lu}[\p{L}'-]+(?:\s+\p{Lu}[\p{L}'-]+)*)/gu;

interface Prepared {
  passage: Passage;
  figures: Figure[];
  days: Set<number>;
  places: Set<string>;
  /** Content terms other than what figures count: what the passage is about. */
  topic: Set<string>;
  /** Every value any number in the passage stands for, bound to a kind or not. */
  numbers: Set<string>;
  /** The passage looks back ("six weeks ago", "last month"): it is not about the moment it was published. */
  past: boolean;
  /** Who the passage says did it. */
  attributions: Attribution[];
}

// Words every casualty report shares; two reports must have more than these in common to be about one event.
const GENERIC = new Set(terms('people person killed kill dead death wounded injured report according official source medical'));
/** Content terms two passages must share to be read as reports of one development. */
const MIN_SHARED = 2;

function prepare(p: Passage): Prepared {
  const places = new Set<string>();
  for (const m of p.text.matchAll(DIRECTION)) places.add(m[1]!.toLowerCase());
  for (const m of p.text.matchAll(PLACE)) {
    const name = m[1]!.replace(/^the\s+/, '');
    if (!NOT_PLACES.test(name.split(/\s+/)[0]!)) places.add(name.toLowerCase());
  }
  const topic = new Set(terms(p.text).filter((t) => !GENERIC.has(t) && !/\d/.test(t) && kindOf(t) === null));
  return {
    passage: p,
    figures: extractFigures(p.text),
    days: new Set(mentionedDays(p.text, p.publishedAt)),
    places,
    topic,
    numbers: numberValues(p.text),
    // "six weeks ago", or a year before the report's ("the 1979 Ixtoc leak"): another event, told for comparison.
    past: PAST.test(p.text) || [...p.text.matchAll(YEAR)].some((m) => Number(m[1]) < p.publishedAt.getUTCFullYear()),
    attributions: extractAttributions(p.text),
  };
}

function dayOf(p: Prepared): number {
  return Math.floor(p.passage.publishedAt.getTime() / (24 * HOUR));
}

function disjoint<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const x of a) if (b.has(x)) return false;
  return true;
}

/** Whether two reports can be about the same moment and place: close in time, no different days or places named. */
function sameSetting(a: Prepared, b: Prepared): boolean {
  if (Math.abs(a.passage.publishedAt.getTime() - b.passage.publishedAt.getTime()) > MAX_GAP) return false;
  if (a.past !== b.past || disjoint(a.days, b.days)) return false;
  let shared = 0;
  for (const t of a.topic) if (b.topic.has(t)) shared++;
  if (shared < MIN_SHARED) return false;
  return !disjoint(a.places, b.places);
}

function comparable(x: Figure, y: Figure, a: Prepared, b: Prepared): boolean {
  if (x.kind !== y.kind || x.cumulative !== y.cumulative || x.rate !== y.rate) return false;
  // A running total moves from one day to the next: only reports of the same day can disagree about it.
  if (x.cumulative && dayOf(a) !== dayOf(b)) return false;
  return x.group === null || y.group === null || x.group === y.group;
}

/** A disagreement between two passages' figures, as (label, figure of a, figure of b) pairs. */
function disagreements(a: Prepared, b: Prepared): Disagreement[] {
  if (a.passage.outlet === b.passage.outlet || !sameSetting(a, b)) return [];
  const out: Disagreement[] = [];
  for (const fa of a.figures) {
    // A figure the other passage also states, or a kind it does not speak of, is no disagreement.
    const same = b.figures.filter((fb) => comparable(fa, fb, a, b));
    // Either passage naming the other's value at all (as a comparison, a part, an earlier count) is no disagreement,
    // nor is a figure that agrees with one of the other passage's.
    const named = (f: Figure, p: Prepared): boolean => p.numbers.has(canonicalNumber(f.value));
    const agrees = (f: Figure, p: Prepared, q: Prepared): boolean => p.figures.some((g) => comparable(f, g, q, p) && !valuesDiffer(f, g));
    if (same.length > 0 && !agrees(fa, b, a) && same.every((fb) => !named(fa, b) && !named(fb, a) && !agrees(fb, a, b))) {
      const fb = same[0]!;
      out.push({ what: figureLabel(fa.group ? fa : fb), va: formatFigure(fa), vb: formatFigure(fb) });
    }
  }
  // The same count called dead by one and hurt by the other.
  for (const fa of a.figures) {
    if (fa.kind !== 'killed' && fa.kind !== 'injured') continue;
    const other = fa.kind === 'killed' ? 'injured' : 'killed';
    const fb = b.figures.find((f) => f.kind === other && f.value === fa.value && f.high === fa.high && !f.cumulative && !fa.cumulative);
    if (!fb) continue;
    if (a.figures.some((f) => f.kind === other && f.value === fa.value) || b.figures.some((f) => f.kind === fa.kind && f.value === fa.value)) continue;
    out.push({ what: 'killed vs injured', va: `${formatFigure(fa)} ${fa.kind}`, vb: `${formatFigure(fb)} ${fb.kind}` });
  }
  const blame = perpetrators(a, b);
  if (blame) out.push(blame);
  return out;
}

/**
 * Different sides named as the doer of one development: "killed by NATO strikes" against "killed by government
 * shelling". Not a disagreement when either passage names the other's side at all (a denial, a counter-claim, a
 * joint operation): the passages then report the dispute themselves, or name both.
 */
function perpetrators(a: Prepared, b: Prepared): Disagreement | null {
  if (a.attributions.length === 0 || b.attributions.length === 0) return null;
  const sidesA = new Set(a.attributions.map((x) => x.side));
  const sidesB = new Set(b.attributions.map((x) => x.side));
  if (!disjoint(sidesA, sidesB)) return null;
  if ([...sidesB].some((s) => mentionsSide(a.passage.text, s)) || [...sidesA].some((s) => mentionsSide(b.passage.text, s))) return null;
  return { what: 'who was responsible', va: a.attributions.map((x) => x.actor).join(', '), vb: b.attributions.map((x) => x.actor).join(', ') };
}

/** Whether two source passages disagree about a figure (for evaluation on labelled pairs). */
export function passagesDisagree(a: Passage, b: Passage): boolean {
  return disagreements(prepare(a), prepare(b)).length > 0;
}

/** The disagreements among the passages one bullet cites, grouped by what is disputed. */
export function findContradictions(passages: readonly Passage[]): Contradiction[] {
  const prepared = passages.map(prepare);
  const groups = new Map<string, Map<string, Set<number>>>();
  const add = (what: string, value: string, citation: number): void => {
    const values = groups.get(what) ?? new Map<string, Set<number>>();
    groups.set(what, values);
    const cites = values.get(value) ?? new Set<number>();
    values.set(value, cites);
    cites.add(citation);
  };
  for (let i = 0; i < prepared.length; i++) {
    for (let j = i + 1; j < prepared.length; j++) {
      for (const d of disagreements(prepared[i]!, prepared[j]!)) {
        add(d.what, d.va, prepared[i]!.passage.citation);
        add(d.what, d.vb, prepared[j]!.passage.citation);
      }
    }
  }
  const out: Contradiction[] = [];
  for (const [what, values] of groups) {
    const list = [...values].map(([value, cites]) => ({ value, citations: [...cites].sort((x, y) => x - y) }));
    list.sort((x, y) => x.citations[0]! - y.citations[0]!);
    if (list.length > 1) out.push({ what, values: list });
  }
  return out;
}

/** The one line shown under a bullet: "Sources differ on killed: 61 [1] vs 85 [3]". */
export function describeContradiction(c: Contradiction): string {
  const values = c.values.map((v) => `${v.value} ${v.citations.map((n) => `[${n}]`).join('')}`);
  return `Sources differ on ${c.what}: ${values.join(' vs ')}`;
}

/**
 * The sentence of a source that states a bullet's development: the one sharing most of the bullet's content terms
 * (at least `minShare` of them, a third by default), or null when the source says nothing that close to it.
 */
export function bestPassage(bullet: string, body: string | readonly string[], minShare = 1 / 3): string | null {
  const wanted = new Set(terms(bullet));
  if (wanted.size === 0) return null;
  let best: string | null = null;
  let bestScore = 0;
  for (const sentence of typeof body === 'string' ? splitSentences(body) : body) {
    let shared = 0;
    for (const t of new Set(terms(sentence))) if (wanted.has(t)) shared++;
    const score = shared / wanted.size;
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return bestScore >= minShare ? best : null;
}
