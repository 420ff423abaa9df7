import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { volumeChartImage } from '../../chat/chart/volume-chart.ts';
import type { ReplyChart } from '../../chat/reply.ts';
import type { Logger } from '../../core/logger.ts';

/** The chart as a discord.js attachment (interaction follow-ups, channel sends). */
export function chartAttachment(chart: ReplyChart): { attachment: Buffer; name: string; description: string } {
  const image = volumeChartImage(chart.title, chart.series);
  // Discord caps attachment descriptions (alt text) at 1,024 characters.
  return { attachment: image.png, name: image.filename, description: image.alt.slice(0, 1024) };
}

/**
 * Sends a reply's chart after its text. Best-effort: the text is already posted, so a failure (no Attach Files
 * permission, a closed channel) is logged and the reply stands without its chart. Resolves to whether it was sent.
 */
export async function sendDiscordChart(send: (file: ReturnType<typeof chartAttachment>) => Promise<unknown>, chart: ReplyChart, logger: Logger): Promise<boolean> {
  try {
    await send(chartAttachment(chart));
    return true;
  } catch (err) {
    logger.warn({ err }, 'discord chart upload failed; the reply was posted without it');
    return false;
  }
}

/** Posts a chart to a channel as a message attachment through REST (scheduled digests). */
export function postDiscordChart(rest: REST, channelId: string, chart: ReplyChart, logger: Logger): Promise<boolean> {
  return sendDiscordChart(
    (file) =>
      rest.post(Routes.channelMessages(channelId), {
        body: { attachments: [{ id: 0, filename: file.name, description: file.description }], allowed_mentions: { parse: [] } },
        files: [{ name: file.name, data: file.attachment, contentType: 'image/png' }],
      }),
    chart,
    logger,
  );
}
