import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'services/*/test/**/*.test.ts'],
    // Synthesizing with strict schema validation and cdk-nag takes seconds per stack.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
