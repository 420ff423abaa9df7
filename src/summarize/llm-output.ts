import { briefHeadline } from '../core/headline.ts';
import type { Article } from '../core/article.ts';
import type { LlmRunInfo } from '../core/brief.ts';
import { extractInlineCitations, verifyBullets, type UnverifiedPolicy, type VerificationCounts } from '../core/citation-check.ts';
import type { LanguageCode } from '../core/languages.ts';
import { dayOf } from '../core/window.ts';
import type { ParsedOutput } from './output-schemas.ts';
import type { SummaryBullet, SummaryInput, SummaryOutput } from './summarizer.ts';
import { notCovered, translationFigureProblem, translationLengthProblem, translationProblem } from './translation.ts';

const MAX_TEXT = 600;
const MAX_HEADLINE = 200;

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/** What a bullet citing source `n` may rely on: its headline, body and publication date. */
function sourceText(a: Article): string {
  return `${a.title}\n${a.body}\n${dayOf(a.publishedAt)}`;
}

function validDay(day: string | undefined): day is string {
  return day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`));
}

/**
 * Turns the model's parsed output into a verified summary: citations mapped to article ids, failing bullets dropped
 * or marked, figures in the headline checked too. Returns null when nothing verifiable is left (the caller falls back).
 * Output translated into `meta.language` is checked through each statement's source wording, which must be there
 * (a statement without it is dropped) and carry the same figures as the translation.
 */
export function toSummary(
  parsed: ParsedOutput,
  input: SummaryInput,
  sources: ReadonlyMap<number, number>,
  meta: { engine: string; llm: LlmRunInfo; policy: UnverifiedPolicy; language?: LanguageCode | null },
): SummaryOutput | null {
  const target = meta.language ?? null;
  const articleOf = (n: number): Article | undefined => {
    const id = sources.get(n);
    return id === undefined ? undefined : input.articles.get(id);
  };
  const texts = new Map<number, string>();
  for (const n of sources.keys()) {
    const a = articleOf(n);
    if (a) texts.set(n, sourceText(a));
  }

  if (input.kind === 'answer' && !parsed.covered) {
    const verification: VerificationCounts = { bullets: 0, dropped: 0, unsupportedNumbers: 0, badCitations: 0, unsupportedQuotes: 0, unsupportedClaims: 0, flagged: 0 };
    return { headline: notCovered(target), bullets: [], engine: meta.engine, notes: [], verification, llm: meta.llm };
  }

  const items = parsed.items;
  const checked = verifyBullets(
    items.map((i) => ({ text: oneLine((target ? i.sourceText : i.text) ?? '', MAX_TEXT), citations: i.citations })),
    texts,
    meta.policy,
  );
  const counts = checked.counts;
  let bullets: SummaryBullet[] = [];
  checked.bullets.forEach((b, k) => {
    const item = items[checked.kept[k]!]!;
    const articleIds = b.citations.map((n) => sources.get(n)!);
    const outlets = new Set(articleIds.map((id) => input.articles.get(id)!.source.toLowerCase())).size;
    const problems = [...b.problems];
    let text = b.text;
    if (target) {
      text = extractInlineCitations(oneLine(item.text, MAX_TEXT)).text;
      const length = text ? translationLengthProblem(text, b.text) : 'the translation is empty';
      const problem = length ?? translationFigureProblem(text, b.text);
      if (problem) {
        // A length no translation has says the statement is another one; a changed figure is a figure not in sources.
        if (length) counts.unsupportedClaims++;
        else counts.unsupportedNumbers++;
        if (meta.policy === 'strict' || !text) {
          counts.dropped++;
          return;
        }
        problems.push(problem);
      }
    }
    const bullet: SummaryBullet = { text, articleIds, outlets };
    if (target) bullet.original = b.text;
    if (problems.length) {
      bullet.unverified = true;
      bullet.problems = problems;
    }
    if (input.kind === 'timeline') {
      const earliest = articleIds
        .map((id) => input.articles.get(id)!.publishedAt)
        .sort((x, y) => x.getTime() - y.getTime())[0];
      const day = validDay(item.date) ? item.date : earliest ? dayOf(earliest) : undefined;
      if (day) bullet.date = day;
    }
    if (item.section) bullet.section = oneLine(item.section, 80);
    bullets.push(bullet);
  });
  if (bullets.length === 0) return null;

  if (input.kind === 'timeline') {
    bullets = bullets
      .map((b, i) => ({ b, i }))
      .sort((x, y) => (x.b.date ?? '').localeCompare(y.b.date ?? '') || x.i - y.i)
      .map((x) => x.b);
  }
  if (input.kind === 'digest') {
    // Keep each section's bullets together, sections in order of first appearance, unsectioned bullets first.
    const order = [...new Set(bullets.map((b) => b.section ?? ''))];
    bullets = order.flatMap((s) => bullets.filter((b) => (b.section ?? '') === s));
  }
  bullets = bullets.slice(0, input.maxBullets);
  counts.bullets = bullets.length;
  counts.flagged = bullets.filter((b) => b.unverified).length;

  let headline = oneLine(parsed.headline, MAX_HEADLINE);
  // What the headline's checks read: the headline itself, or its source wording when it is translated.
  let checkedHeadline = target ? oneLine(parsed.headlineSource ?? '', MAX_HEADLINE) : headline;
  if (input.kind === 'answer') [headline, checkedHeadline] = [bullets[0]!.text, bullets[0]!.original ?? bullets[0]!.text];
  if (target && headline && (!checkedHeadline || translationProblem(headline, checkedHeadline))) headline = '';
  if (headline) {
    // The headline is a claim too: its figures, quotations and content must all come from one source the bullets
    // cite (a headline read against many sources at once would find most of its words somewhere).
    const cited = [...new Set(bullets.flatMap((b) => b.articleIds))];
    const numbers = [...sources.entries()].filter(([, id]) => cited.includes(id)).map(([n]) => n);
    const checks = numbers.map((n) => verifyBullets([{ text: checkedHeadline, citations: [n] }], texts, 'mark'));
    if (!checks.some((c) => c.bullets[0]?.unverified === false)) {
      const least = (f: (c: (typeof checks)[number]) => number): number => (checks.length ? Math.min(...checks.map(f)) : 0);
      counts.unsupportedNumbers += least((c) => c.counts.unsupportedNumbers);
      counts.unsupportedQuotes += least((c) => c.counts.unsupportedQuotes);
      headline = '';
    }
  }
  // No checked headline: the first source's headline (when its title is one), or in a translation the first bullet (a title is not translated).
  if (!headline) headline = (target ? undefined : briefHeadline(input.articles.get(bullets[0]!.articleIds[0] ?? -1))) ?? bullets[0]!.text;
  return { headline, bullets, engine: meta.engine, notes: [], verification: counts, llm: meta.llm };
}
