import type { webApi } from '@slack/bolt';
import { volumeChartImage } from '../../chat/chart/volume-chart.ts';
import type { ReplyChart } from '../../chat/reply.ts';
import type { Logger } from '../../core/logger.ts';

/** Where a chart goes: a channel, and a thread in it when the reply was threaded. */
export interface SlackChartTarget {
  /** Channel id. */
  channel: string;
  /** Thread to post in. */
  threadTs?: string | undefined;
}

/**
 * Uploads a reply's chart as an image with Slack's current flow (files.getUploadURLExternal, the upload itself, then
 * files.completeUploadExternal sharing it to the channel), through the WebClient's own implementation. Best-effort:
 * the text is already posted, so a failure (no files:write scope, bot not in the channel) is logged and the reply
 * stands without its chart. Resolves to whether the chart was shared.
 */
export async function uploadSlackChart(
  client: webApi.WebClient,
  target: SlackChartTarget,
  chart: ReplyChart,
  logger: Logger,
): Promise<boolean> {
  try {
    const image = volumeChartImage(chart.title, chart.series);
    const file = { file: image.png, filename: image.filename, title: image.title, alt_text: image.alt };
    await client.filesUploadV2(
      target.threadTs ? { ...file, channel_id: target.channel, thread_ts: target.threadTs } : { ...file, channel_id: target.channel },
    );
    return true;
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    logger.warn({ err, code, channel: target.channel }, 'slack chart upload failed; the reply was posted without it');
    return false;
  }
}
