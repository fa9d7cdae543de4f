import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Golden trees are generated repositories: their tests belong to them, not to us.
    exclude: ['test/golden/**', 'node_modules/**', '.tmp/**'],
    testTimeout: 60_000,
  },
});
