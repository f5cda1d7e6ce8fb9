import { LRUCache } from 'lru-cache';

/** The result of verifying a token, good until the token expires. */
export interface Verified {
  expiresAt: Date;
}

/**
 * Remembers tokens that verified, so a client (or the gateway) sending the same token on every
 * request costs one signature check a minute rather than one a request — profiles showed JWT
 * verification as a large share of per-request CPU. An entry never outlives its token, and lasts
 * at most `maxAgeMs`, so a key withdrawn from a JWKS stops being honoured within that time.
 * Failures are not remembered: every bad token is checked, and refused, afresh.
 */
export function rememberVerifiedTokens<T extends Verified>(
  verify: (token: string) => Promise<T>,
  options: { maxAgeMs?: number; maxEntries?: number } = {},
): (token: string) => Promise<T> {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const verified = new LRUCache<string, T>({ max: options.maxEntries ?? 10_000, ttlAutopurge: false });
  return async (token) => {
    const known = verified.get(token);
    if (known && known.expiresAt.getTime() > Date.now()) return known;
    const result = await verify(token);
    const ttl = Math.min(maxAgeMs, result.expiresAt.getTime() - Date.now());
    if (ttl > 0) verified.set(token, result, { ttl });
    return result;
  };
}
