import { defineConfig } from 'vitest/config';

// `npm run bench`: long-running files that print tables and each write their section of
// bench/results.json. One file at a time: they would fight over the cores (SwiftShader and the CPU
// reference both run on them) and over results.json.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    fileParallelism: false,
    testTimeout: 1_800_000,
    reporters: ['default'],
    silent: false,
  },
});
