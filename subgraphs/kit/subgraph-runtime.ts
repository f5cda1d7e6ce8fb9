import { randomUUID } from 'node:crypto';

import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request } from 'express';

import { defaultPortOf, subgraphVariable } from '../../contracts/subgraph-catalog.js';
import { PUBLIC_CALLER, type Caller } from '../../platform/caller.js';
import {
  adminEndpoint,
  boolean,
  ConfigError,
  httpServerLimits,
  integer,
  isProduction,
  optionalString,
  refusePublishedSecret,
  requiredString,
  url,
  type AdminEndpoint,
  type Env,
  type HttpServerLimits,
} from '../../platform/env.js';
import { unauthenticated } from '../../platform/errors.js';
import {
  acceptedRequestId,
  configuredIdentitySecret,
  FORWARDED_IDENTITY_REFUSED,
  IDENTITY_HEADER,
  REQUEST_ID_HEADER,
  verifyIdentity,
  type IdentitySecret,
  type VerifiedIdentity,
} from '../../platform/identity.js';
import { readLogFormat, type LogFormat, type Logger } from '../../platform/logger.js';
import { rememberVerifiedTokens } from '../../platform/verified-tokens.js';
import type { VisibilityContext } from './visibility.js';

/** What every subgraph process is configured with. */
export interface SubgraphConfig {
  /** PostgreSQL connection URL; the subgraph keeps its tables in its own schema there. */
  databaseUrl: string;
  /**
   * `DATABASE_LISTEN_URL`: a direct connection to the same database, for what a transaction pooler
   * (PgBouncer in transaction mode at `DATABASE_URL`) cannot carry — the outbox listener's LISTEN
   * and the migrations' advisory lock, both held for a whole session. @default databaseUrl
   */
  databaseListenUrl: string;
  /** Interface to listen on. @default '0.0.0.0' */
  host: string;
  /** Port to listen on; 0 picks a free one. */
  port: number;
  /** `<SUBGRAPH>_ADMIN_PORT` (9401 for organizations' 4001, …) and `ADMIN_HOST`: where `/ready` and `/metrics` are served. */
  admin: AdminEndpoint;
  /** Secret the gateway signs forwarded identities with. */
  identitySecret: IdentitySecret;
  /** pino log level. @default 'info' */
  logLevel: string;
  /** `LOG_FORMAT`: pretty in development, JSON in production. */
  logFormat: LogFormat;
  /** Apply pending migrations at start (under an advisory lock). @default true */
  migrate: boolean;
  /** Largest database pool per process. @default 10 */
  databasePoolSize: number;
  /** Load the demo data set (idempotent); `npm start` turns it on; refused in production. @default false */
  seedDemoData: boolean;
  /** Request timeouts and the connection cap of the HTTP server. */
  httpLimits: HttpServerLimits;
  /** `GRAPHQL_INTROSPECTION`: `__schema` for whoever reaches the subgraph; off in production, as at the gateway. */
  introspection: boolean;
}

/** `DATABASE_URL` (or `DATABASE_LISTEN_URL`); in production its password, when it has one, must not be a published development value. */
function databaseUrl(env: Env, production: boolean, variable = 'DATABASE_URL'): string {
  const value = requiredString(env, variable);
  const password = URL.canParse(value) ? decodeURIComponent(new URL(value).password) : '';
  // Only the published value is refused: how strong a database password must be is the database's own policy.
  if (production && password) refusePublishedSecret(`${variable}'s password`, password);
  return value;
}

/** `SEED_DEMO_DATA`: the demo registry's organizations, contacts and incidents, never in production. */
function seedDemoData(env: Env, production: boolean): boolean {
  const seed = boolean(env, 'SEED_DEMO_DATA', false);
  if (seed && production)
    throw new ConfigError(
      'SEED_DEMO_DATA=true loads the published demo organizations, contacts and incidents and is refused when NODE_ENV=production',
    );
  return seed;
}

/**
 * Reads a subgraph's configuration. The port variables are per subgraph
 * (`ORGANIZATIONS_PORT`, `ORGANIZATIONS_ADMIN_PORT`, …) so that all services can share one environment file.
 */
export function readSubgraphConfig(env: Env, name: string, defaultPort = defaultPortOf(name)): SubgraphConfig {
  const production = isProduction(env);
  const portVariable = subgraphVariable(name, 'PORT');
  if (defaultPort === undefined) throw new ConfigError(`${name} is not in contracts/subgraph-catalog.ts: give it a default port`);
  const port = integer(env, portVariable, defaultPort, { max: 65535 });
  return Object.freeze({
    databaseUrl: databaseUrl(env, production),
    databaseListenUrl: optionalString(env, 'DATABASE_LISTEN_URL')
      ? databaseUrl(env, production, 'DATABASE_LISTEN_URL')
      : databaseUrl(env, production),
    host: optionalString(env, 'HOST') ?? '0.0.0.0',
    port,
    admin: adminEndpoint(env, portVariable, port, defaultPort),
    identitySecret: configuredIdentitySecret(env, production),
    logLevel: optionalString(env, 'LOG_LEVEL') ?? 'info',
    logFormat: readLogFormat(env),
    migrate: boolean(env, 'MIGRATE_ON_START', true),
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, { min: 1, max: 200 }),
    seedDemoData: seedDemoData(env, production),
    httpLimits: httpServerLimits(env),
    introspection: boolean(env, 'GRAPHQL_INTROSPECTION', !production),
  });
}

/**
 * Where this subgraph reaches another one it follows: `<NAME>_URL`, else (a catalogued subgraph)
 * its default port on this machine, as in development.
 */
export function subgraphUrl(env: Env, name: string): string {
  const port = defaultPortOf(name);
  return url(env, subgraphVariable(name, 'URL'), port === undefined ? undefined : `http://127.0.0.1:${port}/graphql`);
}

/** The part of every subgraph's request context that the kit relies on. */
export interface BaseContext extends VisibilityContext {
  requestId: string;
  log: Logger;
}

/** Who called a subgraph, under which request id, with a logger that names it. */
export interface Identity {
  caller: Caller;
  requestId: string;
  log: Logger;
  /** When the forwarded identity stops being valid (none for the public). */
  expiresAt?: Date;
}

/** Checks a forwarded identity token (see {@link forwardedIdentityVerifier}). */
export type IdentityVerifier = (token: string) => Promise<VerifiedIdentity>;

/** Verifies forwarded identities with the shared secret, remembering those that verified. */
export function forwardedIdentityVerifier(secret: IdentitySecret): IdentityVerifier {
  return rememberVerifiedTokens((token) => verifyIdentity(token, secret));
}

/**
 * Identifies the caller of a subgraph request from the gateway's forwarded identity. No
 * identity means a public caller; an identity that does not verify (forged, expired, signed
 * with another secret) is refused, never downgraded to public.
 */
export async function identify(
  token: string | undefined,
  requestId: string | undefined,
  verify: IdentityVerifier,
  logger: Logger,
): Promise<Identity> {
  const id = requestId ?? randomUUID();
  const log = logger.child({ requestId: id });
  if (!token) return { caller: PUBLIC_CALLER, requestId: id, log };
  try {
    const { caller, expiresAt } = await verify(token);
    return { caller, requestId: id, log, expiresAt };
  } catch (error) {
    log.warn({ reason: (error as Error).message }, 'refused a forwarded identity that does not verify');
    throw unauthenticated('The caller identity sent to this service does not verify', { reason: FORWARDED_IDENTITY_REFUSED });
  }
}

/** {@link identify} for an HTTP request: the identity and request id from the gateway's headers. */
export function identifyRequest(req: Request, verify: IdentityVerifier, logger: Logger): Promise<Identity> {
  return identify(req.header(IDENTITY_HEADER), acceptedRequestId(req.header(REQUEST_ID_HEADER)), verify, logger);
}

/** Readiness: the database answers. */
export async function databaseReachable(orm: MikroORM): Promise<void> {
  await orm.em.getConnection().execute('select 1');
}
