import type { WorkspaceId } from '../core/article.ts';
import { detectLanguage, languageName, languageOf } from '../core/languages.ts';
import type { Store } from '../store/ports/corpus-store.ts';

/** How many of the newest articles are read to tell the stored languages. */
const SAMPLE = 60;

/**
 * A note for a question in one language that found nothing among articles in another: which languages the stored
 * articles are in, so the reader knows to ask in those words. Null when the question's language is among them, or the
 * workspace is empty. The languages come from each article's recorded language, else from its title and opening.
 */
export async function storedLanguagesNote(store: Store, workspace: WorkspaceId, question: string): Promise<string | null> {
  const asked = detectLanguage(question);
  const hits = await store.recentArticles(workspace, { limit: SAMPLE });
  if (hits.length === 0) return null;
  const articles = await store.getArticles(
    workspace,
    hits.map((h) => h.id),
  );
  const counts = new Map<string, number>();
  for (const a of articles) {
    const code = languageOf(a);
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  if (counts.has(asked)) return null;
  const order = [...counts].sort((x, y) => y[1] - x[1]);
  const names = order.map(([code]) => languageName(code));
  const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}`;
  return (
    `Your question looks ${languageName(asked)}; the stored articles are in ${list} (judged from the newest ` +
    `${articles.length}). Names and places in it were searched as written; asking in ${names[0]!} finds more.`
  );
}
