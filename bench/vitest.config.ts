import { defineConfig } from 'vitest/config';

// `npm run bench`: one long-running file that prints a table and writes bench/results.json.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    testTimeout: 1_800_000,
    reporters: ['default'],
    silent: false,
  },
});
