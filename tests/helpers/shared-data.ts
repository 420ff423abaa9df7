import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/data` beside the checkout: real data that is never copied into the repository. */
export const SHARED_DATA = resolve(ROOT, '../shared/data');

/** Whether the shared data is present. CI insists on it (.ci/run); a user's clone may not have it. */
export const hasSharedData = existsSync(resolve(SHARED_DATA, 'README.md'));

/** Reason printed in the test name when data-dependent tests are skipped. */
export const SKIP_REASON = hasSharedData ? '' : ' [SKIPPED: ../shared/data is not present beside the checkout]';

/** Path inside the shared data folder. */
export function shared(...parts: string[]): string {
  return resolve(SHARED_DATA, ...parts);
}
