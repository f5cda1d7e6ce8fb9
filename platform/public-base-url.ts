import { ConfigError, optionalString, url, type Env } from './env.js';

/** Hosts that never leave the machine: http is allowed for them outside production. */
const LOOPBACK = /^(localhost|[\w-]+\.localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * `PUBLIC_BASE_URL`: where partners reach the gateway, scheme and host (and port) only, e.g.
 * `https://csaf.thaicert.or.th` — the absolute URLs of what ThaiCERT publishes (the CSAF
 * provider's metadata, feeds and documents' own `self` references) start with it. CSAF needs TLS
 * (CSAF 2.0 §7.1.3, §7.1.9): production requires it set and https; outside production it
 * defaults to the gateway's development address `http://localhost:<GATEWAY_PORT or 4000>`, and
 * http is allowed for a loopback host only. No path: `/.well-known/` is at the domain's root.
 */
export function publicBaseUrl(env: Env, production: boolean): string {
  if (production && !optionalString(env, 'PUBLIC_BASE_URL')) {
    throw new ConfigError('NODE_ENV=production needs PUBLIC_BASE_URL, the https:// address partners reach the gateway at');
  }
  const port = optionalString(env, 'GATEWAY_PORT');
  const fallback = `http://localhost:${port && port !== '0' ? port : '4000'}`;
  const parsed = new URL(url(env, 'PUBLIC_BASE_URL', fallback));
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(
      `PUBLIC_BASE_URL is a scheme and host only, such as https://csaf.thaicert.or.th, got ${JSON.stringify(env.PUBLIC_BASE_URL)}`,
    );
  }
  if (parsed.protocol === 'http:' && (production || !LOOPBACK.test(parsed.hostname))) {
    throw new ConfigError(
      production
        ? 'PUBLIC_BASE_URL must be an https:// URL when NODE_ENV=production: CSAF documents are served over TLS only'
        : 'PUBLIC_BASE_URL may be http:// only for a loopback host (localhost, 127.0.0.1, [::1]); elsewhere it must be https://',
    );
  }
  return parsed.origin;
}
