import { describe, expect, it } from 'vitest';

import {
  adminEndpoint,
  boolean,
  ConfigError,
  httpServerLimits,
  integer,
  isProduction,
  MINIMUM_SECRET_BYTES,
  oneOf,
  optionalString,
  PUBLISHED_DEVELOPMENT_SECRETS,
  refusePublishedSecret,
  requiredString,
  secret,
  url,
} from './env.js';

/** The ConfigError `read` throws, so its message can be compared whole. */
function configError(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the value was accepted');
}

describe('strings', () => {
  it('trims a value and treats a blank one as unset', () => {
    expect(optionalString({ HOST: '  127.0.0.1 ' }, 'HOST')).toBe('127.0.0.1');
    expect(optionalString({ HOST: '   ' }, 'HOST')).toBeUndefined();
    expect(optionalString({}, 'HOST')).toBeUndefined();
  });

  it('refuses a required one that is unset or blank, naming it', () => {
    expect(requiredString({ DATABASE_URL: 'postgres://db' }, 'DATABASE_URL')).toBe('postgres://db');
    expect(configError(() => requiredString({ DATABASE_URL: ' ' }, 'DATABASE_URL')).message).toBe('DATABASE_URL must be set');
  });
});

describe('integers', () => {
  it('falls back when unset and reads one within its bounds, the bounds included', () => {
    expect(integer({}, 'PORT', 4000)).toBe(4000);
    expect(integer({ PORT: '0' }, 'PORT', 4000, { max: 65535 })).toBe(0);
    expect(integer({ PORT: '65535' }, 'PORT', 4000, { max: 65535 })).toBe(65535);
  });

  it.each([
    ['above its maximum', '65536', 'PORT must be an integer from 0 to 65535, got "65536"'],
    ['below its minimum', '-1', 'PORT must be an integer from 0 to 65535, got "-1"'],
    ['with a fraction', '1.5', 'PORT must be an integer from 0 to 65535, got "1.5"'],
    ['not a number', 'eighty', 'PORT must be an integer from 0 to 65535, got "eighty"'],
  ])('refuses one %s, naming the variable and its bounds', (_case, raw, message) => {
    expect(configError(() => integer({ PORT: raw }, 'PORT', 4000, { max: 65535 })).message).toBe(message);
  });
});

describe('booleans', () => {
  it.each(['1', 'true', 'YES', 'On'])('reads %s as true', (raw) => {
    expect(boolean({ FLAG: raw }, 'FLAG', false)).toBe(true);
  });

  it.each(['0', 'false', 'No', 'OFF'])('reads %s as false', (raw) => {
    expect(boolean({ FLAG: raw }, 'FLAG', true)).toBe(false);
  });

  it('falls back when unset and refuses anything else', () => {
    expect(boolean({}, 'FLAG', true)).toBe(true);
    expect(configError(() => boolean({ FLAG: 'maybe' }, 'FLAG', true)).message).toBe('FLAG must be true or false, got "maybe"');
  });
});

describe('choices and URLs', () => {
  it('reads one of the allowed values, falls back, and refuses another naming the choices', () => {
    expect(oneOf({ MODE: 'measure' }, 'MODE', ['enforce', 'measure'], 'enforce')).toBe('measure');
    expect(oneOf({}, 'MODE', ['enforce', 'measure'], 'enforce')).toBe('enforce');
    expect(configError(() => oneOf({ MODE: 'Enforce' }, 'MODE', ['enforce', 'measure'], 'enforce')).message).toBe(
      'MODE must be one of enforce, measure, got "Enforce"',
    );
  });

  it('normalises a URL, falls back to the default, and refuses one that is not a URL', () => {
    expect(url({ X_URL: 'HTTP://Example.com:80/graphql' }, 'X_URL')).toBe('http://example.com/graphql');
    expect(url({}, 'X_URL', 'http://127.0.0.1:4001/graphql')).toBe('http://127.0.0.1:4001/graphql');
    expect(configError(() => url({ X_URL: '127.0.0.1 4001' }, 'X_URL')).message).toBe('X_URL must be a URL, got "127.0.0.1 4001"');
    expect(configError(() => url({}, 'X_URL')).message).toBe('X_URL must be set');
    expect(configError(() => url({ X_URL: 'localhost:4001/graphql' }, 'X_URL')).message).toBe('X_URL must be an http:// or https:// URL');
    expect(url({ X_URL: 'rediss://cache:6380' }, 'X_URL', undefined, ['redis', 'rediss'])).toBe('rediss://cache:6380');
  });
});

describe('NODE_ENV', () => {
  it('is production only when it says so, and development when unset', () => {
    expect(isProduction({ NODE_ENV: 'production' })).toBe(true);
    expect(isProduction({ NODE_ENV: 'test' })).toBe(false);
    expect(isProduction({})).toBe(false);
  });

  it('refuses a misspelt value rather than run on the development defaults', () => {
    expect(configError(() => isProduction({ NODE_ENV: 'prod' })).message).toBe(
      'NODE_ENV must be one of development, test, production, got "prod"',
    );
  });
});

describe('secrets', () => {
  const strong = 'a'.repeat(MINIMUM_SECRET_BYTES);

  it('uses the development default outside production when unset, and a given one as given', () => {
    expect(secret({}, 'S', false, 'dev-default')).toBe('dev-default');
    expect(secret({ S: 'mine' }, 'S', false, 'dev-default')).toBe('mine');
  });

  it('in production, must be set', () => {
    expect(configError(() => secret({}, 'S', true, 'dev-default')).message).toBe('S must be set when NODE_ENV=production');
  });

  it('in production, needs 32 bytes counted in UTF-8', () => {
    expect(secret({ S: strong }, 'S', true, 'dev-default')).toBe(strong);
    expect(configError(() => secret({ S: 'a'.repeat(31) }, 'S', true, 'dev-default')).message).toBe(
      'S must be at least 32 bytes when NODE_ENV=production, it has 31: generate one with "openssl rand -hex 32"',
    );
    expect(secret({ S: 'ก'.repeat(11) }, 'S', true, 'dev-default')).toBe('ก'.repeat(11)); // 33 bytes in 11 characters
  });

  it('in production, refuses the caller’s development default and every published development value', () => {
    const longDefault = 'development-default-that-is-long-enough';
    expect(configError(() => secret({ S: longDefault }, 'S', true, longDefault)).message).toBe(
      'S is a development value published with this project, refused when NODE_ENV=production: set a secret of your own',
    );
    for (const published of PUBLISHED_DEVELOPMENT_SECRETS) {
      expect(configError(() => refusePublishedSecret('S', published)).message).toMatch(/^S is a development value published/);
    }
    expect(() => refusePublishedSecret('S', strong)).not.toThrow();
  });
});

describe('HTTP server limits', () => {
  it('has its defaults', () => {
    expect(httpServerLimits({})).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 10_000,
    });
  });

  it('shortens the default headers timeout to a shorter request timeout', () => {
    expect(httpServerLimits({ HTTP_REQUEST_TIMEOUT_MS: '2000' })).toMatchObject({ headersTimeoutMs: 2000, requestTimeoutMs: 2000 });
  });

  it('refuses a headers timeout longer than the request timeout, naming both', () => {
    expect(configError(() => httpServerLimits({ HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '3000' })).message).toBe(
      'HTTP_HEADERS_TIMEOUT_MS (3000) must not exceed HTTP_REQUEST_TIMEOUT_MS (2000): the headers are part of the request',
    );
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_MS', '99', /^HTTP_REQUEST_TIMEOUT_MS must be an integer from 100 to 600000/],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '600001', /^HTTP_KEEP_ALIVE_TIMEOUT_MS must be an integer from 100 to 600000/],
    ['HTTP_MAX_CONNECTIONS', '0', /^HTTP_MAX_CONNECTIONS must be an integer from 1 to 1000000/],
  ])('bounds %s', (name, raw, message) => {
    expect(configError(() => httpServerLimits({ [name]: raw })).message).toMatch(message);
  });
});

describe('the admin endpoint', () => {
  it('sits 5400 above the default public port, on HOST unless ADMIN_HOST says otherwise', () => {
    expect(adminEndpoint({}, 'GATEWAY_PORT', 4000, 4000)).toEqual({ host: '0.0.0.0', port: 9400 });
    expect(adminEndpoint({ HOST: '127.0.0.1' }, 'INCIDENTS_PORT', 4002, 4002)).toEqual({ host: '127.0.0.1', port: 9402 });
    expect(adminEndpoint({ HOST: '127.0.0.1', ADMIN_HOST: '10.0.0.5' }, 'GATEWAY_PORT', 4000, 4000).host).toBe('10.0.0.5');
  });

  it('picks a free port when the public port is a free one', () => {
    expect(adminEndpoint({}, 'GATEWAY_PORT', 0, 4000).port).toBe(0);
  });

  it('reads <SERVICE>_ADMIN_PORT and refuses it on the public port', () => {
    expect(adminEndpoint({ GATEWAY_ADMIN_PORT: '9999' }, 'GATEWAY_PORT', 4000, 4000).port).toBe(9999);
    expect(configError(() => adminEndpoint({ GATEWAY_ADMIN_PORT: '4000' }, 'GATEWAY_PORT', 4000, 4000)).message).toBe(
      'GATEWAY_ADMIN_PORT must differ from GATEWAY_PORT (4000): /ready and /metrics are kept off the public port',
    );
  });
});
