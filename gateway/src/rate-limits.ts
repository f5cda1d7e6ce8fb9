import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

import { isSignedIn, type Caller } from '../../platform/caller.js';
import { ErrorCode } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';

/** How many requests callers may make (`RATE_LIMIT_*`). */
export interface RateLimitConfig {
  /** `RATE_LIMIT_PER_TOKEN`: requests a minute one token subject may make; 0: no limit. @default 1200 */
  perTokenPerMinute: number;
  /**
   * `RATE_LIMIT_PER_ADDRESS`: requests (and WebSocket handshakes) a minute from one client address, whatever their
   * token; 0: no limit. @default 3000
   */
  perAddressPerMinute: number;
  /**
   * `RATE_LIMIT_REDIS_URL`: keep the counts in this Redis, shared by every gateway replica, so N
   * replicas enforce one limit. Unset: in memory, per replica.
   */
  redisUrl?: string;
  /** `RATE_LIMIT_REDIS_PREFIX`: the start of every key in Redis, so deployments can share one server. @default 'rate-limit' */
  redisPrefix: string;
}

/** How long start waits for the shared store before serving with the in-memory counts. */
const STORE_CONNECT_WAIT_MS = 2_000;
/** A store slower than this is treated as unreachable for that request (counted in memory). */
const STORE_COMMAND_TIMEOUT_MS = 500;
const WINDOW_SECONDS = 60;

/**
 * Requests per minute per client address and per token subject (both apply: a flood of fresh
 * tokens from one address is still one address). The address is counted before the token is
 * verified, so requests with a token that does not verify use up the address like any other.
 *
 * With a shared store (Redis) every replica counts in it. Should it become unreachable, each
 * replica goes on counting in memory (rate-limiter-flexible's insurance limiter) — the limit then
 * holds per replica, as without a store, rather than not at all — and says so in a warning; it
 * counts in the store again once it answers. A key over its limit is also blocked in memory until
 * its window ends, so a flood from one address costs the store nothing.
 */
export class RateLimits {
  private constructor(
    private readonly perAddress: RateLimiterAbstract | undefined,
    private readonly perToken: RateLimiterAbstract | undefined,
    private readonly store: Redis | undefined,
  ) {}

  /**
   * The limits of `config`, counted in its shared store when it names one (waiting briefly for it, see
   * `openStore`), else in memory. A limit of 0 is none: nothing is counted for it.
   */
  static async open(config: RateLimitConfig, logger: Logger): Promise<RateLimits> {
    const store = config.redisUrl ? await openStore(config.redisUrl, logger) : undefined;
    const limiter = (name: string, points: number): RateLimiterAbstract | undefined => {
      if (points <= 0) return undefined;
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: WINDOW_SECONDS });
      if (!store) return memory;
      return new RateLimiterRedis({
        storeClient: store,
        keyPrefix: `${config.redisPrefix}:${name}`,
        points,
        duration: WINDOW_SECONDS,
        inMemoryBlockOnConsumed: points,
        insuranceLimiter: memory,
      });
    };
    return new RateLimits(limiter('address', config.perAddressPerMinute), limiter('token', config.perTokenPerMinute), store);
  }

  /** Counts one request from `address`, before anything else is done for it. */
  countAddress(address: string | undefined): Promise<void> {
    return this.perAddress && address ? consume(this.perAddress, address) : Promise.resolve();
  }

  /** Counts one request by a verified caller's token subject. */
  countCaller(caller: Caller): Promise<void> {
    return this.perToken && isSignedIn(caller) ? consume(this.perToken, `${caller.role}:${caller.subject}`) : Promise.resolve();
  }

  /** Disconnects from the shared store, which would otherwise keep the process alive. */
  async close(): Promise<void> {
    this.store?.disconnect();
  }
}

/** Refuses with RATE_LIMITED (HTTP 429, Retry-After) once the key's limit is used up. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw new GraphQLError(`Too many requests: try again in ${retryAfterSeconds} s`, {
      extensions: {
        code: ErrorCode.RATE_LIMITED,
        retryAfterSeconds,
        http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
      },
    });
  }
}

/**
 * Connects to the shared store, waiting briefly so the first requests are counted in it. Commands
 * are never queued while it is away (they fail at once and are counted in memory instead), and
 * its loss and return are each logged once, not at every reconnection attempt.
 */
async function openStore(url: string, logger: Logger): Promise<Redis> {
  const store = new Redis(url, { enableOfflineQueue: false, commandTimeout: STORE_COMMAND_TIMEOUT_MS });
  const where = { host: store.options.host, port: store.options.port };
  let reachable: boolean | undefined;
  store.on('ready', () => {
    if (reachable === false) logger.info(where, 'rate-limit store reachable again: limits are shared by every replica');
    reachable = true;
  });
  store.on('error', (error: Error) => {
    if (reachable === false) return;
    reachable = false;
    logger.warn(
      { ...where, err: error },
      'rate-limit store (RATE_LIMIT_REDIS_URL) unreachable: each replica enforces the limits in memory until it answers',
    );
  });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, STORE_CONNECT_WAIT_MS);
    function done() {
      clearTimeout(timer);
      store.off('ready', done).off('error', done);
      resolve();
    }
    store.once('ready', done).once('error', done);
  });
  if (reachable === undefined) {
    reachable = false;
    logger.warn(
      where,
      `rate-limit store (RATE_LIMIT_REDIS_URL) did not answer within ${STORE_CONNECT_WAIT_MS} ms: each replica enforces the limits in memory until it answers`,
    );
  }
  return store;
}
