import type { Brief } from '../core/brief.ts';
import type { Reply, ReplyBlock } from './reply.ts';

/** The `--format json` shape of a brief (DESIGN.md), plus headline, notes and kind. */
export function briefJson(brief: Brief): Record<string, unknown> {
  return {
    kind: brief.kind,
    story: brief.story,
    subject: brief.subject,
    window: { from: brief.window.from.toISOString(), to: brief.window.to.toISOString() },
    engine: brief.engine,
    headline: brief.headline,
    bullets: brief.bullets.map((b) => ({
      text: b.text,
      citations: b.citations,
      outlets: b.outlets,
      ...(b.date ? { date: b.date } : {}),
      ...(b.unverified ? { unverified: true } : {}),
    })),
    sources: brief.sources.map((s) => ({
      n: s.n,
      articleId: s.articleId,
      title: s.title,
      url: s.url,
      source: s.source,
      publishedAt: s.publishedAt.toISOString(),
    })),
    notes: brief.notes,
    articlesConsidered: brief.articlesConsidered,
  };
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A brief, answer or timeline as a Reply. */
export function briefReply(brief: Brief): Reply {
  const blocks: ReplyBlock[] = [];
  for (const note of brief.notes) blocks.push({ type: 'notice', tone: 'info', text: note });
  if (brief.kind === 'answer' && brief.bullets.length === 0) {
    blocks.push({ type: 'text', text: brief.headline });
  } else {
    if (brief.kind !== 'answer') blocks.push({ type: 'text', text: brief.headline });
    blocks.push({
      type: 'bullets',
      items: brief.bullets.map((b) => ({
        text: b.text,
        citations: b.citations,
        ...(b.date ? { label: b.date } : {}),
        ...(b.unverified ? { unverified: true } : {}),
      })),
    });
  }
  const title =
    brief.kind === 'answer'
      ? brief.story
      : `${brief.kind === 'timeline' ? 'Timeline' : 'Brief'}: ${brief.story} (${day(brief.window.from)} to ${day(brief.window.to)})`;
  const corroborated = brief.bullets.filter((b) => b.outlets > 1).length;
  const footer = [
    `${brief.engine} engine`,
    `${brief.articlesConsidered} article${brief.articlesConsidered === 1 ? '' : 's'} read`,
    `${brief.sources.length} cited`,
    ...(corroborated > 0 ? [`${corroborated} bullet${corroborated === 1 ? '' : 's'} confirmed by several outlets`] : []),
  ].join(' · ');
  return {
    visibility: brief.kind === 'answer' ? 'private' : 'public',
    title,
    blocks,
    sources: brief.sources,
    footer,
    data: briefJson(brief),
  };
}
