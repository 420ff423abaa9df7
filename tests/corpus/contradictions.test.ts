import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { passagesDisagree, type Passage } from '../../src/core/contradictions.ts';
import { detokenize } from '../../src/ingest/files/timeline17.ts';
import { hasSharedData, shared, SKIP_REASON } from '../helpers/shared-data.ts';
import { CONTRADICTION_PAIRS } from './contradiction-pairs.ts';

/** Articles of a Timeline17 folder by id: their sentences (tokenised lines) and day. */
const folders = new Map<string, Map<string, { time: string; lines: string[] }>>();
function articlesOf(folder: string): Map<string, { time: string; lines: string[] }> {
  let m = folders.get(folder);
  if (!m) {
    m = new Map();
    const text = gunzipSync(readFileSync(shared('timeline17', folder, 'articles.jsonl.gz'))).toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { id: string; time: string; text: string };
      m.set(String(o.id), { time: o.time, lines: o.text.split(' \n') });
    }
    folders.set(folder, m);
  }
  return m;
}

function passage(ref: string, citation: number): Passage {
  const [, folder, id, index] = /^([^/]+)\/([^:]+):(\d+)$/.exec(ref) ?? [];
  const article = articlesOf(folder!).get(id!);
  const raw = article?.lines[Number(index)];
  if (!article || raw === undefined) throw new Error(`No sentence ${ref} in the shared data`);
  return { citation, outlet: folder!, publishedAt: new Date(`${article.time}T12:00:00Z`), text: detokenize(raw) };
}

describe.skipIf(!hasSharedData)(`contradiction detector on hand-labelled Timeline17 pairs${SKIP_REASON}`, () => {
  it('keeps precision and recall above their floors', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    const misses: string[] = [];
    for (const pair of CONTRADICTION_PAIRS) {
      const said = passagesDisagree(passage(pair.a, 1), passage(pair.b, 2));
      if (said && pair.differ) tp++;
      else if (said) fp++;
      else if (pair.differ) fn++;
      else tn++;
      if (said !== pair.differ) misses.push(`${said ? 'false alarm' : 'missed'}: ${pair.a} / ${pair.b} (${pair.why})`);
    }
    const precision = tp / Math.max(1, tp + fp);
    const recall = tp / Math.max(1, tp + fn);
    console.log(
      `contradictions: ${CONTRADICTION_PAIRS.length} pairs, precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)} ` +
        `(tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn})\n  ${misses.join('\n  ')}`,
    );
    expect(CONTRADICTION_PAIRS.length).toBeGreaterThanOrEqual(40);
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.5);
  });
});
