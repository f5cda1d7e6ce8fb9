import { describe, expect, it } from 'vitest';

import type { Env } from '../../../platform/env.js';
import { configRefusal } from '../../../test/config-refusal.js';
import { readConfig } from './env.js';

/** What every subgraph needs at the least. */
const DATABASE: Env = { DATABASE_URL: 'postgres://organizations:secret@db:5432/ncsa' };
const PRODUCTION: Env = {
  ...DATABASE,
  NODE_ENV: 'production',
  INTERNAL_IDENTITY_SECRET: 'a-production-identity-secret-of-at-least-32-bytes',
};

const refusal = (env: Env) => configRefusal(readConfig, env);

// The organizations subgraph reads only what every subgraph reads, so this is also the test of those variables.
describe('the organizations subgraph’s configuration', () => {
  it('runs on port 4001 with its admin port 5400 above, and the defaults every subgraph shares', () => {
    const config = readConfig(DATABASE);
    expect(config).toMatchObject({
      databaseUrl: 'postgres://organizations:secret@db:5432/ncsa',
      host: '0.0.0.0',
      port: 4001,
      admin: { host: '0.0.0.0', port: 9401 },
      logLevel: 'info',
      logFormat: 'pretty',
      migrate: true,
      databasePoolSize: 10,
      seedDemoData: false,
      introspection: true,
      httpLimits: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 10_000 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads its own port variables, so every service can share one environment file', () => {
    expect(readConfig({ ...DATABASE, ORGANIZATIONS_PORT: '5001', INCIDENTS_PORT: '5002' })).toMatchObject({
      port: 5001,
      admin: { port: 9401 },
    });
    expect(readConfig({ ...DATABASE, ORGANIZATIONS_PORT: '0' }).admin.port).toBe(0);
    expect(readConfig({ ...DATABASE, ORGANIZATIONS_ADMIN_PORT: '9999' }).admin.port).toBe(9999);
  });

  it('turns introspection off and logs JSON in production', () => {
    expect(readConfig(PRODUCTION)).toMatchObject({ introspection: false, logFormat: 'json' });
  });

  it.each<[string, Env, string | RegExp]>([
    ['no database', {}, 'DATABASE_URL must be set'],
    [
      'a port out of range',
      { ...DATABASE, ORGANIZATIONS_PORT: '65536' },
      'ORGANIZATIONS_PORT must be an integer from 0 to 65535, got "65536"',
    ],
    [
      'the admin port on the public one',
      { ...DATABASE, ORGANIZATIONS_PORT: '4001', ORGANIZATIONS_ADMIN_PORT: '4001' },
      /^ORGANIZATIONS_ADMIN_PORT must differ from ORGANIZATIONS_PORT \(4001\)/,
    ],
    ['an empty pool', { ...DATABASE, DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE must be an integer from 1 to 200, got "0"'],
    [
      'a MIGRATE_ON_START that is not a boolean',
      { ...DATABASE, MIGRATE_ON_START: 'sometimes' },
      'MIGRATE_ON_START must be true or false, got "sometimes"',
    ],
  ])('refuses %s', (_case, env, message) => {
    expect(refusal(env)).toMatch(message);
  });

  it.each<[string, Env, string | RegExp]>([
    ['the demo data', { SEED_DEMO_DATA: 'true' }, /^SEED_DEMO_DATA=true loads the published demo .* refused when NODE_ENV=production$/],
    [
      'a database password published with the project',
      { DATABASE_URL: 'postgres://ncsa:ncsa-development@db:5432/ncsa' },
      /^DATABASE_URL's password is a development value published with this project/,
    ],
    ['no identity secret', { INTERNAL_IDENTITY_SECRET: undefined }, 'INTERNAL_IDENTITY_SECRET must be set when NODE_ENV=production'],
  ])('refuses in production %s', (_case, env, message) => {
    expect(refusal({ ...PRODUCTION, ...env })).toMatch(message);
  });

  it('accepts a database password of production’s own, and none at all', () => {
    expect(readConfig({ ...PRODUCTION, DATABASE_URL: 'postgres://ncsa:s3cr3t-of-our-own@db/ncsa' }).databaseUrl).toBe(
      'postgres://ncsa:s3cr3t-of-our-own@db/ncsa',
    );
    expect(readConfig({ ...PRODUCTION, DATABASE_URL: 'postgres://ncsa@db/ncsa' }).databaseUrl).toBe('postgres://ncsa@db/ncsa');
  });
});
