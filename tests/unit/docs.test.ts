import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, normalize, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.ts';
import { envSchema } from '../../src/config.ts';
import { ROOT } from '../helpers/shared-data.ts';

const read = (path: string): string => readFileSync(resolve(ROOT, path), 'utf8');
const docPages = readdirSync(resolve(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
// The README and every page under docs/ together are "the documentation": a fact may live in any of them.
const documentation = ['README.md', ...docPages].map(read).join('\n');
const envExample = read('.env.example');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);

/** Terminal-only commands, read from their definitions so a new one cannot be added without appearing here. */
function terminalCommands(): string[] {
  const dir = resolve(ROOT, 'src/adapters');
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('-cli.ts'))
    .flatMap((f) => [...readFileSync(resolve(dir, f), 'utf8').matchAll(/^\s+name: '([a-z-]+)',$/gm)].map((m) => m[1] ?? ''));
  return [...new Set([...names, 'serve', 'help'])];
}

describe('documentation stays in step with the code', () => {
  it('has the topic pages the README links to', () => {
    const topics = ['cli', 'slack', 'discord', 'feeds', 'llm-and-prompts', 'digests', 'configuration', 'architecture',
      'how-briefs-work', 'operations', 'performance-log', 'README'];
    expect(topics.filter((t) => !docPages.includes(`docs/${t}.md`))).toEqual([]);
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
    const links = [...readme.matchAll(/\]\((docs\/[a-z-]+\.md|[A-Z]+\.md)(#[a-z0-9-]+)?\)/gi)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !['README.md', 'BENCHMARKS.md', ...docPages].includes(l))).toEqual([]);
  });

  it('lists every environment variable in .env.example and the documentation', () => {
    const vars = Object.keys(envSchema.shape);
    expect(vars.length).toBeGreaterThan(10);
    expect(vars.filter((v) => !new RegExp(`^${v}=`, 'm').test(envExample))).toEqual([]);
    expect(vars.filter((v) => !documentation.includes(`\`${v}\``))).toEqual([]);
  });

  it('documents every chat command, terminal command and npm script', () => {
    expect(commands.filter((c) => !documentation.includes(`/${c.name}`)).map((c) => c.name)).toEqual([]);
    const terminal = [...terminalCommands(), ...commands.map((c) => c.name)];
    expect(terminal).toEqual(expect.arrayContaining(['import', 'feed', 'add', 'digest', 'usage']));
    expect(terminal.filter((name) => !documentation.includes(`sitrep ${name}`))).toEqual([]);
    const undocumented = scripts.filter((s) => !['sitrep', 'test:unit'].includes(s) && !documentation.includes(`npm run ${s}`) && !documentation.includes(`npm ${s}`));
    expect(undocumented).toEqual([]);
  });

  it('has no broken relative link or anchor between the README, BENCHMARKS.md and docs/', () => {
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const slug = (heading: string): string => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}_\- ]/gu, '').replaceAll(' ', '-');
    const pages = ['README.md', 'BENCHMARKS.md', ...docPages];
    const anchors = new Map(pages.map((p) => [p, new Set([...read(p).replace(/```[\s\S]*?```/g, '').matchAll(/^#+ (.*)$/gm)].map((m) => slug(m[1] ?? '')))]));
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target = ''] of read(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const file = path ? normalize(`${dirname(page)}/${path}`) : page;
        if (anchors.has(file) ? anchor !== undefined && !anchors.get(file)?.has(anchor) : !existsSync(resolve(ROOT, file))) {
          broken.push(`${page}: ${target}`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('keeps performance figures in BENCHMARKS.md, not in the README', () => {
    const readme = read('README.md');
    const figures = readme.match(/\b\d[\d,.]*\s?(?:ms|articles\/s|\/s|MiB|GiB|MB)\b/g) ?? [];
    expect(figures).toEqual([]);
  });
});
