import { volumeJson, type VolumeSeries } from '../core/volume.ts';
import type { Reply } from './reply.ts';

/**
 * Adds story volume to a reply: the chart adapters post as an image, and `volume` in its JSON data. A reply without
 * series is returned unchanged.
 */
export function withVolumeChart(reply: Reply, title: string, series: readonly VolumeSeries[]): Reply {
  if (series.length === 0) return reply;
  const data = reply.data && typeof reply.data === 'object' ? { ...(reply.data as Record<string, unknown>) } : {};
  return { ...reply, chart: { title, series: [...series] }, data: { ...data, volume: series.map(volumeJson) } };
}
