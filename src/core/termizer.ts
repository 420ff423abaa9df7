import { stemmer } from 'stemmer';
import { isStopword, words } from './text.ts';

/**
 * A memoising equivalent of `terms` (core/text.ts) for ranking many sentences at once: news repeats its words, so
 * each distinct word is filtered and stemmed once per call site instead of once per occurrence. It must return
 * exactly what `terms` returns (a unit test holds them together).
 */
export function createTermizer(): (text: string) => string[] {
  const cache = new Map<string, string | null>();
  const termOf = (w: string): string | null => {
    const base = w.replace(/['\u2019]s$/u, '');
    if (base.length < 2 && !/\p{N}/u.test(base)) return null;
    if (isStopword(base)) return null;
    return /^[a-z]+$/.test(base) ? stemmer(base) : base;
  };
  return (text) => {
    const out: string[] = [];
    for (const w of words(text)) {
      let t = cache.get(w);
      if (t === undefined) {
        t = termOf(w);
        cache.set(w, t);
      }
      if (t !== null) out.push(t);
    }
    return out;
  };
}
