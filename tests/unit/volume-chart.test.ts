import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { drawableText, textWidth } from '../../src/chat/chart/bitmap-font.ts';
import { CHART_STYLE, chartAlt, renderVolumePng, volumeChartImage } from '../../src/chat/chart/volume-chart.ts';
import { planBuckets, volumeSeries, type VolumeSeries } from '../../src/core/volume.ts';

const DAY = 86_400_000;

function series(label: string, counts: number[], from = '2011-03-01', bucketDays = 1): VolumeSeries {
  const start = new Date(`${from}T00:00:00Z`).getTime();
  const buckets = counts.map((count, i) => ({ start: new Date(start + i * bucketDays * DAY), count }));
  return volumeSeries(label, bucketDays, buckets, new Date(start + (counts.length * bucketDays - 1) * DAY));
}

/** The bars as drawn: runs of columns containing bar-coloured pixels inside one panel, with their heights. */
function measureBars(png: PNG, panel = 0): { x: number; width: number; height: number }[] {
  const [r, g, b] = CHART_STYLE.bar;
  const top = panel * CHART_STYLE.panelHeight;
  const heightAt = (x: number): number => {
    let h = 0;
    for (let y = top; y < top + CHART_STYLE.panelHeight; y++) {
      const i = (y * png.width + x) * 4;
      if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) h++;
    }
    return h;
  };
  const bars: { x: number; width: number; height: number }[] = [];
  for (let x = 0; x < png.width; x++) {
    const h = heightAt(x);
    if (h === 0) continue;
    const last = bars.at(-1);
    if (last && last.x + last.width === x && last.height === h) last.width++;
    else bars.push({ x, width: 1, height: h });
  }
  return bars;
}

describe('story volume chart (PNG drawn in-process)', () => {
  it('decodes as a PNG of the documented size, one panel per story, and stays small', () => {
    const png = renderVolumePng([series('libya', [3, 0, 7, 12, 1]), series('egypt', [1, 2, 0, 0, 5])]);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const decoded = PNG.sync.read(png);
    expect(decoded.width).toBe(CHART_STYLE.width);
    expect(decoded.height).toBe(2 * CHART_STYLE.panelHeight);
    expect(png.length).toBeGreaterThan(500);
    expect(png.length).toBeLessThan(60_000);
  });

  it('draws one bar per non-empty bucket, in order, with heights proportional to the counts', () => {
    const counts = [3, 0, 7, 12, 1, 0, 0, 6, 9, 2, 12, 4];
    const decoded = PNG.sync.read(renderVolumePng([series('libya', counts)]));
    const bars = measureBars(decoded);
    const nonZero = counts.filter((c) => c > 0);
    expect(bars).toHaveLength(nonZero.length);
    const max = Math.max(...counts);
    bars.forEach((bar, i) => {
      expect(Math.abs(bar.height - Math.round((nonZero[i]! / max) * CHART_STYLE.plotHeight))).toBeLessThanOrEqual(1);
    });
    // Bars sit in their own bucket's slot: the gap after a zero bucket is wider than between neighbours.
    const slot = (CHART_STYLE.width - CHART_STYLE.left - CHART_STYLE.right) / counts.length;
    expect(bars[1]!.x - bars[0]!.x).toBeCloseTo(2 * slot, -1);
    expect(bars[2]!.x - bars[1]!.x).toBeCloseTo(slot, -1);
  });

  it('measures each panel of a multi-story chart against its own peak', () => {
    const decoded = PNG.sync.read(renderVolumePng([series('a', [10, 5]), series('b', [1, 4])]));
    expect(measureBars(decoded, 0).map((b) => b.height)).toEqual([120, 60]);
    expect(measureBars(decoded, 1).map((b) => b.height)).toEqual([30, 120]);
  });

  it('draws an all-zero or empty series without bars and without failing', () => {
    const decoded = PNG.sync.read(renderVolumePng([series('quiet', [0, 0, 0])]));
    expect(measureBars(decoded)).toEqual([]);
    expect(PNG.sync.read(renderVolumePng([])).height).toBe(CHART_STYLE.panelHeight);
  });

  it('names the file after the story and says in words what it shows', () => {
    const image = volumeChartImage('Articles about Côte d’Ivoire', [series('Côte d’Ivoire', [2, 5, 1])]);
    expect(image.filename).toBe('volume-cote-d-ivoire.png');
    expect(image.alt).toBe("Côte d’Ivoire: 8 articles, one bar per day, 2011-03-01 to 2011-03-03; most (5) on 2011-03-02");
    expect(chartAlt([series('x', [4, 9], '2011-01-03', 7)])).toContain('one bar per week, 2011-01-03 to 2011-01-16; most (9) in the week from 2011-01-10');
  });

  it('draws labels it has glyphs for and marks other scripts instead of dropping them', () => {
    expect(drawableText('Syrie: 12 mars')).toBe('SYRIE: 12 MARS');
    expect(drawableText('سوريا 5')).toBe('????? 5');
    expect(textWidth('AB', 2)).toBe((5 + 1 + 5) * 2);
  });
});

describe('bucket planning', () => {
  it('counts per day up to 62 days, then per week, then per 30 days', () => {
    const at = (d: string): Date => new Date(`${d}T12:00:00Z`);
    expect(planBuckets(at('2011-03-01'), at('2011-03-01'))).toMatchObject({ bucketDays: 1, starts: [new Date('2011-03-01T00:00:00Z')] });
    expect(planBuckets(at('2011-03-01'), at('2011-05-01')).bucketDays).toBe(1);
    expect(planBuckets(at('2011-03-01'), at('2011-05-01')).starts).toHaveLength(62);
    const weeks = planBuckets(at('2011-01-28'), at('2011-08-21'));
    expect(weeks.bucketDays).toBe(7);
    expect(weeks.starts).toHaveLength(30);
    const months = planBuckets(at('2010-01-01'), at('2011-12-31'));
    expect(months.bucketDays).toBe(30);
    expect(months.starts.length).toBeLessThanOrEqual(62);
    expect(planBuckets(at('1990-01-01'), at('2011-12-31')).starts.length).toBeLessThanOrEqual(62);
  });
});
