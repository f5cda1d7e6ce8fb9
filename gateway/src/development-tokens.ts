import { SignJWT } from 'jose';

import { claimsOf, type SignedInCaller } from '../../platform/caller.js';
import type { TokenConfig } from './env.js';

/**
 * Mints an HS256 user token with the development secret. Production tokens come from the
 * identity provider behind `JWT_JWKS_URL`/`JWT_PUBLIC_KEY`; this is for local use and tests.
 */
export function mintDevelopmentToken(tokens: TokenConfig, caller: SignedInCaller, ttlSeconds: number): Promise<string> {
  if (tokens.keys.kind !== 'secret') {
    throw new Error('tokens can be minted only when the gateway verifies with JWT_SECRET (development)');
  }
  let jwt = new SignJWT(claimsOf(caller)).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(`${ttlSeconds}s`);
  if (tokens.issuer) jwt = jwt.setIssuer(tokens.issuer);
  if (tokens.audience) jwt = jwt.setAudience(tokens.audience);
  return jwt.sign(tokens.keys.secret);
}
