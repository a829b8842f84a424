import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most long tests wait on child processes and timers: two at a time keep both cores busy.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
