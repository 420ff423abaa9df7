import type { Digest } from '../core/digest.ts';
import { formatLongDate, formatShortDateTime } from '../core/zoned-time.ts';
import { describeSourceMix } from '../core/source-mix.ts';
import { sourceJson } from './brief-reply.ts';
import { contradictionNotes, describeFigureChange } from './changes-reply.ts';
import type { Reply, ReplyBlock } from './reply.ts';
import { withVolumeChart } from './volume-reply.ts';

/** The `--format json` / `data` shape of a digest. */
export function digestJson(d: Digest): Record<string, unknown> {
  return {
    kind: 'digest',
    subscriptionId: d.subscriptionId,
    slot: d.slot.toISOString(),
    timeZone: d.timeZone,
    date: formatLongDate(d.slot, d.timeZone),
    window: { from: d.coversFrom.toISOString(), to: d.slot.toISOString() },
    stories: d.sections.map((s) => ({
      story: s.story,
      status: s.status,
      engine: s.engine,
      articlesRead: s.articlesRead,
      bullets: s.bullets.map((b) => ({ text: b.text, citations: b.citations, outlets: b.outlets })),
      ...(s.sourceMix ? { sourceMix: s.sourceMix } : {}),
      ...(s.figures ? { figures: s.figures } : {}),
      ...(s.contradictions ? { contradictions: s.contradictions } : {}),
      sources: d.sources
        .filter((src) => s.bullets.some((b) => b.citations.includes(src.n)) || (s.figures ?? []).some((f) => [...f.before.citations, ...f.after.citations].includes(src.n)))
        .map((src) => src.n),
    })),
    sources: d.sources.map(sourceJson),
    notes: d.notes,
    ...(d.sourceMix ? { sourceMix: d.sourceMix } : {}),
  };
}

function names(list: string[]): string {
  return list.join(', ');
}

/**
 * A digest as a Reply: a header with the date in the subscription's time zone, one section per story with news,
 * and one compact line for the stories with nothing new. Sources are numbered story by story.
 */
export function digestReply(d: Digest): Reply {
  const blocks: ReplyBlock[] = [];
  for (const note of d.notes) blocks.push({ type: 'notice', tone: 'info', text: note });
  const fresh = d.sections.filter((s) => s.status === 'new');
  const quiet = d.sections.filter((s) => s.status === 'quiet').map((s) => s.story);
  const untracked = d.sections.filter((s) => s.status === 'untracked').map((s) => s.story);
  for (const s of fresh) {
    const inner: ReplyBlock[] = s.notes.map((text) => ({ type: 'notice', tone: 'info', text }));
    const differ = contradictionNotes(s.contradictions);
    inner.push({
      type: 'bullets',
      items: s.bullets.map((b, i) => ({
        text: b.text,
        citations: b.citations,
        ...(b.unverified ? { unverified: true } : {}),
        ...(s.sourceMix && s.sourceMix.outlets > 1 && s.sourceMix.singleSourceBullets.includes(i) ? { tags: ['single source'] } : {}),
        ...(differ.has(i) ? { notes: differ.get(i)! } : {}),
      })),
    });
    if (s.figures?.length) {
      inner.push({ type: 'text', text: 'Figures that moved since the last digest here:' }, { type: 'list', items: s.figures.map(describeFigureChange) });
    }
    blocks.push({ type: 'section', title: s.story, blocks: inner });
  }
  const since = formatShortDateTime(d.coversFrom, d.timeZone);
  if (fresh.length === 0 && quiet.length > 0) {
    blocks.push({ type: 'text', text: `Nothing new since ${since}: ${names(quiet)}.` });
  } else if (quiet.length > 0) {
    blocks.push({ type: 'text', text: `Nothing new: ${names(quiet)}.` });
  }
  if (untracked.length > 0) {
    blocks.push({ type: 'text', text: `No longer tracked: ${names(untracked)}.` });
  }
  if (d.sourceMix) blocks.push({ type: 'text', text: describeSourceMix(d.sourceMix, fresh.reduce((n, s) => n + s.bullets.length, 0)) });
  const read = d.sections.reduce((n, s) => n + s.articlesRead, 0);
  const engines = [...new Set(fresh.map((s) => s.engine).filter((e): e is string => Boolean(e)))];
  const footer = [
    d.coversFrom.getTime() < d.slot.getTime()
      ? `Covers ${since} to ${formatShortDateTime(d.slot, d.timeZone)} ${d.timeZone}`
      : `Slot ${formatShortDateTime(d.slot, d.timeZone)} ${d.timeZone} (already covered)`,
    ...(engines.length ? [`${engines.join(', ')} engine`] : []),
    `${read} new article${read === 1 ? '' : 's'} read`,
    `${d.sources.length} cited`,
  ].join(' · ');
  const reply: Reply = {
    visibility: 'public',
    title: `Digest for ${formatLongDate(d.slot, d.timeZone)}`,
    blocks,
    sources: d.sources,
    footer,
    data: digestJson(d),
    // A reply under a digest of one story with news is a follow-up about that story over the period the digest covers;
    // under a digest of several, which story is meant is not known, and it is answered as a plain question.
    ...(fresh.length === 1 && d.coversFrom.getTime() < d.slot.getTime() ? { thread: { subject: fresh[0]!.story, from: d.coversFrom, to: d.slot } } : {}),
  };
  return withVolumeChart(reply, 'Articles per day, stories with news', d.volume ?? []);
}
