import { describe, expect, it } from 'vitest';

import type { Env } from '../../../platform/env.js';
import { readConfig } from './env.js';

const DATABASE: Env = { DATABASE_URL: 'postgres://db/ncsa' };

// What every subgraph reads is tested beside the organizations subgraph's env.ts.
describe('the advisories subgraph’s configuration', () => {
  it('runs on port 4003 and follows organizations (TLP:AMBER follows supervision) on its development port', () => {
    expect(readConfig(DATABASE)).toMatchObject({
      port: 4003,
      admin: { port: 9403 },
      organizationsUrl: 'http://127.0.0.1:4001/graphql',
      supervisionPollIntervalMs: 1000,
      publicBaseUrl: 'http://localhost:4000',
      thaicertKey: { kind: 'ephemeral' },
    });
  });

  it('reads the CSAF provider’s public address and ThaiCERT’s key', () => {
    expect(readConfig({ ...DATABASE, PUBLIC_BASE_URL: 'https://csaf.thaicert.or.th', THAICERT_OPENPGP_KEY: 'armored' })).toMatchObject({
      publicBaseUrl: 'https://csaf.thaicert.or.th',
      thaicertKey: { kind: 'configured', armoredPrivateKey: 'armored' },
    });
  });

  it('reads its port, where organizations is and how often to look', () => {
    expect(
      readConfig({
        ...DATABASE,
        ADVISORIES_PORT: '5003',
        ORGANIZATIONS_URL: 'https://organizations.internal/graphql',
        SUPERVISION_POLL_INTERVAL_MS: '250',
      }),
    ).toMatchObject({ port: 5003, organizationsUrl: 'https://organizations.internal/graphql', supervisionPollIntervalMs: 250 });
  });

  it.each([
    [{ ORGANIZATIONS_URL: 'organizations 4001' }, 'ORGANIZATIONS_URL must be a URL, got "organizations 4001"'],
    [{ SUPERVISION_POLL_INTERVAL_MS: '10' }, 'SUPERVISION_POLL_INTERVAL_MS must be an integer from 50 to 3600000, got "10"'],
    [{ ADVISORIES_PORT: 'http' }, 'ADVISORIES_PORT must be an integer from 0 to 65535, got "http"'],
    [{ PUBLIC_BASE_URL: 'http://csaf.thaicert.or.th' }, 'PUBLIC_BASE_URL may be http:// only for a loopback host'],
  ])('refuses %o, naming the variable', (env, message) => {
    expect(() => readConfig({ ...DATABASE, ...env })).toThrow(message);
  });
});
