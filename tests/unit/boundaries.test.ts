import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/shared-data.ts';

const SDKS = ['@slack/', 'discord.js', '@discordjs/', 'openai', 'node-cron', 'better-sqlite3', 'pino'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/** Top-level area of a repository path: "src/core", "src/adapters/slack", "commands", … */
function area(path: string): string {
  const rel = relative(ROOT, path).split('/');
  if (rel[0] === 'src' && rel[1] === 'adapters') return rel.slice(0, 3).join('/');
  if (rel[0] === 'src' && rel.length > 2) return rel.slice(0, 2).join('/');
  return rel[0] === 'src' ? `src/${rel[1]}` : rel[0]!;
}

const violations: string[] = [];
const all = [...files(resolve(ROOT, 'src')), ...files(resolve(ROOT, 'commands'))];
for (const file of all) {
  const from = area(file);
  for (const spec of imports(file)) {
    const local = spec.startsWith('.');
    const target = local ? area(resolve(dirname(file), spec)) : spec;
    const where = `${relative(ROOT, file)} imports ${spec}`;
    if (from === 'src/core') {
      if (local && target !== 'src/core') violations.push(`${where}: core imports nothing else of ours`);
      if (!local && SDKS.some((s) => spec.startsWith(s))) violations.push(`${where}: core has no SDK or I/O imports`);
      if (!local && /^node:(fs|net|http|https|child_process|dns)/.test(spec)) violations.push(`${where}: core does no I/O`);
    }
    if (from === 'commands') {
      if (local && !['commands', 'src/briefing', 'src/chat', 'src/core'].includes(target)) {
        violations.push(`${where}: commands import briefing, chat and core only`);
      }
      if (!local && !spec.startsWith('node:')) violations.push(`${where}: commands import no packages`);
    }
    if (from.startsWith('src/adapters/') && local && target.startsWith('src/adapters/') && target !== from) {
      violations.push(`${where}: adapters never import each other`);
    }
    if (local && target === 'src/main.ts') violations.push(`${where}: nothing imports the composition root`);
    if (from === 'src/chat' && !local && SDKS.some((s) => spec.startsWith(s))) {
      violations.push(`${where}: the Reply model and renderers stay SDK-free`);
    }
  }
  // Only config.ts reads the environment.
  if (!file.endsWith('src/config.ts') && /process\.env/.test(readFileSync(file, 'utf8'))) {
    violations.push(`${relative(ROOT, file)} reads process.env: only src/config.ts may`);
  }
}

describe('architecture boundaries (DESIGN.md)', () => {
  it('scans a meaningful number of files', () => {
    expect(all.length).toBeGreaterThan(20);
  });
  it('has no import that breaks a layering rule', () => {
    expect(violations).toEqual([]);
  });
  it('detects a violation when one exists (self-check of the scanner)', () => {
    expect(area(resolve(ROOT, 'src/adapters/slack/x.ts'))).toBe('src/adapters/slack');
    expect(area(resolve(ROOT, 'src/core/text.ts'))).toBe('src/core');
    expect(imports(resolve(ROOT, 'src/main.ts'))).toContain('./adapters/cli/cli.ts');
  });
});
