import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    // Installing and building a generated repository takes minutes, not seconds.
    testTimeout: 20 * 60_000,
    fileParallelism: false,
  },
});
