import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { isSignedIn, type Caller } from '../../subgraphs/shared/caller.js';
import { ErrorCode } from '../../subgraphs/shared/errors.js';

export interface RateLimitConfig {
  /** Requests a minute one token subject may make; 0: no limit. */
  perTokenPerMinute: number;
  /** Requests a minute from one client address, signed in or not; 0: no limit. */
  perAddressPerMinute: number;
}

/**
 * Requests per minute per token subject and per client address (both apply: a flood of fresh
 * tokens from one address is still one address). In memory, per gateway replica: the limit is
 * per replica behind a load balancer.
 */
export class RateLimits {
  private readonly perToken?: RateLimiterMemory;
  private readonly perAddress?: RateLimiterMemory;

  constructor(config: RateLimitConfig) {
    if (config.perTokenPerMinute > 0) this.perToken = new RateLimiterMemory({ keyPrefix: 'token', points: config.perTokenPerMinute, duration: 60 });
    if (config.perAddressPerMinute > 0) this.perAddress = new RateLimiterMemory({ keyPrefix: 'address', points: config.perAddressPerMinute, duration: 60 });
  }

  /** Counts one request; refuses it with RATE_LIMITED (HTTP 429) once a limit is used up. */
  async consume(caller: Caller, address: string | undefined): Promise<void> {
    try {
      if (this.perAddress && address) await this.perAddress.consume(address);
      if (this.perToken && isSignedIn(caller)) await this.perToken.consume(`${caller.role}:${caller.subject}`);
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfterSeconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw new GraphQLError(`Too many requests: try again in ${retryAfterSeconds} s`, {
        extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
      });
    }
  }
}
