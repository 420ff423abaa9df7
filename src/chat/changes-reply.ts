import type { BriefChanges, BriefContradiction, BriefFigureChange } from '../core/brief.ts';
import { describeContradiction } from '../core/contradictions.ts';
import { formatShortDateTime } from '../core/zoned-time.ts';
import type { ReplyBlock, ReplyBullet } from './reply.ts';

const cites = (ns: readonly number[]): string => ns.map((n) => `[${n}]`).join('');

/** "killed: 61 [4] → 85 [2]": both values with their citations. */
export function describeFigureChange(f: BriefFigureChange): string {
  const side = (v: { value: string; citations: number[] }): string => `${v.value}${v.citations.length ? ` ${cites(v.citations)}` : ''}`;
  return `${f.what}: ${side(f.before)} → ${side(f.after)}`;
}

/** The lines flagged under each bullet where its sources disagree, by bullet index. */
export function contradictionNotes(contradictions: readonly BriefContradiction[] | undefined): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const c of contradictions ?? []) out.set(c.bullet, [...(out.get(c.bullet) ?? []), describeContradiction(c)]);
  return out;
}

/** The title of the changes section: when the previous brief here was made. */
export function changesTitle(changes: BriefChanges, timeZone = 'UTC'): string {
  return `What changed since the last brief here (${formatShortDateTime(changes.since, timeZone)}${timeZone === 'UTC' ? ' UTC' : ''})`;
}

/** The "What changed since the last brief here" section: new developments, moved figures, new names. */
export function changesSection(changes: BriefChanges, newBullets: readonly ReplyBullet[], timeZone = 'UTC'): ReplyBlock {
  const blocks: ReplyBlock[] = [];
  const nothing = changes.newBullets.length === 0 && changes.figures.length === 0 && changes.actors.length === 0;
  if (nothing) blocks.push({ type: 'text', text: 'Nothing new: no new developments, no figure moved, no one new named.' });
  if (newBullets.length > 0) {
    blocks.push({ type: 'text', text: `New developments (${newBullets.length}):` });
    blocks.push({ type: 'bullets', items: [...newBullets] });
  }
  if (changes.figures.length > 0) {
    blocks.push({ type: 'text', text: 'Figures that moved:' });
    blocks.push({ type: 'list', items: changes.figures.map(describeFigureChange) });
  }
  if (changes.actors.length > 0) blocks.push({ type: 'text', text: `Newly named: ${changes.actors.join(', ')}` });
  return { type: 'section', title: changesTitle(changes, timeZone), blocks };
}

/** The `--format json` shape of the changes. */
export function changesJson(changes: BriefChanges): Record<string, unknown> {
  return { since: changes.since.toISOString(), newBullets: changes.newBullets, figures: changes.figures, actors: changes.actors };
}
