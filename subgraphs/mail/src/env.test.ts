import { describe, expect, it } from 'vitest';

import type { Env } from '../../../platform/env.js';
import { readConfig, requireRelay } from './env.js';

const DATABASE: Env = { DATABASE_URL: 'postgres://db/ncsa' };

// What every subgraph reads is tested beside the organizations subgraph's env.ts.
describe('the mail subgraph’s configuration', () => {
  it('runs on port 4005, follows the subgraphs on their development ports, and queues without a relay outside production', () => {
    expect(readConfig(DATABASE)).toMatchObject({
      port: 4005,
      admin: { port: 9405 },
      organizationsUrl: 'http://127.0.0.1:4001/graphql',
      incidentsUrl: 'http://127.0.0.1:4002/graphql',
      advisoriesUrl: 'http://127.0.0.1:4003/graphql',
      smtpUrl: null,
      dkim: null,
      thaicertKey: { kind: 'ephemeral' },
      retryBaseMs: 60_000,
      maxAttempts: 12,
      maxEventAgeMs: 72 * 3_600_000,
    });
  });

  it('reads the relay, the sender, DKIM and the retry schedule', () => {
    expect(
      readConfig({
        ...DATABASE,
        SMTP_URL: 'smtps://user:pass@relay.example:465',
        MAIL_FROM: 'ThaiCERT <alerts@thaicert.or.th>',
        MAIL_DKIM_DOMAIN: 'thaicert.or.th',
        MAIL_DKIM_SELECTOR: 'mail2026',
        MAIL_DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----',
        MAIL_RETRY_BASE_MS: '1000',
        MAIL_MAX_ATTEMPTS: '3',
      }),
    ).toMatchObject({
      smtpUrl: 'smtps://user:pass@relay.example:465',
      mailFrom: 'ThaiCERT <alerts@thaicert.or.th>',
      dkim: { domainName: 'thaicert.or.th', keySelector: 'mail2026', privateKey: '-----BEGIN PRIVATE KEY-----' },
      retryBaseMs: 1000,
      maxAttempts: 3,
    });
  });

  it.each([
    [{ SMTP_URL: 'http://relay.example' }, 'SMTP_URL must be a smtp:// or smtps:// URL'],
    [
      { MAIL_DKIM_DOMAIN: 'thaicert.or.th' },
      'DKIM needs MAIL_DKIM_DOMAIN, MAIL_DKIM_SELECTOR and MAIL_DKIM_PRIVATE_KEY (or _FILE) together',
    ],
    [{ MAIL_MAX_ATTEMPTS: '0' }, 'MAIL_MAX_ATTEMPTS must be an integer from 1 to 100, got "0"'],
  ])('refuses %o', (env, message) => {
    expect(() => readConfig({ ...DATABASE, ...env })).toThrow(message);
  });

  it('needs a relay and a sender in production', () => {
    const production = { ...DATABASE, NODE_ENV: 'production', INTERNAL_IDENTITY_SECRET: 'a'.repeat(16) + 'b'.repeat(16) + 'c'.repeat(8) };
    expect(() => readConfig(production)).toThrow(/THAICERT_OPENPGP_KEY/);
    const keyed = { ...production, THAICERT_OPENPGP_KEY: 'armored' };
    // Read without a relay (the migration Job reads every subgraph's configuration); refused at start.
    expect(() => requireRelay(readConfig(keyed))).toThrow('NODE_ENV=production needs SMTP_URL');
    expect(() => requireRelay(readConfig({ ...keyed, SMTP_URL: 'smtp://relay:587' }))).toThrow('NODE_ENV=production needs MAIL_FROM');
    expect(() => requireRelay(readConfig({ ...keyed, SMTP_URL: 'smtp://relay:587', MAIL_FROM: 'ThaiCERT <a@b.th>' }))).not.toThrow();
  });
});
