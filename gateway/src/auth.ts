import { createPublicKey, type KeyObject } from 'node:crypto';

import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

import { callerFromClaims, InvalidClaimsError, PUBLIC_CALLER, type Caller, type SignedInCaller } from '../../platform/caller.js';
import { unauthenticated } from '../../platform/errors.js';
import { rememberVerifiedTokens } from '../../platform/verified-tokens.js';
import type { TokenConfig } from './env.js';
import type { RegisteredCallers } from './registered-callers.js';

/** A verified user: who, and until when the token may be used. */
export interface VerifiedCaller {
  caller: Caller;
  /** When the token expires; undefined for the public. */
  expiresAt?: Date;
}

/** Verifies a bearer token: its caller and expiry, or an UNAUTHENTICATED error saying why not (see {@link createTokenVerifier}). */
export type TokenVerifier = (token: string) => Promise<{ caller: SignedInCaller; expiresAt: Date }>;

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return error.reason === 'missing' ? `the token has no "${error.claim}" claim` : `the token claim "${error.claim}" is not acceptable`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this graph does not accept';
  if (error instanceof errors.JWKSNoMatchingKey) return 'no published key matches the token';
  if (error instanceof InvalidClaimsError) return error.message;
  return 'the token is not a valid JWT';
}

/**
 * What jose leaves to us: a token issued in the future (beyond the clock tolerance) — a clock or
 * an issuer that is wrong — and one valid for longer than `JWT_MAX_AGE_SECONDS`, which a stolen
 * token would be for just as long.
 */
function checkLifetime(payload: JWTPayload, config: TokenConfig): void {
  const now = Math.floor(Date.now() / 1000);
  const { iat, exp } = payload;
  if (iat !== undefined && iat > now + config.clockToleranceSeconds) {
    throw new InvalidClaimsError(`the token is issued in the future ("iat" is ${iat - now} s ahead of this server's clock)`);
  }
  if (config.maxAgeSeconds > 0 && exp! - iat! > config.maxAgeSeconds) {
    throw new InvalidClaimsError(`the token is valid for ${exp! - iat!} s, longer than the ${config.maxAgeSeconds} s this graph accepts`);
  }
}

/**
 * Verifies user tokens with jose: HS256 with a shared secret in development, RS256/ES256 with
 * keys from a JWKS URL (cached and refreshed by jose) or one configured public key in production;
 * then their lifetime, and — with `registered` — that the organization or regulator they name is
 * registered. A token that verified is remembered for up to a minute (never past its expiry); the
 * registry's answers are kept apart (see `RegisteredCallers`).
 */
export function createTokenVerifier(config: TokenConfig, registered?: RegisteredCallers): TokenVerifier {
  const { keys } = config;
  let key: Uint8Array | KeyObject | JWTVerifyGetKey;
  if (keys.kind === 'secret') key = keys.secret;
  else if (keys.kind === 'jwks') key = createRemoteJWKSet(new URL(keys.url));
  else key = createPublicKey(keys.pem);
  const options = {
    algorithms: keys.kind === 'secret' ? ['HS256'] : keys.algorithms,
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['sub', 'exp', ...(config.maxAgeSeconds > 0 ? ['iat'] : [])],
  };
  const verify = rememberVerifiedTokens(async (token) => {
    try {
      const { payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      checkLifetime(payload, config);
      return { caller: callerFromClaims(payload), expiresAt: new Date(payload.exp! * 1000) };
    } catch (error) {
      throw unauthenticated(`Not signed in: ${reasonOf(error)}`);
    }
  });
  if (!registered) return verify;
  return async (token) => {
    const verified = await verify(token);
    await registered.refuseUnregistered(verified.caller);
    return verified;
  };
}

/**
 * No Authorization header: a public caller. A header that is present but not a valid bearer
 * token is refused — a broken token is never silently treated as public.
 */
export async function callerFromAuthorization(header: string | undefined, verify: TokenVerifier): Promise<VerifiedCaller> {
  if (header === undefined || header.trim() === '') return { caller: PUBLIC_CALLER };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('Not signed in: the authorization must be "Bearer <token>"');
  return verify(match[1]!);
}
