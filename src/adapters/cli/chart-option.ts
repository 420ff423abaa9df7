import { writeFileSync } from 'node:fs';
import { UsageError } from '../../../commands/parse.ts';
import { volumeChartImage } from '../../chat/chart/volume-chart.ts';
import type { Reply } from '../../chat/reply.ts';
import { UserError } from '../../core/errors.ts';
import type { CliIO } from './output.ts';

/** Commands whose reply carries a story-volume chart. */
const CHARTED = new Set(['timeline']);

/**
 * Takes `--chart <file.png>` (or `--chart=<file.png>`) out of a command's words. It is a terminal option, not part of
 * the command spec, because a chat user must never name a file on the server.
 */
export function takeChartOption(command: string, args: readonly string[]): { chart: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let chart: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const m = /^--chart(?:=(.*))?$/.exec(args[i]!);
    if (!m) {
      rest.push(args[i]!);
      continue;
    }
    chart = m[1] ?? args[++i];
    if (!chart) throw new UsageError('--chart needs a file name, e.g. --chart volume.png.');
  }
  if (chart !== undefined && !CHARTED.has(command)) {
    throw new UsageError(`--chart works with ${[...CHARTED].join(', ')}; "${command}" draws no chart.`);
  }
  return { chart, rest };
}

/** Writes the reply's chart as a PNG file and says so on stderr (stdout keeps only the reply). */
export function saveChart(reply: Reply, path: string, io: CliIO): void {
  if (!reply.chart) {
    io.stderr.write('sitrep: no chart was drawn (no articles to count).\n');
    return;
  }
  const image = volumeChartImage(reply.chart.title, reply.chart.series);
  try {
    writeFileSync(path, image.png);
  } catch (err) {
    throw new UserError('cli.chart_write', `Cannot write the chart to ${path}: ${(err as Error).message}`, { cause: err });
  }
  io.stderr.write(`sitrep: chart saved to ${path} (${image.alt})\n`);
}
