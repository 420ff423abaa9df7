import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

// The import boundaries of DESIGN.md ("Layout"), as lint. Paths are relative to the repository root.
const ADAPTERS = ['cli', 'console', 'discord', 'mcp', 'slack'];
const NOT_FOR_COMMANDS = ['src/adapters', 'src/ingest', 'src/store', 'src/summarize', 'src/schedule', 'src/main.ts', 'src/app.ts', 'src/config.ts'];
// Packages that do I/O or talk to a service: the pure core never imports them.
const IO_PACKAGES = ['@slack/*', 'discord.js', '@discordjs/*', 'discord-api-types', 'openai', 'node-cron', 'better-sqlite3', 'pg', 'pino',
  'feedsmith', 'fast-xml-parser', 'htmlparser2', '@mozilla/readability', 'linkedom', '@modelcontextprotocol/*',
  'node:fs', 'node:fs/*', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:dns', 'node:dns/*',
  'node:worker_threads', 'fs', 'fs/*', 'net', 'http', 'https', 'child_process', 'dns', 'worker_threads'];

/** The boundary zones, exported so a test can check that each one rejects what it should. */
export const boundaryZones = [
  {
    target: 'src/core',
    from: ['src', 'commands'],
    except: ['./core'],
    message: 'core/ imports nothing else of ours (DESIGN.md, Layout).',
  },
  ...NOT_FOR_COMMANDS.map((from) => ({
    target: 'commands',
    from,
    message: 'commands/ import briefing/, chat/ and core/ only (DESIGN.md, Layout).',
  })),
  ...ADAPTERS.map((name) => ({
    target: `src/adapters/${name}`,
    from: 'src/adapters',
    // The one contract every chat adapter implements is theirs to share.
    except: [`./${name}`, './chat-adapter.ts'],
    message: 'Adapters never import each other (DESIGN.md, Layout).',
  })),
  {
    target: 'src/adapters',
    from: ['src/ingest', 'src/summarize', 'src/schedule', 'src/config.ts'],
    message: 'Adapters are transport only: they reach use cases through commands/ and the ports in briefing/ (DESIGN.md, Layout).',
  },
  {
    // Storage engines are chosen and built by the composition root; everything else sees the ports.
    target: ['src/{adapters,briefing,chat,core,schedule,summarize,ingest,observability}/**', 'commands'],
    from: 'src/store',
    // `sitrep db copy` works on both engines by design: its copier (src/store/copy/) is the one engine-level tool an
    // adapter may load.
    except: ['./ports', './copy'],
    message: 'Only the composition root (src/main.ts, src/app.ts) wires a storage engine; use the ports in src/store/ports.',
  },
  {
    target: ['src', 'commands', 'scripts'],
    from: 'src/main.ts',
    message: 'Nothing imports the composition root.',
  },
  {
    // `serve` is the composition root's long-running half (src/serve.ts): only main.ts starts it.
    target: ['src/!(main).ts', 'src/*/**', 'commands', 'scripts'],
    from: 'src/serve.ts',
    message: 'Only src/main.ts runs serve (src/serve.ts).',
  },
  {
    target: ['src/!(main|serve).ts', 'src/*/**', 'commands'],
    from: 'src/app.ts',
    message: 'Only the composition root (src/main.ts, src/serve.ts) wires the application (src/app.ts).',
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    // A file past 400 lines is a design smell to split by role (DESIGN.md); no file is exempt, tests included.
    files: ['**/*.ts', '**/*.js'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['src/**/*.ts', 'commands/**/*.ts', 'scripts/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: boundaryZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: IO_PACKAGES, message: 'core/ has no SDK and does no I/O (DESIGN.md, Layout).' }] }],
    },
  },
  {
    files: ['commands/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\.|node:)', message: 'commands/ import no packages: they are data plus a handler over the services.' }] }],
    },
  },
  {
    files: ['src/chat/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: IO_PACKAGES, message: 'The Reply model and its renderers stay SDK-free.' }] }],
    },
  },
  {
    // Only src/config.ts reads the environment (DESIGN.md, Conventions 1).
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only src/config.ts reads process.env.' }],
    },
  },
  {
    // Only the terminal-facing adapters, scripts and the bin shim talk to stdout/stderr directly.
    files: ['src/adapters/cli/**', 'src/adapters/console/**', 'scripts/**', 'bin/**', 'tests/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
