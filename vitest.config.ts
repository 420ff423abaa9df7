import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The machines have two cores; SQLite-heavy files run faster without oversubscription.
    maxWorkers: 2,
    // Child-process tests (the CLI, serve, digests from several processes) take seconds each on a quiet machine and
    // several times that on a loaded one; a generous limit keeps a slow machine from failing correct code.
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
