import { describeCoverage, type Brief, type BriefSource } from '../core/brief.ts';
import { describeSourceMix } from '../core/source-mix.ts';
import { describeWindow } from '../core/window.ts';
import { changesJson, changesSection, contradictionNotes } from './changes-reply.ts';
import type { Reply, ReplyBlock, ReplyBullet } from './reply.ts';

/** The `--format json` shape of one numbered source (briefs and digests alike). */
export function sourceJson(s: BriefSource): Record<string, unknown> {
  return { n: s.n, articleId: s.articleId, title: s.title, url: s.url, source: s.source, publishedAt: s.publishedAt.toISOString() };
}

/** The `--format json` shape of a brief (DESIGN.md), plus headline, notes and kind. */
export function briefJson(brief: Brief): Record<string, unknown> {
  return {
    kind: brief.kind,
    // An answer is about a question, not a story.
    ...(brief.kind === 'answer' ? { question: brief.story } : { story: brief.story }),
    subject: brief.subject,
    window: { from: brief.window.from.toISOString(), to: brief.window.to.toISOString() },
    engine: brief.engine,
    ...(brief.language ? { language: brief.language } : {}),
    headline: brief.headline,
    bullets: brief.bullets.map((b) => ({
      text: b.text,
      citations: b.citations,
      outlets: b.outlets,
      ...(b.date ? { date: b.date } : {}),
      ...(b.unverified ? { unverified: true } : {}),
      ...(b.problems?.length ? { problems: b.problems } : {}),
      ...(b.section ? { section: b.section } : {}),
      ...(b.original ? { original: b.original } : {}),
    })),
    sources: brief.sources.map(sourceJson),
    notes: brief.notes,
    articlesConsidered: brief.articlesConsidered,
    ...(brief.sourceMix ? { sourceMix: brief.sourceMix } : {}),
    ...(brief.coverage ? { read: { articles: brief.articlesConsidered, ...brief.coverage } } : {}),
    ...(brief.verification ? { verification: brief.verification } : {}),
    ...(brief.llm ? { llm: brief.llm } : {}),
    ...(brief.contradictions ? { contradictions: brief.contradictions } : {}),
    ...(brief.changes ? { changes: changesJson(brief.changes) } : {}),
  };
}

/** One short line on the citation checks of an LLM-written brief, e.g. "checked: 5 bullets, 1 dropped, 1 flagged". */
export function verificationFooter(brief: Brief): string | undefined {
  const v = brief.verification;
  if (!v) return undefined;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [`citations checked: ${plural(v.bullets, 'bullet')} kept`];
  if (v.dropped) parts.push(`${v.dropped} dropped`);
  if (v.badCitations) parts.push(`${plural(v.badCitations, 'bad citation')} removed`);
  if (v.unsupportedNumbers) parts.push(`${plural(v.unsupportedNumbers, 'figure')} not in sources`);
  if (v.unsupportedQuotes) parts.push(`${plural(v.unsupportedQuotes, 'quotation')} not verbatim`);
  if (v.unsupportedClaims) parts.push(`${plural(v.unsupportedClaims, 'claim')} not found in sources`);
  if (v.flagged) parts.push(`${v.flagged} marked unverified`);
  return parts.join(', ');
}

/** A brief, answer or timeline as a Reply. */
export function briefReply(brief: Brief): Reply {
  const blocks: ReplyBlock[] = [];
  for (const note of brief.notes) blocks.push({ type: 'notice', tone: 'info', text: note });
  if (brief.kind === 'answer' && brief.bullets.length === 0) {
    blocks.push({ type: 'text', text: brief.headline });
  } else {
    if (brief.kind !== 'answer') blocks.push({ type: 'text', text: brief.headline });
    const single = new Set(brief.sourceMix && brief.sourceMix.outlets > 1 ? brief.sourceMix.singleSourceBullets : []);
    const fresh = new Set(brief.changes?.newBullets ?? []);
    const differ = contradictionNotes(brief.contradictions);
    const index = new Map(brief.bullets.map((b, i) => [b, i]));
    const item = (b: Brief['bullets'][number]): ReplyBullet => {
      const i = index.get(b)!;
      const tags = [...(fresh.has(i) && brief.focus !== 'changes' ? ['new'] : []), ...(single.has(i) ? ['single source'] : [])];
      return {
        text: b.text,
        citations: b.citations,
        ...(b.date ? { label: b.date } : {}),
        ...(b.unverified ? { unverified: true } : {}),
        ...(tags.length ? { tags } : {}),
        ...(differ.has(i) ? { notes: differ.get(i)! } : {}),
      };
    };
    if (brief.changes) {
      const newOnes = brief.bullets.filter((_, i) => fresh.has(i));
      blocks.push(changesSection(brief.changes, brief.focus === 'changes' ? newOnes.map(item) : []));
    }
    // LLM digests may group bullets into sections; bullets of one section are adjacent.
    const plain = brief.bullets.filter((b) => !b.section);
    if (brief.focus === 'changes') {
      const known = brief.bullets.length - (brief.changes?.newBullets.length ?? 0);
      if (known > 0) blocks.push({ type: 'text', text: `${known} development${known === 1 ? ' was' : 's were'} already in the last brief; run without --changes for the whole brief.` });
    } else if (plain.length || brief.bullets.length === 0) blocks.push({ type: 'bullets', items: plain.map(item) });
    for (const title of new Set(brief.focus === 'changes' ? [] : brief.bullets.flatMap((b) => (b.section ? [b.section] : [])))) {
      blocks.push({ type: 'section', title, blocks: [{ type: 'bullets', items: brief.bullets.filter((b) => b.section === title).map(item) }] });
    }
  }
  if (brief.sourceMix && brief.bullets.length > 0) {
    blocks.push({ type: 'text', text: describeSourceMix(brief.sourceMix, brief.bullets.length) });
  }
  const title =
    brief.kind === 'answer'
      ? brief.story
      : `${brief.kind === 'timeline' ? 'Timeline' : 'Brief'}: ${brief.story} (${describeWindow(brief.window)})`;
  const corroborated = brief.bullets.filter((b) => b.outlets > 1).length;
  const disputed = new Set((brief.contradictions ?? []).map((c) => c.bullet)).size;
  const footer = [
    `${brief.engine} engine`,
    brief.coverage
      ? describeCoverage(brief.articlesConsidered, brief.coverage)
      : `${brief.articlesConsidered} article${brief.articlesConsidered === 1 ? '' : 's'} read`,
    `${brief.sources.length} cited`,
    ...(corroborated > 0 ? [`${corroborated} bullet${corroborated === 1 ? '' : 's'} confirmed by several outlets`] : []),
    ...(disputed > 0 ? [`sources differ under ${disputed} bullet${disputed === 1 ? '' : 's'}`] : []),
    ...(brief.verification ? [verificationFooter(brief)!] : []),
    ...(brief.llm ? [`prompt ${brief.llm.prompt}${brief.llm.cached ? ', cached' : ''}`] : []),
  ].join(' · ');
  return {
    visibility: brief.kind === 'answer' ? 'private' : 'public',
    title,
    blocks,
    sources: brief.sources,
    footer,
    data: briefJson(brief),
    // A reply in the thread of a brief or timeline is a follow-up about the same subject and window.
    ...(brief.kind === 'brief' || brief.kind === 'timeline' ? { thread: { subject: brief.story, from: brief.window.from, to: brief.window.to } } : {}),
  };
}
