import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  // renderer tests mount screens (server-side rendered, no browser): .vue files compile as in the app
  plugins: [vue()],
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
