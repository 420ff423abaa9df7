import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

// `npm run test:corpus`: the corpus suite with every date, question and model behaviour (npm test samples them).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      include: ['tests/corpus/**/*.test.ts'],
      provide: { corpusFull: true },
    },
  }),
);
