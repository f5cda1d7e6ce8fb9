import { defineConfig } from 'vitest/config';

import base from './vitest.config.js';

/**
 * The browser tests (`npm run test:browser`, after `npm run build`): real Chromium against the real
 * graph (test/browser.ts), on the same PostgreSQL setup as the API suites. `npm test` leaves them out.
 */
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 60_000,
    // One Chromium at a time: each file's browser and graph share the machine with the others'.
    fileParallelism: false,
  },
});
