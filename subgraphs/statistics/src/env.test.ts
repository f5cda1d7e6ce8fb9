import { describe, expect, it } from 'vitest';

import type { Env } from '../../../platform/env.js';
import { readConfig } from './env.js';

const DATABASE: Env = { DATABASE_URL: 'postgres://db/ncsa' };

// What every subgraph reads is tested beside the organizations subgraph's env.ts.
describe('the statistics subgraph’s configuration', () => {
  it('runs on port 4004, follows incidents and organizations on their development ports, and withholds counts below 5', () => {
    expect(readConfig(DATABASE)).toMatchObject({
      port: 4004,
      admin: { port: 9404 },
      incidentsUrl: 'http://127.0.0.1:4002/graphql',
      organizationsUrl: 'http://127.0.0.1:4001/graphql',
      feedPollIntervalMs: 1000,
      minimumPublicCount: 5,
    });
  });

  it('reads where the subgraphs it follows are, how often to look (SUPERVISION_POLL_INTERVAL_MS) and the public minimum', () => {
    expect(
      readConfig({
        ...DATABASE,
        INCIDENTS_URL: 'http://incidents:4002/graphql',
        ORGANIZATIONS_URL: 'http://organizations:4001/graphql',
        SUPERVISION_POLL_INTERVAL_MS: '500',
        PUBLIC_STATISTICS_MINIMUM_COUNT: '1',
      }),
    ).toMatchObject({
      incidentsUrl: 'http://incidents:4002/graphql',
      organizationsUrl: 'http://organizations:4001/graphql',
      feedPollIntervalMs: 500,
      minimumPublicCount: 1,
    });
  });

  it.each([
    [{ INCIDENTS_URL: 'incidents 4002' }, 'INCIDENTS_URL must be a URL, got "incidents 4002"'],
    // 0 would publish every count, however few incidents it is of.
    [{ PUBLIC_STATISTICS_MINIMUM_COUNT: '0' }, 'PUBLIC_STATISTICS_MINIMUM_COUNT must be an integer from 1 to 1000, got "0"'],
    [{ PUBLIC_STATISTICS_MINIMUM_COUNT: '1001' }, 'PUBLIC_STATISTICS_MINIMUM_COUNT must be an integer from 1 to 1000, got "1001"'],
    [{ STATISTICS_PORT: '-1' }, 'STATISTICS_PORT must be an integer from 0 to 65535, got "-1"'],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(() => readConfig({ ...DATABASE, ...env })).toThrow(message);
  });
});
