import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/registry.ts';
import { envSchema } from '../../src/config.ts';
import { ROOT } from '../helpers/shared-data.ts';

const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
const envExample = readFileSync(resolve(ROOT, '.env.example'), 'utf8');
const scripts = Object.keys((JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);

describe('documentation stays in step with the code', () => {
  it('lists every environment variable in .env.example and the README', () => {
    const vars = Object.keys(envSchema.shape);
    expect(vars.length).toBeGreaterThan(10);
    expect(vars.filter((v) => !new RegExp(`^${v}=`, 'm').test(envExample))).toEqual([]);
    expect(vars.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });

  it('documents every chat command and npm script', () => {
    expect(commands.filter((c) => !readme.includes(`/${c.name}`))).toEqual([]);
    const undocumented = scripts.filter((s) => !['sitrep', 'test:unit'].includes(s) && !readme.includes(`npm run ${s}`) && !readme.includes(`npm ${s}`));
    expect(undocumented).toEqual([]);
  });
});
