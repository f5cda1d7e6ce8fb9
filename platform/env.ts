/**
 * Small readers for `process.env`: each service's `env.ts` reads its variables once, through
 * these, and fails fast with a message naming the variable.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {}

export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

export function requiredString(env: Env, name: string): string {
  const value = optionalString(env, name);
  if (value === undefined) throw new ConfigError(`${name} must be set`);
  return value;
}

export function integer(env: Env, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optionalString(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optionalString(env, name) ?? fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

/**
 * A URL with one of `schemes` (http and https unless told): `localhost:4001/graphql` parses as a URL
 * of the scheme `localhost:`, and would only fail at the first request, far from its cause.
 */
export function url(env: Env, name: string, fallback?: string, schemes: readonly string[] = ['http', 'https']): string {
  const raw = optionalString(env, name) ?? fallback;
  if (raw === undefined) throw new ConfigError(`${name} must be set`);
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got ${JSON.stringify(raw)}`);
  }
  if (!schemes.includes(parsed.protocol.slice(0, -1))) {
    const named = schemes.map((scheme) => `${scheme}://`);
    const article = /^(http|[aeiou])/.test(named[0] ?? '') ? 'an' : 'a'; // "an http://", read aloud "an aitch…"
    throw new ConfigError(`${name} must be ${article} ${[named.slice(0, -1).join(', '), named.at(-1)].filter(Boolean).join(' or ')} URL`);
  }
  return parsed.toString();
}

/**
 * Secrets this project publishes for development in `docker-compose.dev.env` (the code's own
 * defaults are passed to {@link secret} by its callers). Anyone can read them, so production
 * refuses each of them, in any secret.
 */
export const PUBLISHED_DEVELOPMENT_SECRETS: readonly string[] = Object.freeze([
  'compose-development-internal-identity-secret',
  'compose-development-jwt-secret-change-me',
  'ncsa-development',
]);

/** The shortest secret production accepts, in bytes (UTF-8): 256 bits, as HS256 and our identity signatures need. */
export const MINIMUM_SECRET_BYTES = 32;

/** Refuses a value published with this project as `name`'s secret (see {@link PUBLISHED_DEVELOPMENT_SECRETS}). */
export function refusePublishedSecret(name: string, value: string, developmentDefaults: readonly string[] = []): void {
  if ([...developmentDefaults, ...PUBLISHED_DEVELOPMENT_SECRETS].includes(value)) {
    throw new ConfigError(
      `${name} is a development value published with this project, refused when NODE_ENV=production: set a secret of your own`,
    );
  }
}

/**
 * A secret that protects production. In development an unset one is `developmentDefault`; with
 * NODE_ENV=production it must be set, at least {@link MINIMUM_SECRET_BYTES} bytes, and neither that
 * default nor a published development value.
 */
export function secret(env: Env, name: string, production: boolean, developmentDefault: string): string {
  const value = optionalString(env, name);
  if (!production) return value ?? developmentDefault;
  if (value === undefined) throw new ConfigError(`${name} must be set when NODE_ENV=production`);
  refusePublishedSecret(name, value, [developmentDefault]);
  const bytes = new TextEncoder().encode(value).length;
  if (bytes < MINIMUM_SECRET_BYTES) {
    throw new ConfigError(
      `${name} must be at least ${MINIMUM_SECRET_BYTES} bytes when NODE_ENV=production, it has ${bytes}: generate one with "openssl rand -hex 32"`,
    );
  }
  return value;
}

/**
 * `NODE_ENV=production` turns on every production check. Any value but development, test or
 * production is refused: a misspelt `Production` or `prod` would otherwise run on the
 * development defaults.
 */
export const isProduction = (env: Env): boolean =>
  oneOf(env, 'NODE_ENV', ['development', 'test', 'production'], 'development') === 'production';

/** How long a client may take to send a request, and how many sockets one process holds open. */
export interface HttpServerLimits {
  /** `HTTP_HEADERS_TIMEOUT_MS`: time to send a request's headers; then 408 and the socket is closed. @default 10000 */
  headersTimeoutMs: number;
  /** `HTTP_REQUEST_TIMEOUT_MS`: time to send a whole request, body included; then 408 and the socket is closed. @default 30000 */
  requestTimeoutMs: number;
  /** `HTTP_KEEP_ALIVE_TIMEOUT_MS`: an idle keep-alive connection is closed after this. @default 5000 */
  keepAliveTimeoutMs: number;
  /** `HTTP_MAX_CONNECTIONS`: sockets open at once, HTTP and WebSocket; one more is closed as it arrives. @default 10000 */
  maxConnections: number;
}

/** The HTTP server limits every service reads (the gateway and each subgraph). */
export function httpServerLimits(env: Env): HttpServerLimits {
  const requestTimeoutMs = integer(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, { min: 100, max: 600_000 });
  const headersTimeoutMs = integer(env, 'HTTP_HEADERS_TIMEOUT_MS', Math.min(10_000, requestTimeoutMs), { min: 100, max: 600_000 });
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      `HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}): the headers are part of the request`,
    );
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 100, max: 600_000 }),
    maxConnections: integer(env, 'HTTP_MAX_CONNECTIONS', 10_000, { min: 1, max: 1_000_000 }),
  };
}

/**
 * Where a service serves `/ready` and `/metrics`: a port of its own, apart from the public one, so
 * neither is reachable where clients are (see `startGraphQLServer`).
 */
export interface AdminEndpoint {
  /** `ADMIN_HOST`: the interface the admin port listens on. @default HOST */
  host: string;
  /** `<SERVICE>_ADMIN_PORT`: 0 picks a free one. */
  port: number;
}

/** A service's admin port by default: its default public port + 5400 (the gateway's 4000 → 9400, organizations' 4001 → 9401, …). */
export const ADMIN_PORT_OFFSET = 5400;

/**
 * `<SERVICE>_ADMIN_PORT` beside `<SERVICE>_PORT` (`GATEWAY_ADMIN_PORT` for `GATEWAY_PORT`). Unset, it
 * is `defaultPort` + {@link ADMIN_PORT_OFFSET}, or 0 (a free port) when the service's own port is 0:
 * tests and `npm start` running services on free ports never collide on a fixed admin port.
 */
export function adminEndpoint(env: Env, portVariable: string, port: number, defaultPort: number): AdminEndpoint {
  const variable = portVariable.replace(/_PORT$/, '_ADMIN_PORT');
  const adminPort = integer(env, variable, port === 0 ? 0 : defaultPort + ADMIN_PORT_OFFSET, { max: 65535 });
  if (adminPort !== 0 && adminPort === port)
    throw new ConfigError(`${variable} must differ from ${portVariable} (${port}): /ready and /metrics are kept off the public port`);
  return { host: optionalString(env, 'ADMIN_HOST') ?? optionalString(env, 'HOST') ?? '0.0.0.0', port: adminPort };
}
