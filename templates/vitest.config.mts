import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The tests mostly wait (servers draining, child processes starting): at least three
    // files at a time. vitest's default, the cores less one, runs one at a time on two cores.
    maxWorkers: Math.max(3, availableParallelism() - 1),
    projects: [
      {
        extends: true,
        test: {
          name: 'platform',
          // This repository's app, synthesized and checked (test/platform.test.ts), and any
          // test of your own under test/.
          include: ['test/**/*.test.ts'],
          exclude: ['test/local.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'apps',
          include: ['services/*/test/**/*.test.ts', 'test/local.test.ts'],
          // The apps' tests start servers on port 0 and child processes; sharing the
          // module cache between files is safe for them and saves a fork per file.
          pool: 'threads',
          isolate: false,
        },
      },
    ],
  },
});
