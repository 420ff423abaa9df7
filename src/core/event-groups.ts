import { UNLIMITED, type Deadline } from './deadline.ts';
import type { Development, SourceArticle } from './developments.ts';
import { extractFigures, figureLabel, valuesDiffer } from './figures.ts';
import { terms } from './text.ts';
import { cosine, norm, vectorOf, type Vector } from './vector.ts';

/** Options for {@link groupEvents}. */
export interface EventGroupOptions {
  /** Story terms: they occur in every article of a story and say nothing about which event an article reports. */
  ignoreTerms?: readonly string[];
  /** Headline similarity (cosine over rare-weighted terms) at which two articles report the same event. */
  threshold?: number;
  /** Checked once per article in the pairwise comparison. */
  deadline?: Deadline;
}

function find(parent: Map<number, number>, x: number): number {
  let root = x;
  while (parent.get(root)! !== root) root = parent.get(root)!;
  // Path compression keeps later lookups short.
  let y = x;
  while (parent.get(y)! !== root) {
    const next = parent.get(y)!;
    parent.set(y, root);
    y = next;
  }
  return root;
}

/**
 * Groups developments into events. A development is one reported fact; an event is what a run of coverage is
 * about (a strike, a summit), and usually yields several developments: casualties, reactions, an investigation.
 * Two developments belong to the same event when they come from the same article, or from articles whose
 * headline and lead are close (cosine over terms weighted by rarity within this set, story words ignored).
 * Returns one event number per development, numbered from 0 in order of each event's best development.
 */
export function groupEvents(
  developments: readonly Development[],
  articles: ReadonlyMap<number, SourceArticle>,
  options: EventGroupOptions = {},
): number[] {
  const threshold = options.threshold ?? 0.45;
  const deadline = options.deadline ?? UNLIMITED;
  const ignore = new Set(options.ignoreTerms ?? []);
  const ids = [...new Set(developments.flatMap((d) => d.articleIds))].filter((id) => articles.has(id));
  const parent = new Map(ids.map((id) => [id, id]));
  const union = (a: number, b: number): void => {
    const ra = find(parent, a);
    const rb = find(parent, b);
    if (ra !== rb) parent.set(rb, ra);
  };
  // The articles that report one development report the same event.
  for (const d of developments) {
    const known = d.articleIds.filter((id) => parent.has(id));
    for (const id of known.slice(1)) union(known[0]!, id);
  }
  // Headline + lead similarity, with rare words weighted up so shared place names alone do not merge events.
  const termLists = new Map(
    ids.map((id) => {
      const a = articles.get(id)!;
      return [id, terms(`${a.title} ${a.body.slice(0, 300)}`).filter((t) => !ignore.has(t))];
    }),
  );
  const df = new Map<string, number>();
  for (const list of termLists.values()) for (const t of new Set(list)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string): number => Math.log((ids.length + 1) / (df.get(t) ?? 1));
  const vectors: { id: number; v: Vector; n: number }[] = ids.map((id) => {
    const v = vectorOf(termLists.get(id)!, idf);
    return { id, v, n: norm(v) };
  });
  for (let i = 0; i < vectors.length; i++) {
    deadline.check('event grouping');
    for (let j = i + 1; j < vectors.length; j++) {
      const a = vectors[i]!;
      const b = vectors[j]!;
      if (cosine(a.v, b.v, a.n, b.n) >= threshold) union(a.id, b.id);
    }
  }
  const numbers = new Map<number, number>();
  return developments.map((d) => {
    const first = d.articleIds.find((id) => parent.has(id));
    const root = first === undefined ? -1 - numbers.size : find(parent, first);
    let n = numbers.get(root);
    if (n === undefined) numbers.set(root, (n = numbers.size));
    return n;
  });
}

/**
 * Keeps at most `perEvent` developments of each event, in the given (ranked) order, so that one event cannot fill
 * a digest however much coverage it gets.
 */
export function capPerEvent<T>(items: readonly T[], eventOf: readonly number[], perEvent: number): T[] {
  const counts = new Map<number, number>();
  const out: T[] = [];
  items.forEach((item, i) => {
    const e = eventOf[i] ?? -1 - i;
    const c = counts.get(e) ?? 0;
    if (c >= perEvent) return;
    counts.set(e, c + 1);
    out.push(item);
  });
  return out;
}

/**
 * Drops developments that restate something already posted (cosine over terms at or above `maxSimilarity` with any
 * earlier bullet), so a story's follow-up coverage does not repeat yesterday's digest. A restatement whose count moved
 * ("killed 61" yesterday, "killed 85" today) is news and stays.
 */
export function dropRepeats(
  developments: readonly Development[],
  posted: readonly string[],
  maxSimilarity = 0.6,
  deadline: Deadline = UNLIMITED,
): Development[] {
  if (posted.length === 0) return [...developments];
  const seen = posted.map((text) => {
    const v = vectorOf(terms(text), () => 1);
    return { v, n: norm(v), text };
  });
  const moved = (now: string, before: string): boolean => {
    const earlier = extractFigures(before);
    return extractFigures(now).some((f) => earlier.some((e) => figureLabel(e) === figureLabel(f) && valuesDiffer(e, f)));
  };
  return developments.filter((d) => {
    deadline.check('repeat check');
    const v = vectorOf(terms(d.text), () => 1);
    const n = norm(v);
    return !seen.some((s) => cosine(v, s.v, n, s.n) >= maxSimilarity && !moved(d.text, s.text));
  });
}

/** Ranked developments reordered so that no event dominates; see {@link spreadOverEvents}. */
export interface EventSpread {
  /** At most `perEvent` developments of each event first (in rank order), then the others (in rank order). */
  developments: Development[];
  /** How many of `developments` are in the first, capped part. */
  preferred: number;
  /** Event number of each article, for capping what an engine wrote. */
  eventOfArticle: Map<number, number>;
}

/**
 * Orders a story's ranked developments so that a brief can cover the story, not only its loudest event: the first
 * `preferred` developments hold at most `perEvent` of each event (see {@link groupEvents}); the rest follow as extra
 * material (an LLM may use it as context; the extractive engine only falls back on it when too little is preferred).
 */
export function spreadOverEvents(
  ranked: readonly Development[],
  articles: ReadonlyMap<number, SourceArticle>,
  options: { perEvent: number; ignoreTerms?: readonly string[]; deadline?: Deadline },
): EventSpread {
  const events = groupEvents(ranked, articles, { ignoreTerms: options.ignoreTerms ?? [], ...(options.deadline ? { deadline: options.deadline } : {}) });
  const eventOfArticle = new Map<number, number>();
  ranked.forEach((d, i) => d.articleIds.forEach((id) => eventOfArticle.set(id, events[i]!)));
  return orderByEvents(ranked, events, eventOfArticle, options.perEvent);
}

/**
 * {@link spreadOverEvents} with the events already known, by article (from another ranking of the same articles): a
 * development belongs to the event of its representative's article; one whose article has no event is its own.
 */
export function spreadByEvents(ranked: readonly Development[], eventOfArticle: Map<number, number>, perEvent: number): EventSpread {
  const events = ranked.map((d, i) => eventOfArticle.get(d.articleIds[0] ?? -1) ?? -1 - i);
  return orderByEvents(ranked, events, eventOfArticle, perEvent);
}

function orderByEvents(ranked: readonly Development[], events: readonly number[], eventOfArticle: Map<number, number>, perEvent: number): EventSpread {
  const preferred = capPerEvent(ranked, events, perEvent);
  const kept = new Set(preferred);
  return { developments: [...preferred, ...ranked.filter((d) => !kept.has(d))], preferred: preferred.length, eventOfArticle };
}
