import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // a backstop, not a wait: each test waits for its conditions with its own limits; on a loaded 2-core machine a
    // browser test of several steps can take minutes, and its first failing wait should be what reports
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
})
