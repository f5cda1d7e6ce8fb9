import { describe, expect, it } from 'vitest';

import { ConfigError, type Env } from '../../platform/env.js';
import { configRefusal } from '../../test/config-refusal.js';
import { DEVELOPMENT_JWT_SECRET, readConfig, subgraphUrls } from './env.js';

/** What production needs at the least: a secret of its own and the identity provider's keys. */
const PRODUCTION: Env = {
  NODE_ENV: 'production',
  INTERNAL_IDENTITY_SECRET: 'a-production-identity-secret-of-at-least-32-bytes',
  JWT_JWKS_URL: 'https://idp.example.go.th/.well-known/jwks.json',
};

const refusal = (env: Env) => configRefusal(readConfig, env);

describe('the gateway’s configuration in development', () => {
  const config = readConfig({});

  it('runs with no variables set, on its defaults', () => {
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 4000,
      admin: { host: '0.0.0.0', port: 9400 },
      supergraphPath: 'schema/supergraph.graphql',
      identityTtlSeconds: 300,
      production: false,
      explorer: true,
      introspection: true,
      logLevel: 'info',
      logFormat: 'pretty',
      subscriptionLimits: { perConnection: 50, perSubject: 200 },
      operationLimits: {
        maxDepth: 12,
        maxAliases: 15,
        signedIn: { maxTokens: 3000, maxSelections: 500 },
        anonymous: { maxTokens: 1000, maxSelections: 100 },
      },
      demandControl: { mode: 'enforce', max: 10_000, listSize: 10 },
      rateLimits: { perTokenPerMinute: 1200, perAddressPerMinute: 3000, redisPrefix: 'rate-limit' },
      webSocketConnectionsPerAddress: 200,
      corsOrigins: [],
      trustProxy: false,
      publicCacheSeconds: 5,
      subgraphConnections: { perSubgraph: 64, timeoutMs: 30_000, breakerErrorPercentage: 50, breakerResetMs: 5_000 },
    });
    expect(config.rateLimits.redisUrl).toBeUndefined();
    expect(config.safelistPath).toBeUndefined();
  });

  it('verifies tokens with the development secret, tolerating 30 s of skew and a day’s lifetime', () => {
    expect(config.tokens).toEqual({
      keys: { kind: 'secret', secret: new TextEncoder().encode(DEVELOPMENT_JWT_SECRET) },
      issuer: undefined,
      audience: undefined,
      clockToleranceSeconds: 30,
      maxAgeSeconds: 86_400,
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('keeps every *_URL variable for the subgraphs, and nothing else', () => {
    const { urlVariables } = readConfig({ INCIDENTS_URL: 'http://incidents:4002/graphql', BUILD_URL: 'https://ci', HOST: 'x' });
    expect(urlVariables).toEqual({ INCIDENTS_URL: 'http://incidents:4002/graphql', BUILD_URL: 'https://ci' });
  });

  it.each<[string, Env, unknown]>([
    ['a hop count', { TRUST_PROXY: '2' }, 2],
    ['true', { TRUST_PROXY: 'true' }, true],
    ['a subnet', { TRUST_PROXY: '10.0.0.0/8' }, '10.0.0.0/8'],
  ])('trusts forwarding proxies given as %s', (_case, env, trustProxy) => {
    expect(readConfig(env).trustProxy).toEqual(trustProxy);
  });

  it('reads CORS origins, scheme host and port, lower-cased', () => {
    expect(readConfig({ CORS_ORIGINS: 'https://dashboard.example.go.th, http://localhost:5173/' }).corsOrigins).toEqual([
      'https://dashboard.example.go.th',
      'http://localhost:5173',
    ]);
  });

  it('reads public keys and their algorithms', () => {
    expect(readConfig({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nabc', JWT_ALGORITHMS: 'ES256' }).tokens.keys).toEqual({
      kind: 'publicKey',
      pem: '-----BEGIN PUBLIC KEY-----\nabc',
      algorithms: ['ES256'],
    });
  });
});

describe('the gateway’s configuration in production', () => {
  it('turns introspection off, logs JSON and verifies tokens by the identity provider’s keys', () => {
    expect(readConfig(PRODUCTION)).toMatchObject({
      production: true,
      introspection: false,
      logFormat: 'json',
      tokens: { keys: { kind: 'jwks', url: PRODUCTION.JWT_JWKS_URL, algorithms: ['RS256', 'ES256'] } },
    });
  });

  it('serves no explorer unless EXPLORER is on, which brings introspection for its docs', () => {
    expect(readConfig(PRODUCTION)).toMatchObject({ explorer: false, introspection: false });
    expect(readConfig({ ...PRODUCTION, EXPLORER: 'on' })).toMatchObject({ explorer: true, introspection: true });
    expect(readConfig({ ...PRODUCTION, EXPLORER: 'on', GRAPHQL_INTROSPECTION: 'false' })).toMatchObject({
      explorer: true,
      introspection: false,
    });
    expect(() => readConfig({ ...PRODUCTION, EXPLORER: 'sometimes' })).toThrow('EXPLORER must be true or false, got "sometimes"');
  });

  it.each<[string, Env, string | RegExp]>([
    [
      'no keys to verify user tokens',
      { JWT_JWKS_URL: undefined },
      'NODE_ENV=production needs JWT_JWKS_URL or JWT_PUBLIC_KEY to verify user tokens',
    ],
    ['an HS256 secret', { JWT_SECRET: 'x'.repeat(40) }, /^JWT_SECRET \(HS256 user tokens\) is refused when NODE_ENV=production/],
    ['tokens that never run out', { JWT_MAX_AGE_SECONDS: '0' }, 'JWT_MAX_AGE_SECONDS must be an integer from 1 to 2592000, got "0"'],
    ['no identity secret', { INTERNAL_IDENTITY_SECRET: undefined }, 'INTERNAL_IDENTITY_SECRET must be set when NODE_ENV=production'],
    [
      'a published identity secret',
      { INTERNAL_IDENTITY_SECRET: 'compose-development-internal-identity-secret' },
      /^INTERNAL_IDENTITY_SECRET is a development value published with this project/,
    ],
  ])('refuses %s', (_case, env, message) => {
    expect(refusal({ ...PRODUCTION, ...env })).toMatch(message);
  });
});

describe('what the gateway refuses in any environment, naming the variable', () => {
  it.each<[string, Env, string | RegExp]>([
    ['a symmetric algorithm for public keys', { JWT_ALGORITHMS: 'RS256,HS256' }, 'JWT_ALGORITHMS may list RS256, ES256, not HS256'],
    [
      'both a JWKS URL and a public key',
      { JWT_JWKS_URL: 'https://idp/jwks', JWT_PUBLIC_KEY: 'pem' },
      'set JWT_JWKS_URL or JWT_PUBLIC_KEY, not both',
    ],
    ['a JWKS URL that is not one', { JWT_JWKS_URL: 'not a url' }, 'JWT_JWKS_URL must be a URL, got "not a url"'],
    ['a short HS256 secret', { JWT_SECRET: 'short' }, 'JWT_SECRET must be at least 32 characters'],
    [
      'a short identity secret, even in development',
      { INTERNAL_IDENTITY_SECRET: 'short' },
      'INTERNAL_IDENTITY_SECRET must be at least 32 bytes, it has 5: generate one with "openssl rand -hex 32"',
    ],
    [
      'a rate-limit store that is not Redis',
      { RATE_LIMIT_REDIS_URL: 'http://redis:6379' },
      'RATE_LIMIT_REDIS_URL must be a redis:// or rediss:// URL',
    ],
    ['the retired GRAPHQL_MAX_COST', { GRAPHQL_MAX_COST: '5000' }, /^GRAPHQL_MAX_COST is no longer read: set COST_MAX/],
    ['an unknown cost mode', { COST_MODE: 'warn' }, 'COST_MODE must be one of enforce, measure, got "warn"'],
    ['a wildcard CORS origin', { CORS_ORIGINS: '*' }, /^CORS_ORIGINS lists origins such as .*, got "\*"$/],
    ['a CORS origin with a path', { CORS_ORIGINS: 'https://a.example/app' }, /got "https:\/\/a\.example\/app"$/],
    ['a port out of range', { GATEWAY_PORT: '70000' }, 'GATEWAY_PORT must be an integer from 0 to 65535, got "70000"'],
    [
      'an identity TTL of one second',
      { INTERNAL_IDENTITY_TTL_SECONDS: '1' },
      /^INTERNAL_IDENTITY_TTL_SECONDS must be an integer from 2 to 3600/,
    ],
    ['a depth limit of one', { GRAPHQL_MAX_DEPTH: '1' }, /^GRAPHQL_MAX_DEPTH must be an integer from 2 to 100/],
    ['a misspelt NODE_ENV', { NODE_ENV: 'Production' }, 'NODE_ENV must be one of development, test, production, got "Production"'],
    ['an unknown log format', { LOG_FORMAT: 'xml' }, 'LOG_FORMAT must be json or pretty, not xml'],
  ])('refuses %s', (_case, env, message) => {
    expect(refusal(env)).toMatch(message);
  });
});

describe('where the gateway reaches each subgraph', () => {
  const routing = { organizations: 'http://127.0.0.1:4001/graphql', incidents: 'http://127.0.0.1:4002/graphql' };

  it('takes the supergraph’s routing URL unless <SUBGRAPH>_URL overrides it, and ignores other variables', () => {
    expect(subgraphUrls(routing, { INCIDENTS_URL: 'http://incidents:4002/graphql', DATABASE_URL: 'postgres://db' })).toEqual({
      organizations: 'http://127.0.0.1:4001/graphql',
      incidents: 'http://incidents:4002/graphql',
    });
  });

  it('refuses an override that is not a URL, naming it', () => {
    expect(() => subgraphUrls(routing, { ORGANIZATIONS_URL: 'organizations 4001' })).toThrow(
      new ConfigError('ORGANIZATIONS_URL must be a URL, got "organizations 4001"'),
    );
  });

  it('refuses an override without its scheme (localhost:4001 reads as the scheme "localhost:"), naming it', () => {
    expect(() => subgraphUrls(routing, { ORGANIZATIONS_URL: 'localhost:4001/graphql' })).toThrow(
      new ConfigError('ORGANIZATIONS_URL must be an http:// or https:// URL'),
    );
  });
});
