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

export function url(env: Env, name: string, fallback?: string): string {
  const raw = optionalString(env, name) ?? fallback;
  if (raw === undefined) throw new ConfigError(`${name} must be set`);
  try {
    return new URL(raw).toString();
  } catch {
    throw new ConfigError(`${name} must be a URL, got ${JSON.stringify(raw)}`);
  }
}

/** Secrets that protect production must be set there; development gets a marked default. */
export function secret(env: Env, name: string, production: boolean, developmentDefault: string): string {
  const value = optionalString(env, name);
  if (value !== undefined) return value;
  if (production) throw new ConfigError(`${name} must be set when NODE_ENV=production`);
  return developmentDefault;
}

export const isProduction = (env: Env): boolean => env.NODE_ENV === 'production';

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
    throw new ConfigError(`HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${requestTimeoutMs}): the headers are part of the request`);
  }
  return {
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 100, max: 600_000 }),
    maxConnections: integer(env, 'HTTP_MAX_CONNECTIONS', 10_000, { min: 1, max: 1_000_000 }),
  };
}
