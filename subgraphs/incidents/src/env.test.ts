import { describe, expect, it } from 'vitest';

import type { Env } from '../../../platform/env.js';
import { readConfig } from './env.js';

const DATABASE: Env = { DATABASE_URL: 'postgres://db/ncsa' };

// What every subgraph reads is tested beside the organizations subgraph's env.ts.
describe('the incidents subgraph’s configuration', () => {
  it('runs on port 4002, follows organizations on its development port, and watches deadlines', () => {
    expect(readConfig(DATABASE)).toMatchObject({
      port: 4002,
      admin: { port: 9402 },
      organizationsUrl: 'http://127.0.0.1:4001/graphql',
      supervisionPollIntervalMs: 1000,
      deadlineScanIntervalMs: 30_000,
      deadlineWarningMinutes: 120,
    });
  });

  it('reads where organizations is and how often to look', () => {
    const config = readConfig({
      ...DATABASE,
      INCIDENTS_PORT: '5002',
      ORGANIZATIONS_URL: 'http://organizations:4001/graphql',
      SUPERVISION_POLL_INTERVAL_MS: '50',
      DEADLINE_SCAN_INTERVAL_MS: '3600000',
      DEADLINE_WARNING_MINUTES: '1440',
    });
    expect(config).toMatchObject({
      port: 5002,
      organizationsUrl: 'http://organizations:4001/graphql',
      supervisionPollIntervalMs: 50,
      deadlineScanIntervalMs: 3_600_000,
      deadlineWarningMinutes: 1440,
    });
  });

  it.each([
    [{ ORGANIZATIONS_URL: 'organizations 4001' }, 'ORGANIZATIONS_URL must be a URL, got "organizations 4001"'],
    [
      { INTERNAL_IDENTITY_SECRET: 'short' },
      'INTERNAL_IDENTITY_SECRET must be at least 32 bytes, it has 5: generate one with "openssl rand -hex 32"',
    ],
    [{ SUPERVISION_POLL_INTERVAL_MS: '49' }, 'SUPERVISION_POLL_INTERVAL_MS must be an integer from 50 to 3600000, got "49"'],
    [{ DEADLINE_SCAN_INTERVAL_MS: '3600001' }, 'DEADLINE_SCAN_INTERVAL_MS must be an integer from 50 to 3600000, got "3600001"'],
    // A warning more than the 24 hours before the deadline would come before the duty began.
    [{ DEADLINE_WARNING_MINUTES: '1441' }, 'DEADLINE_WARNING_MINUTES must be an integer from 1 to 1440, got "1441"'],
    [{ DEADLINE_WARNING_MINUTES: '0' }, 'DEADLINE_WARNING_MINUTES must be an integer from 1 to 1440, got "0"'],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(() => readConfig({ ...DATABASE, ...env })).toThrow(message);
  });
});
