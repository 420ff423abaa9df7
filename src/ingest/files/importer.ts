import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { NewArticle, WorkspaceId } from '../../core/article.ts';
import { UserError } from '../../core/errors.ts';
import type { ArticleStore } from '../../store/ports/article-store.ts';
import type { ImportProblem, Importer, ImportReport } from '../../briefing/import-port.ts';
import { fileKind, readDocumentFile, readJsonLines, type ImportItem } from './file-sources.ts';

export type { ImportProblem, ImportProgress, ImportReport, Importer } from '../../briefing/import-port.ts';

const BATCH = 2000;

async function collect(paths: readonly string[], skipped: ImportProblem[]): Promise<string[]> {
  const files: string[] = [];
  async function walk(path: string, explicit: boolean): Promise<void> {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new UserError('import.not_found', `No such file or folder: ${path}`);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      // A Timeline17 topic folder: its timelines.jsonl holds reference summaries, not articles.
      const t17 = entries.some((e) => /^articles\.jsonl(\.gz)?$/.test(e));
      for (const e of entries) {
        if (e.startsWith('.')) continue;
        if (t17 && /^(timelines\.jsonl|keywords\.json)$/.test(e)) {
          skipped.push({ where: join(path, e), reason: 'Timeline17 reference data, not articles' });
          continue;
        }
        await walk(join(path, e), false);
      }
      return;
    }
    if (!info.isFile()) return;
    if (fileKind(path)) files.push(path);
    else if (explicit) throw new UserError('import.unsupported', `Unsupported file type: ${basename(path)}`, {
      hint: 'Supported: .txt, .md, .html, .jsonl, .ndjson (optionally .gz).',
    });
    else skipped.push({ where: path, reason: 'unsupported file type' });
  }
  for (const p of paths) await walk(p, true);
  return files;
}

export function createImporter(deps: { store: ArticleStore; clock: () => Date }): Importer {
  const { store, clock } = deps;

  // Errors of the store's writes, told apart from files that cannot be read.
  const writeFailures = new WeakSet<Error>();

  async function write(workspace: WorkspaceId, batch: readonly NewArticle[], report: ImportReport): Promise<void> {
    const outcomes = await store.addArticles(workspace, batch, clock()).catch((err: unknown) => {
      if (err instanceof Error) writeFailures.add(err);
      throw err;
    });
    for (const o of outcomes) {
      if (o.status === 'added') report.added++;
      else report.duplicates++;
    }
  }

  /**
   * Batches handed to the store with one still in flight: while a batch is written, the next is read and handed in,
   * so a store that prepares a batch before writing it (PostgreSQL computes its full-text vectors) overlaps the two.
   * Writes stay in order. When a write fails, the one behind it is waited for (its outcomes counted) before the
   * failure is thrown, so that nothing is still being stored after the import has reported.
   */
  function writer(workspace: WorkspaceId, report: ImportReport) {
    let inFlight: Promise<void> | null = null;
    return {
      async flush(batch: NewArticle[]): Promise<void> {
        if (batch.length === 0) return;
        const next = write(workspace, batch.splice(0), report);
        // Observed here when the write before it fails, otherwise by the next flush or by finish.
        next.catch(() => {});
        const before = inFlight;
        inFlight = next;
        if (before) {
          await before.catch(async (err: unknown) => {
            await next.catch(() => {});
            throw err;
          });
        }
      },
      async finish(): Promise<void> {
        const last = inFlight;
        inFlight = null;
        if (last) await last;
      },
    };
  }

  return {
    async importPaths(workspace, paths, options = {}) {
      if (paths.length === 0) throw new UserError('import.no_paths', 'Name at least one file or folder to import.');
      const report: ImportReport = { files: 0, added: 0, duplicates: 0, rejected: [], skipped: [] };
      const files = await collect(paths, report.skipped);
      const out = writer(workspace, report);
      const batch: NewArticle[] = [];
      let items = 0;
      const take = async (item: ImportItem): Promise<void> => {
        items++;
        if ('error' in item) report.rejected.push({ where: item.where, reason: item.error });
        else {
          batch.push(item.article);
          if (batch.length >= BATCH) await out.flush(batch);
        }
      };
      for (const file of files) {
        const kind = fileKind(file)!;
        options.onProgress?.({ filesDone: report.files, filesTotal: files.length, items, current: file });
        try {
          if (kind === 'jsonl') {
            for await (const item of readJsonLines(file, clock())) {
              await take(item);
              if (items % 5000 === 0) {
                options.onProgress?.({ filesDone: report.files, filesTotal: files.length, items, current: file });
              }
            }
          } else {
            await take(await readDocumentFile(file, kind));
          }
        } catch (err) {
          // A failed write is the store's failure, not this file's: the import stops with it (what was written stays).
          if (err instanceof Error && writeFailures.has(err)) throw err;
          report.rejected.push({ where: file, reason: `cannot read: ${(err as Error).message}` });
        }
        report.files++;
      }
      await out.flush(batch);
      await out.finish();
      // A large import finishes indexing on another thread: the command ends when everything stored is searchable.
      await store.searchable();
      options.onProgress?.({ filesDone: report.files, filesTotal: files.length, items, current: '' });
      return report;
    },

    async importArticles(workspace, articles) {
      const report: ImportReport = { files: 0, added: 0, duplicates: 0, rejected: [], skipped: [] };
      const out = writer(workspace, report);
      const batch: NewArticle[] = [];
      for (const article of articles) {
        batch.push(article);
        if (batch.length >= BATCH) await out.flush(batch);
      }
      await out.flush(batch);
      await out.finish();
      return report;
    },
  };
}
