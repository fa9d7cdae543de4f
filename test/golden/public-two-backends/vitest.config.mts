import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          // One worker, modules shared between files: aws-cdk-lib is imported once and
          // each synthesis (with or without validation) is made once for all files.
          pool: 'threads',
          isolate: false,
          maxWorkers: 1,
        },
      },
      {
        extends: true,
        test: {
          name: 'apps',
          include: ['services/*/test/**/*.test.ts', 'test/local/**/*.test.ts'],
          // The apps' tests start servers on port 0 and child processes; sharing the
          // module cache between files is safe for them and saves a fork per file.
          pool: 'threads',
          isolate: false,
        },
      },
    ],
  },
});
