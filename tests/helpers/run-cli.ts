import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ROOT } from './shared-data.ts';

/** Result of a child-process run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runNode}. */
export interface RunOptions {
  /** Text fed to stdin (closed at once when absent). */
  input?: string;
  /**
   * Environment: with `clean` (the default) only PATH, HOME and these variables, so the developer's own SITREP_* or
   * tokens can never leak into a test; with `clean: false` the test process's environment plus these.
   */
  env?: Record<string, string>;
  /** See `env`. Default true. */
  clean?: boolean;
}

/** Runs `node <args>` from the project root and collects its output. */
export function runNode(args: string[], options: RunOptions = {}): Promise<CliResult> {
  const base = options.clean === false ? process.env : { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...base, ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs `bin/sitrep.js` in a child process, exactly as a user would, optionally feeding stdin. */
export function runSitrep(args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runNode([resolve(ROOT, 'bin/sitrep.js'), ...args], options);
}

/** Runs a package script's entry file (`scripts/…`) the way `npm run` does. */
export function runScript(script: string, args: string[], options: RunOptions = {}): Promise<CliResult> {
  return runNode(['--import', 'tsx', resolve(ROOT, script), ...args], options);
}
