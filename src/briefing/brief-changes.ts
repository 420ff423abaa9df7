import { displayTitle } from '../core/headline.ts';
import type { Article, WorkspaceId } from '../core/article.ts';
import type { BriefChanges, BriefContradiction, BriefFigureChange, BriefSource } from '../core/brief.ts';
import { compareShown, shownOf, type BriefShown, type MovedFigure } from '../core/changes.ts';
import { bestPassage, findContradictions, type Passage } from '../core/contradictions.ts';
import { splitSentences } from '../core/text.ts';
import type { BriefRecord } from '../store/ports/brief-history-store.ts';

/** A bullet as the annotations need it: its text and the numbers of the sources it cites. */
export interface CitedBullet {
  /** Text. */
  text: string;
  /** Citation numbers into the sources. */
  citations: readonly number[];
  /** A translated bullet's source wording: what is compared with the articles and with earlier briefs. */
  original?: string | undefined;
}

/** Share of a bullet's terms a source it does not cite must restate for its figures to be compared too. */
const UNCITED_SHARE = 1 / 3;

/**
 * Where sources disagree about a bullet's development: the passage of each cited article that states it (its closest
 * sentence), and that of any other source of the brief that restates it closely, compared across outlets. The
 * bullet's own wording is never read, so an LLM cannot smooth a dispute away, and the other sources catch the outlet
 * whose differing count became a bullet of its own.
 */
export function contradictionsOf(
  bullets: readonly CitedBullet[],
  sources: readonly BriefSource[],
  articles: ReadonlyMap<number, Article>,
): BriefContradiction[] {
  const sentences = new Map<number, string[]>();
  const sentencesOf = (a: Article): string[] => {
    let s = sentences.get(a.id);
    if (!s) sentences.set(a.id, (s = splitSentences(a.body)));
    return s;
  };
  const out: BriefContradiction[] = [];
  bullets.forEach((b, bullet) => {
    const passages: Passage[] = [];
    const cited = new Set(b.citations);
    for (const source of sources) {
      const article = articles.get(source.articleId);
      if (!article) continue;
      const text = bestPassage(b.original ?? b.text, sentencesOf(article), cited.has(source.n) ? undefined : UNCITED_SHARE);
      if (text) passages.push({ citation: source.n, outlet: article.source, publishedAt: article.publishedAt, text });
    }
    if (new Set(passages.map((p) => p.outlet)).size < 2) return;
    for (const c of findContradictions(passages)) {
      // Only disagreements that involve a source the bullet cites belong under it.
      if (c.values.some((v) => v.citations.some((n) => cited.has(n)))) out.push({ bullet, what: c.what, values: c.values });
    }
  });
  return out;
}

/** What bullets citing numbered sources show, for the brief history. */
export function shownOfBullets(bullets: readonly CitedBullet[], sources: readonly BriefSource[], storyTerms: readonly string[]): BriefShown {
  const idOf = new Map(sources.map((s) => [s.n, s.articleId]));
  return shownOf(
    bullets.map((b) => ({ text: b.original ?? b.text, articleIds: b.citations.flatMap((n) => (idOf.has(n) ? [idOf.get(n)!] : [])) })),
    storyTerms,
  );
}

/** What an earlier record showed; a record kept before bullets were stored still says which articles it cited. */
export function previousShown(record: BriefRecord): BriefShown {
  return record.shown ?? { bullets: [{ text: '', articleIds: record.articleIds }], figures: [], actors: [] };
}

/** Loads articles by id (the workspace's own only). */
export type ArticleLoader = (workspace: WorkspaceId, ids: readonly number[]) => Promise<Article[]>;

/**
 * Numbers moved figures' articles as citations into `sources`, appending a source for an earlier article the current
 * bullets no longer cite (so "61 [8] → 85 [2]" links both). Returns the figure changes; `sources` grows in place.
 */
export async function citeMovedFigures(
  workspace: WorkspaceId,
  moved: readonly MovedFigure[],
  sources: BriefSource[],
  load: ArticleLoader,
): Promise<BriefFigureChange[]> {
  const numberOf = new Map(sources.map((s) => [s.articleId, s.n]));
  const missing = [...new Set(moved.flatMap((m) => [...m.before.articleIds, ...m.after.articleIds]))].filter((id) => !numberOf.has(id));
  if (missing.length > 0) {
    for (const a of await load(workspace, missing)) {
      const n = (sources.at(-1)?.n ?? 0) + 1;
      sources.push({ n, articleId: a.id, title: displayTitle(a), url: a.url, source: a.source, publishedAt: a.publishedAt });
      numberOf.set(a.id, n);
    }
  }
  const cite = (ids: readonly number[]): number[] => [...new Set(ids.flatMap((id) => (numberOf.has(id) ? [numberOf.get(id)!] : [])))];
  return moved.map((m) => ({
    what: m.what,
    before: { value: m.before.value, citations: cite(m.before.articleIds) },
    after: { value: m.after.value, citations: cite(m.after.articleIds) },
  }));
}

/** The changes of a brief since an earlier record shown in the same place. */
export async function changesSince(
  workspace: WorkspaceId,
  previous: BriefRecord,
  current: BriefShown,
  sources: BriefSource[],
  load: ArticleLoader,
): Promise<BriefChanges> {
  const diff = compareShown(previousShown(previous), current);
  return {
    since: previous.createdAt,
    newBullets: diff.newBullets,
    figures: await citeMovedFigures(workspace, diff.figures, sources, load),
    actors: diff.actors,
  };
}
