import { PNG } from 'pngjs';
import type { VolumeSeries } from '../../core/volume.ts';
import { drawText, GLYPH, textWidth } from './bitmap-font.ts';

/** A rendered chart, ready to upload or save. */
export interface ChartImage {
  /** File name for uploads (`volume-libya.png`). */
  filename: string;
  /** Title shown with the upload. */
  title: string;
  /** Text alternative: what the chart shows, in words (screen readers, clients that show no images). */
  alt: string;
  /** The PNG file. */
  png: Buffer;
}

type Rgb = readonly [number, number, number];

/** Colours and geometry; bars are the only pixels in BAR colour, which tests rely on to measure them. */
export const CHART_STYLE = {
  width: 800,
  panelHeight: 190,
  plotHeight: 120,
  left: 56,
  right: 16,
  scale: 2,
  background: [255, 255, 255] as Rgb,
  ink: [40, 40, 40] as Rgb,
  axis: [150, 150, 150] as Rgb,
  grid: [225, 225, 225] as Rgb,
  bar: [44, 110, 183] as Rgb,
} as const;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The x-axis label of a bucket: `14 MAR` per day or week, `MAR 2011` per 30 days. */
function bucketLabel(start: Date, bucketDays: number): string {
  const month = MONTHS[start.getUTCMonth()]!;
  return bucketDays >= 30 ? `${month} ${start.getUTCFullYear()}` : `${start.getUTCDate()} ${month}`;
}

function unit(bucketDays: number): string {
  return bucketDays === 1 ? 'day' : bucketDays === 7 ? 'week' : `${bucketDays} days`;
}

/** `libya: 402 articles, one bar per week, 2011-01-28 to 2011-08-21`. */
function summary(s: VolumeSeries): string {
  const first = s.buckets[0];
  const span = first ? `, ${day(first.start)} to ${day(s.lastDay)}` : '';
  return `${s.label}: ${s.total} article${s.total === 1 ? '' : 's'}, one bar per ${unit(s.bucketDays)}${span}`;
}

/** The text alternative of a chart: per story, total, span and peak. */
export function chartAlt(series: readonly VolumeSeries[]): string {
  return series
    .map((s) => {
      const first = s.buckets[0];
      if (!first) return `${s.label}: no articles`;
      const peak = s.buckets.reduce((a, b) => (b.count > a.count ? b : a), first);
      const when = s.bucketDays === 1 ? `on ${day(peak.start)}` : `in the ${unit(s.bucketDays)} from ${day(peak.start)}`;
      return `${summary(s)}${s.total > 0 ? `; most (${peak.count}) ${when}` : ''}`;
    })
    .join('; ');
}

/** Draws one story's panel: title line, light grid at the peak, bars, axis, count and date labels. */
function drawPanel(s: VolumeSeries, top: number, fill: (x: number, y: number, w: number, h: number, c: Rgb) => void): void {
  const st = CHART_STYLE;
  const text = (t: string, x: number, y: number, c: Rgb): void => drawText(t, x, y, st.scale, (px, py) => fill(px, py, 1, 1, c));
  const glyphH = GLYPH.height * st.scale;
  const plotTop = top + glyphH + 14;
  const base = plotTop + st.plotHeight;
  const plotW = st.width - st.left - st.right;
  let title = summary(s);
  while (title.length > 4 && textWidth(title, st.scale) > st.width - 16) title = `${title.slice(0, -4)}...`;
  text(title, 8, top + 4, st.ink);
  const max = Math.max(1, ...s.buckets.map((b) => b.count));
  fill(st.left, plotTop, plotW, 1, st.grid);
  const maxLabel = String(max);
  text(maxLabel, st.left - 6 - textWidth(maxLabel, st.scale), plotTop - Math.floor(glyphH / 2), st.ink);
  text('0', st.left - 6 - textWidth('0', st.scale), base - glyphH, st.ink);
  const n = Math.max(1, s.buckets.length);
  const slot = plotW / n;
  const barW = Math.max(1, Math.floor(slot * 0.75));
  s.buckets.forEach((b, i) => {
    if (b.count === 0) return;
    const h = Math.max(1, Math.round((b.count / max) * st.plotHeight));
    fill(st.left + Math.floor(i * slot + (slot - barW) / 2), base - h, barW, h, st.bar);
  });
  fill(st.left, base, plotW, 1, st.axis);
  fill(st.left - 1, plotTop, 1, st.plotHeight + 1, st.axis);
  // Labels far enough apart not to touch: every k-th bucket, starting with the first.
  const labelW = textWidth(bucketLabel(new Date(Date.UTC(2000, 0, 28)), s.bucketDays), st.scale) + 24;
  const every = Math.max(1, Math.ceil(labelW / slot));
  let freeFrom = 0;
  for (let i = 0; i < s.buckets.length; i += every) {
    const label = bucketLabel(s.buckets[i]!.start, s.bucketDays);
    const w = textWidth(label, st.scale);
    const centre = st.left + Math.floor(i * slot + slot / 2);
    const x = Math.max(2, Math.min(centre - Math.floor(w / 2), st.width - 2 - w));
    // A label pushed against the right edge could touch the one before it: then it is left out.
    if (x < freeFrom) continue;
    fill(centre, base + 1, 1, 4, st.axis);
    text(label, x, base + 8, st.ink);
    freeFrom = x + w + 10;
  }
}

/** Renders a story-volume chart (one panel per series) as a PNG, entirely in-process. */
export function renderVolumePng(series: readonly VolumeSeries[]): Buffer {
  const st = CHART_STYLE;
  const height = st.panelHeight * Math.max(1, series.length);
  const png = new PNG({ width: st.width, height });
  const fill = (x: number, y: number, w: number, h: number, c: Rgb): void => {
    for (let yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(st.width, x + w); xx++) {
        const i = (yy * st.width + xx) * 4;
        png.data[i] = c[0];
        png.data[i + 1] = c[1];
        png.data[i + 2] = c[2];
        png.data[i + 3] = 255;
      }
    }
  };
  fill(0, 0, st.width, height, st.background);
  series.forEach((s, i) => drawPanel(s, i * st.panelHeight, fill));
  return PNG.sync.write(png);
}

/** A chart ready to post: PNG, file name, title and text alternative. */
export function volumeChartImage(title: string, series: readonly VolumeSeries[]): ChartImage {
  const slug = (series.length === 1 ? series[0]!.label : 'stories').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return { filename: `volume-${slug || 'story'}.png`, title, alt: chartAlt(series), png: renderVolumePng(series) };
}
