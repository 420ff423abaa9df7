import type { ImportProgress, ImportReport } from '../../briefing/import-port.ts';
import type { CliCommand } from './cli-command.ts';
import { EXIT, type CliIO, type Format } from './output.ts';

function bar(p: ImportProgress): string {
  const width = 24;
  const done = p.filesTotal === 0 ? width : Math.round((p.filesDone / p.filesTotal) * width);
  return `\r[${'#'.repeat(done)}${' '.repeat(width - done)}] ${p.filesDone}/${p.filesTotal} files, ${p.items} articles`;
}

function printReport(report: ImportReport, format: Format, io: CliIO): void {
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const lines = [
    `Imported ${report.files} file${report.files === 1 ? '' : 's'}: ${report.added} added, ${report.duplicates} duplicate${
      report.duplicates === 1 ? '' : 's'
    }, ${report.rejected.length} rejected.`,
  ];
  const shown = report.rejected.slice(0, 50);
  for (const r of shown) lines.push(`  rejected ${r.where}: ${r.reason}`);
  if (report.rejected.length > shown.length) lines.push(`  …and ${report.rejected.length - shown.length} more rejected`);
  if (report.skipped.length) lines.push(`Skipped ${report.skipped.length} unsupported file(s), e.g. ${report.skipped[0]!.where}.`);
  io.stdout.write(`${lines.join('\n')}\n`);
}

export const importCli: CliCommand = {
  name: 'import',
  summary: 'Import .txt/.md/.html/.jsonl/.ndjson files or folders (Timeline17 articles.jsonl.gz too)',
  usage: 'sitrep import <path...>',
  async run(args, deps, io) {
    const paths = args.filter((a) => !a.startsWith('--'));
    const progress = io.stderrIsTTY && deps.format !== 'json';
    const report = await deps.importer.importPaths(deps.workspace, paths, {
      ...(progress ? { onProgress: (p: ImportProgress) => io.stderr.write(bar(p)) } : {}),
    });
    if (progress) io.stderr.write('\n');
    printReport(report, deps.format, io);
    // Partial rejection is reported, not fatal; an import that stored nothing and rejected something failed.
    return report.rejected.length > 0 && report.added + report.duplicates === 0 ? EXIT.userError : EXIT.ok;
  },
};
