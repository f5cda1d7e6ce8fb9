import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // One copy of graphql: without this, ESM and CJS entry points load twice ("another realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/e2e/**/*.e2e.ts', 'test/*.test.ts', '{platform,contracts,demo,gateway,subgraphs,schema}/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files share a worker's loaded modules (type-graphql, Apollo, MikroORM…): importing them
    // afresh for each file cost a third of the suite's CPU. Each file still starts its own graph
    // on its own database, and no test changes a module's state (no mocks, no stubbed globals).
    isolate: false,
  },
});
