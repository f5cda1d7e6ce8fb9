import {
  adminEndpoint,
  boolean,
  ConfigError,
  httpServerLimits,
  integer,
  isProduction,
  oneOf,
  optionalString,
  url,
  type AdminEndpoint,
  type Env,
  type HttpServerLimits,
} from '../../platform/env.js';
import { configuredIdentitySecret, type IdentitySecret } from '../../platform/identity.js';
import { readLogFormat, type LogFormat } from '../../platform/logger.js';
import type { OperationLimits } from './abuse-limits.js';
import { COST_MODES, type DemandControlConfig } from './demand-control.js';
import type { RateLimitConfig } from './rate-limits.js';

/** Used only outside production, so `npm start` and `npm run token` work with no configuration. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-jwt-secret-never-use-in-production';

/** How user tokens are verified: a shared secret (development) or public keys (production). */
export type TokenKeys =
  | { kind: 'secret'; secret: Uint8Array }
  | { kind: 'jwks'; url: string; algorithms: string[] }
  | { kind: 'publicKey'; pem: string; algorithms: string[] };

/** How user tokens are verified and what they must claim (`JWT_*`). */
export interface TokenConfig {
  /** `JWT_JWKS_URL`, `JWT_PUBLIC_KEY` (with `JWT_ALGORITHMS`), or `JWT_SECRET` outside production. */
  keys: TokenKeys;
  /** Required `iss` claim, when set. */
  issuer?: string;
  /** Required `aud` claim, when set. */
  audience?: string;
  /** Seconds of clock skew tolerated on `exp`/`nbf`/`iat`. @default 30 */
  clockToleranceSeconds: number;
  /**
   * `JWT_MAX_AGE_SECONDS`: the longest a token may be valid for (`exp` − `iat`, so `iat` is
   * required); one issued for longer is refused. 0: no limit, outside production only. @default 86400
   */
  maxAgeSeconds: number;
}

/** The gateway's whole configuration, read once from the environment by {@link readConfig}. */
export interface GatewayConfig {
  /** `HOST`. @default '0.0.0.0' */
  host: string;
  /** `GATEWAY_PORT`; 0 picks a free one. @default 4000 */
  port: number;
  /** `GATEWAY_ADMIN_PORT` (default 9400) and `ADMIN_HOST`: where `/ready` and `/metrics` are served. */
  admin: AdminEndpoint;
  /** The composed supergraph the gateway serves. @default 'schema/supergraph.graphql' */
  supergraphPath: string;
  /**
   * Every `<NAME>_URL` variable as given. Only those named after a subgraph of the supergraph
   * (`ORGANIZATIONS_URL`, …) are read, by `subgraphUrls` once the supergraph is loaded; the rest
   * (CI's `BUILD_URL`, the subgraphs' `DATABASE_URL` in a shared env file) are not the gateway's.
   */
  urlVariables: Env;
  tokens: TokenConfig;
  identitySecret: IdentitySecret;
  /**
   * How long an identity the gateway forwards to a subgraph is valid. A subscription upstream ends
   * when its identity does, and the gateway resumes it with a fresh one. @default 300
   */
  identityTtlSeconds: number;
  production: boolean;
  /**
   * `EXPLORER`: GraphiQL for browsers at `/graphql`, served from the gateway's own files (see
   * `explorer.ts`). On in development; in production only when set on. @default !production
   */
  explorer: boolean;
  /** `CONSOLE`: the web console at `/` (see `console.ts`), in every mode unless set off. @default true */
  console: boolean;
  /** `GRAPHQL_INTROSPECTION`: off in production unless asked for, or the explorer is on (its docs pane reads the schema). */
  introspection: boolean;
  logLevel: string;
  /** `LOG_FORMAT`: pretty in development, JSON in production. */
  logFormat: LogFormat;
  /** Caps on live subscriptions. */
  subscriptionLimits: { perConnection: number; perSubject: number };
  /** Operation limits, refused before planning. */
  operationLimits: OperationLimits;
  /** Each operation's estimated cost, refused (`enforce`) or only reported (`measure`) over the maximum. */
  demandControl: DemandControlConfig;
  /** Requests a minute per token subject and per client address, in memory or in a shared store. */
  rateLimits: RateLimitConfig;
  /** `WS_CONNECTIONS_PER_ADDRESS`: WebSocket connections one client address may hold open on this replica; 0: no cap. @default 200 */
  webSocketConnectionsPerAddress: number;
  /** Request timeouts and the connection cap of the HTTP server. */
  httpLimits: HttpServerLimits;
  /** `CORS_ORIGINS`: origins whose pages may call the gateway from a browser; none by default. */
  corsOrigins: readonly string[];
  /** Path of an Apollo persisted-query manifest: when set, only its operations run. */
  safelistPath?: string;
  /** Which forwarding proxies to believe for the client address (Express `trust proxy`). */
  trustProxy: boolean | number | string;
  /** How long an anonymous (public) query's result is kept and may be cached by others; 0: never. */
  publicCacheSeconds: number;
  /**
   * `SHARE_IDENTICAL_READS`: identical queries and subgraph reads of one caller in flight together
   * run once (see shared-operations.ts). @default true
   */
  shareIdenticalReads: boolean;
  /** The HTTP clients to the subgraphs. */
  subgraphConnections: { perSubgraph: number; timeoutMs: number; breakerErrorPercentage: number; breakerResetMs: number };
}

const ASYMMETRIC = ['RS256', 'ES256'];

function readTokenKeys(env: Env, production: boolean): TokenKeys {
  const jwksUrl = optionalString(env, 'JWT_JWKS_URL');
  const publicKey = optionalString(env, 'JWT_PUBLIC_KEY');
  const algorithms = (optionalString(env, 'JWT_ALGORITHMS') ?? ASYMMETRIC.join(',')).split(',').map((a) => a.trim());
  const unknown = algorithms.filter((a) => !ASYMMETRIC.includes(a));
  if (unknown.length > 0) throw new ConfigError(`JWT_ALGORITHMS may list ${ASYMMETRIC.join(', ')}, not ${unknown.join(', ')}`);
  if (jwksUrl && publicKey) throw new ConfigError('set JWT_JWKS_URL or JWT_PUBLIC_KEY, not both');
  // Whoever holds an HS256 secret can mint any user's token: production verifies the identity provider's signatures only.
  if (production && optionalString(env, 'JWT_SECRET')) {
    throw new ConfigError(
      'JWT_SECRET (HS256 user tokens) is refused when NODE_ENV=production: unset it and set JWT_JWKS_URL or JWT_PUBLIC_KEY for your identity provider',
    );
  }
  if (jwksUrl) return { kind: 'jwks', url: url(env, 'JWT_JWKS_URL'), algorithms };
  if (publicKey) return { kind: 'publicKey', pem: publicKey.replace(/\\n/g, '\n'), algorithms };
  if (production) throw new ConfigError('NODE_ENV=production needs JWT_JWKS_URL or JWT_PUBLIC_KEY to verify user tokens');
  const hs256 = optionalString(env, 'JWT_SECRET') ?? DEVELOPMENT_JWT_SECRET;
  if (hs256.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  return { kind: 'secret', secret: new TextEncoder().encode(hs256) };
}

/** `COST_MODE`, `COST_MAX`, `COST_LIST_SIZE`; the retired `GRAPHQL_MAX_COST` stops the start rather than be silently ignored. */
function demandControlOf(env: Env): DemandControlConfig {
  if (env.GRAPHQL_MAX_COST !== undefined) {
    throw new ConfigError(
      "GRAPHQL_MAX_COST is no longer read: set COST_MAX (the gateway now estimates cost from the schema's @cost and @listSize, variables included)",
    );
  }
  return {
    mode: oneOf(env, 'COST_MODE', COST_MODES, 'enforce'),
    max: integer(env, 'COST_MAX', 10_000, { min: 1, max: 1_000_000_000 }),
    listSize: integer(env, 'COST_LIST_SIZE', 10, { min: 1, max: 10_000 }),
  };
}

/** `TRUST_PROXY`: unset or false, true, a hop count, or addresses/subnets as Express takes them. */
function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/**
 * `CORS_ORIGINS`: comma-separated origins (`https://dashboard.example.go.th`), each scheme, host
 * and port only, as browsers send them in `Origin`. A wildcard is refused: the list is the point.
 */
function corsOriginsOf(env: Env): readonly string[] {
  const listed = (optionalString(env, 'CORS_ORIGINS') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return Object.freeze(
    listed.map((entry) => {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        origin = undefined;
      }
      if (origin === undefined || origin === 'null' || origin !== entry.replace(/\/$/, '').toLowerCase()) {
        throw new ConfigError(
          `CORS_ORIGINS lists origins such as https://dashboard.example.go.th (scheme, host and port, no path or wildcard), got ${JSON.stringify(entry)}`,
        );
      }
      return origin;
    }),
  );
}

/** The variable that overrides a subgraph's routing URL: `ORGANIZATIONS_URL` for `organizations`. */
const subgraphUrlVariable = (subgraph: string) => `${subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;

/**
 * Where the gateway reaches each subgraph the supergraph names: its `<SUBGRAPH>_URL` when set
 * (validated, failing with the variable's name), else the supergraph's routing URL. No other
 * variable becomes a subgraph.
 */
export function subgraphUrls(routingUrls: Readonly<Record<string, string>>, urlVariables: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(routingUrls).map(([subgraph, routingUrl]) => [subgraph, url(urlVariables, subgraphUrlVariable(subgraph), routingUrl)]),
  );
}

/**
 * The gateway's configuration from `env`, validated and frozen: a variable that is malformed or
 * out of range, or a setting production refuses (an HS256 `JWT_SECRET`, the development identity
 * secret, no key to verify tokens with) throws, naming the variable (a {@link ConfigError}), so
 * the gateway stops before it starts rather than serve with a setting nobody meant.
 */
export function readConfig(env: Env): GatewayConfig {
  const production = isProduction(env);
  const explorer = boolean(env, 'EXPLORER', !production);
  const port = integer(env, 'GATEWAY_PORT', 4000, { max: 65535 });
  return Object.freeze({
    host: optionalString(env, 'HOST') ?? '0.0.0.0',
    port,
    admin: adminEndpoint(env, 'GATEWAY_PORT', port, 4000),
    supergraphPath: optionalString(env, 'SUPERGRAPH_PATH') ?? 'schema/supergraph.graphql',
    urlVariables: Object.freeze(Object.fromEntries(Object.entries(env).filter(([name]) => name.endsWith('_URL')))),
    tokens: {
      keys: readTokenKeys(env, production),
      issuer: optionalString(env, 'JWT_ISSUER'),
      audience: optionalString(env, 'JWT_AUDIENCE'),
      clockToleranceSeconds: integer(env, 'JWT_CLOCK_TOLERANCE_SECONDS', 30, { max: 300 }),
      // A token that never runs out cannot be withdrawn by waiting: production always bounds it.
      maxAgeSeconds: integer(env, 'JWT_MAX_AGE_SECONDS', 24 * 3600, { min: production ? 1 : 0, max: 30 * 24 * 3600 }),
    },
    identitySecret: configuredIdentitySecret(env, production),
    identityTtlSeconds: integer(env, 'INTERNAL_IDENTITY_TTL_SECONDS', 300, { min: 2, max: 3600 }),
    production,
    explorer,
    console: boolean(env, 'CONSOLE', true),
    introspection: boolean(env, 'GRAPHQL_INTROSPECTION', !production || explorer),
    logLevel: optionalString(env, 'LOG_LEVEL') ?? 'info',
    logFormat: readLogFormat(env),
    subscriptionLimits: {
      perConnection: integer(env, 'SUBSCRIPTIONS_PER_CONNECTION', 50, { min: 1, max: 10_000 }),
      perSubject: integer(env, 'SUBSCRIPTIONS_PER_TOKEN', 200, { min: 1, max: 100_000 }),
    },
    operationLimits: {
      maxDepth: integer(env, 'GRAPHQL_MAX_DEPTH', 12, { min: 2, max: 100 }),
      maxAliases: integer(env, 'GRAPHQL_MAX_ALIASES', 15, { min: 0, max: 1000 }),
      signedIn: {
        maxTokens: integer(env, 'GRAPHQL_MAX_TOKENS', 3000, { min: 100, max: 100_000 }),
        maxSelections: integer(env, 'GRAPHQL_MAX_SELECTIONS', 500, { min: 10, max: 100_000 }),
      },
      anonymous: {
        maxTokens: integer(env, 'GRAPHQL_ANONYMOUS_MAX_TOKENS', 1000, { min: 100, max: 100_000 }),
        maxSelections: integer(env, 'GRAPHQL_ANONYMOUS_MAX_SELECTIONS', 100, { min: 10, max: 100_000 }),
      },
    },
    demandControl: demandControlOf(env),
    rateLimits: {
      perTokenPerMinute: integer(env, 'RATE_LIMIT_PER_TOKEN', 1200, { max: 1_000_000 }),
      perAddressPerMinute: integer(env, 'RATE_LIMIT_PER_ADDRESS', 3000, { max: 1_000_000 }),
      redisUrl: optionalString(env, 'RATE_LIMIT_REDIS_URL') && url(env, 'RATE_LIMIT_REDIS_URL', undefined, ['redis', 'rediss']),
      redisPrefix: optionalString(env, 'RATE_LIMIT_REDIS_PREFIX') ?? 'rate-limit',
    },
    webSocketConnectionsPerAddress: integer(env, 'WS_CONNECTIONS_PER_ADDRESS', 200, { max: 1_000_000 }),
    httpLimits: httpServerLimits(env),
    corsOrigins: corsOriginsOf(env),
    safelistPath: optionalString(env, 'OPERATION_SAFELIST'),
    trustProxy: trustProxyOf(optionalString(env, 'TRUST_PROXY')),
    publicCacheSeconds: integer(env, 'PUBLIC_CACHE_SECONDS', 5, { min: 0, max: 3600 }),
    shareIdenticalReads: boolean(env, 'SHARE_IDENTICAL_READS', true),
    subgraphConnections: {
      perSubgraph: integer(env, 'SUBGRAPH_CONNECTIONS', 64, { min: 1, max: 4096 }),
      timeoutMs: integer(env, 'SUBGRAPH_TIMEOUT_MS', 30_000, { min: 100, max: 600_000 }),
      breakerErrorPercentage: integer(env, 'SUBGRAPH_BREAKER_ERROR_PERCENT', 50, { min: 1, max: 100 }),
      breakerResetMs: integer(env, 'SUBGRAPH_BREAKER_RESET_MS', 5_000, { min: 100, max: 600_000 }),
    },
  });
}
