import { describe, expect, it } from 'vitest';

import { ConfigError } from './env.js';
import { publicBaseUrl } from './public-base-url.js';

describe('PUBLIC_BASE_URL', () => {
  it('defaults outside production to the gateway on this machine, on its port', () => {
    expect(publicBaseUrl({}, false)).toBe('http://localhost:4000');
    expect(publicBaseUrl({ GATEWAY_PORT: '8080' }, false)).toBe('http://localhost:8080');
    expect(publicBaseUrl({ GATEWAY_PORT: '0' }, false)).toBe('http://localhost:4000');
  });

  it('is a scheme and host, without a trailing slash', () => {
    expect(publicBaseUrl({ PUBLIC_BASE_URL: 'https://csaf.thaicert.or.th/' }, true)).toBe('https://csaf.thaicert.or.th');
    expect(publicBaseUrl({ PUBLIC_BASE_URL: 'http://127.0.0.1:4000' }, false)).toBe('http://127.0.0.1:4000');
    expect(publicBaseUrl({ PUBLIC_BASE_URL: 'http://[::1]:4000' }, false)).toBe('http://[::1]:4000');
    expect(publicBaseUrl({ PUBLIC_BASE_URL: 'http://csaf.localhost' }, false)).toBe('http://csaf.localhost');
  });

  it.each([
    [{}, true, /^NODE_ENV=production needs PUBLIC_BASE_URL/],
    [{ PUBLIC_BASE_URL: 'http://csaf.thaicert.or.th' }, true, /must be an https:\/\/ URL when NODE_ENV=production/],
    [{ PUBLIC_BASE_URL: 'http://localhost:4000' }, true, /must be an https:\/\/ URL when NODE_ENV=production/],
    [{ PUBLIC_BASE_URL: 'http://csaf.thaicert.or.th' }, false, /http:\/\/ only for a loopback host/],
    [{ PUBLIC_BASE_URL: 'https://thaicert.or.th/csaf' }, true, /scheme and host only/],
    [{ PUBLIC_BASE_URL: 'https://thaicert.or.th/?a=1' }, true, /scheme and host only/],
    [{ PUBLIC_BASE_URL: 'ftp://thaicert.or.th' }, false, /must be an http:\/\/ or https:\/\/ URL/],
  ])('refuses %o (production: %s)', (env, production, message) => {
    expect(() => publicBaseUrl(env, production)).toThrow(ConfigError);
    expect(() => publicBaseUrl(env, production)).toThrow(message);
  });
});
