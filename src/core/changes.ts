import { extractFigures, figureLabel, formatFigure, valuesDiffer, type Figure } from './figures.ts';
import { isStopword, terms } from './text.ts';

/**
 * What changed between two briefs of one story shown in the same place: developments the earlier one did not have,
 * figures that moved (61 → 85, each value with the articles that state it) and names that appeared. Pure logic over
 * what each brief showed.
 */

/** A figure a brief showed: what it counts, the value as shown, and the articles of the bullet that states it. */
export interface ShownFigure {
  /** What it counts ("killed", "civilians injured", "killed (total)"). */
  what: string;
  /** The value as shown ("at least 61"). */
  value: string;
  /** Low end of the value. */
  low: number;
  /** High end (equals `low` unless a range). */
  high: number;
  /** A bound or an estimate rather than an exact count. */
  approximate: boolean;
  /** Articles of the bullet that states it. */
  articleIds: number[];
  /** Index of the bullet that states it. */
  bullet?: number;
}

/** What a brief or digest showed, so that the next one in the same place can say what changed. */
export interface BriefShown {
  /** Bullets in display order, with the articles each cited. */
  bullets: { text: string; articleIds: number[] }[];
  /** Figures its bullets stated, the first mention of each kind. */
  figures: ShownFigure[];
  /** Names of people, places and bodies its bullets mentioned. */
  actors: string[];
}

/** A figure that moved between two briefs. */
export interface MovedFigure {
  /** What it counts. */
  what: string;
  /** The earlier value and the articles that stated it. */
  before: { value: string; articleIds: number[] };
  /** The current value and the articles that state it. */
  after: { value: string; articleIds: number[] };
}

/** The differences between an earlier brief and the current one. */
export interface ShownChanges {
  /** Indices (from 0) of current bullets whose development the earlier brief did not have. */
  newBullets: number[];
  /** Figures whose value moved. */
  figures: MovedFigure[];
  /** Names the current brief mentions and the earlier one did not. */
  actors: string[];
}

/** Most new names listed: a brief's change section is a glance, not an index. */
const MAX_ACTORS = 6;
/** Term overlap at which two bullets state the same development. */
const SAME_BULLET = 0.5;
/** Term overlap (figures aside) at which two bullets' counts are of the same thing, so that one moved to the other. */
const SAME_SUBJECT = 0.3;

const NOT_NAMES = new Set(
  `january february march april may june july august september october november december monday tuesday wednesday
  thursday friday saturday sunday the a an this that these those he she it they we i his her its their our mr mrs ms
  dr president minister government officials official forces sources source reuters cnn bbc ap afp new`.split(/\s+/),
);

// Runs of capitalised words ("Human Rights Watch", "Misrata"), joined by "of"/"al-" where names use them.
const NAME = /\p{Lu}[\p{L}'’-]+(?:\s+(?:of\s+|al-)?\p{Lu}[\p{L}'’-]+)*/gu;

/** Names a text mentions (people, places, bodies), as written, without the words of `ignore` (the story's own terms). */
export function namesIn(text: string, ignore: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NAME)) {
    let name = m[0].replace(/['’]s$/u, '');
    // A capital that only starts the sentence is not a name unless more capitals follow ("Human Rights Watch").
    const atStart = m.index === 0 || /[.!?:"“]\s*$/.test(text.slice(Math.max(0, m.index - 3), m.index));
    if (atStart && !/\s/.test(name)) continue;
    if (atStart) {
      const first = name.split(/\s+/)[0]!.toLowerCase();
      if (NOT_NAMES.has(first) || isStopword(first)) name = name.slice(name.indexOf(' ') + 1);
    }
    const key = name.toLowerCase();
    if (NOT_NAMES.has(key) || isStopword(key) || name.length < 3) continue;
    // The story's own names ("Gaddafi" in a story tracked as libya, gaddafi) are never news.
    if (terms(name).some((t) => ignore.has(t))) continue;
    out.push(name);
  }
  return out;
}

/** What a list of bullets shows: their figures (first mention of each kind) and names. */
export function shownOf(bullets: readonly { text: string; articleIds: readonly number[] }[], storyTerms: readonly string[] = []): BriefShown {
  const ignore = new Set(storyTerms);
  const figures = new Map<string, ShownFigure>();
  const actors = new Map<string, string>();
  bullets.forEach((b, bullet) => {
    for (const f of extractFigures(b.text)) {
      const what = figureLabel(f);
      if (!figures.has(what)) {
        figures.set(what, { what, value: formatFigure(f), low: f.value, high: f.high, approximate: f.approximate, articleIds: [...b.articleIds], bullet });
      }
    }
    for (const name of namesIn(b.text, ignore)) if (!actors.has(name.toLowerCase())) actors.set(name.toLowerCase(), name);
  });
  return { bullets: bullets.map((b) => ({ text: b.text, articleIds: [...b.articleIds] })), figures: [...figures.values()], actors: [...actors.values()] };
}

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / Math.min(a.size, b.size);
}

function asFigure(f: ShownFigure): Figure {
  return { kind: 'killed', value: f.low, high: f.high, approximate: f.approximate, cumulative: false, group: null, rate: false, text: f.value };
}

/**
 * Compares the current brief with the earlier one. A bullet is new when it cites none of the articles the earlier
 * bullets cited and does not restate one of them; a figure moved when the same kind of count has a different value;
 * an actor appeared when no earlier bullet named them.
 */
export function compareShown(previous: BriefShown, current: BriefShown): ShownChanges {
  const seenArticles = new Set(previous.bullets.flatMap((b) => b.articleIds));
  const earlier = previous.bullets.map((b) => new Set(terms(b.text)));
  const newBullets: number[] = [];
  current.bullets.forEach((b, i) => {
    if (b.articleIds.some((id) => seenArticles.has(id))) return;
    const t = new Set(terms(b.text));
    if (earlier.some((e) => overlap(e, t) >= SAME_BULLET)) return;
    newBullets.push(i);
  });
  const before = new Map(previous.figures.map((f) => [f.what, f]));
  const figures: MovedFigure[] = [];
  // Two briefs both count "killed", but of one attack each: only counts stated by bullets about the same thing moved.
  const words = (shown: BriefShown, i: number | undefined): Set<string> =>
    new Set(i === undefined ? [] : terms(shown.bullets[i]?.text ?? '').filter((t) => !/\d/.test(t)));
  for (const f of current.figures) {
    const old = before.get(f.what);
    if (!old || !valuesDiffer(asFigure(old), asFigure(f))) continue;
    if (overlap(words(previous, old.bullet), words(current, f.bullet)) < SAME_SUBJECT) continue;
    figures.push({ what: f.what, before: { value: old.value, articleIds: old.articleIds }, after: { value: f.value, articleIds: f.articleIds } });
  }
  const known = new Set(previous.actors.map((a) => a.toLowerCase()));
  const actors = current.actors.filter((a) => !known.has(a.toLowerCase())).slice(0, MAX_ACTORS);
  return { newBullets, figures, actors };
}
