import { expect } from 'vitest';

import { ConfigError, type Env } from '../platform/env.js';

/** The message of the ConfigError that `read(env)` throws; fails the test when the configuration is accepted. */
export function configRefusal(read: (env: Env) => unknown, env: Env): string {
  try {
    read(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}
