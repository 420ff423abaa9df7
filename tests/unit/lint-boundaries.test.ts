import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/shared-data.ts';

// The DESIGN.md boundaries are enforced by eslint.config.js (`npm run lint`). These cases prove the configuration
// rejects each kind of violation, by linting in-memory files placed where a violating module would live.
let eslint: ESLint;

async function rulesBroken(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('lint enforces the architecture boundaries', () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  it('lets core import core and refuses anything else of ours, SDKs and I/O', async () => {
    expect(await rulesBroken('src/core/probe.ts', "import { cleanText } from './text.ts';\nexport const t = cleanText;\n")).toEqual([]);
    expect(await rulesBroken('src/core/probe.ts', "import { runCli } from '../adapters/cli/cli.ts';\nexport const r = runCli;\n"))
      .toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('src/core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"))
      .toEqual(['no-restricted-imports']);
  });

  it('limits commands to briefing, chat and core, and adapters to their own folder', async () => {
    expect(await rulesBroken('commands/probe.ts', "import { createImporter } from '../src/ingest/files/importer.ts';\nexport const c = createImporter;\n"))
      .toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('src/adapters/discord/probe.ts', "import { runCli } from '../cli/cli.ts';\nexport const r = runCli;\n"))
      .toEqual(['import-x/no-restricted-paths']);
  });

  it('keeps wiring in the composition root and the environment in config.ts', async () => {
    // Any storage engine module (anything under src/store/ but the ports) will do.
    const engine = readdirSync(resolve(ROOT, 'src/store'), { recursive: true, encoding: 'utf8' })
      .find((f) => f.endsWith('.ts') && !f.startsWith('ports'));
    expect(engine).toBeDefined();
    expect(await rulesBroken('src/briefing/probe.ts', `import * as engine from '../store/${engine}';\nexport const e = engine;\n`))
      .toEqual(['import-x/no-restricted-paths']);
    expect(await rulesBroken('src/chat/probe.ts', 'export const level = process.env.LOG_LEVEL;\n')).toEqual(['no-restricted-properties']);
  });

  it('refuses a file longer than 400 lines, tests included', async () => {
    const long = Array.from({ length: 401 }, (_, i) => `export const v${i} = ${i};`).join('\n');
    expect(await rulesBroken('tests/unit/probe.test.ts', long)).toEqual(['max-lines']);
  });
});
