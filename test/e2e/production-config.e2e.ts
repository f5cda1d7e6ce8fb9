import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { start as startGateway } from '../../gateway/src/server.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import { ConfigError, type Env } from '../../platform/env.js';
import type { RunningServer } from '../../platform/http-server.js';
import { DEVELOPMENT_IDENTITY_SECRET } from '../../platform/identity.js';
import { SUBGRAPHS } from '../../subgraphs/registry.js';
import { createTestDatabase } from '../database.js';
import { TEST_THAICERT_OPENPGP_KEY } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';
import { compiledProject } from '../service-process.js';

/**
 * Unsafe deployments refuse to start: with NODE_ENV=production every service — each subgraph and
 * the gateway — refuses each unsafe setting it reads (a secret that is missing, published with
 * this project or shorter than 32 bytes, the demo data, HS256 user tokens, a misspelt NODE_ENV)
 * with one sentence naming the variable, and its process exits non-zero with that sentence and no
 * stack trace. A safe production configuration starts every one of them.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

type Kind = 'subgraph' | 'gateway';
/** A kind of service, or one service by name (a setting only it reads). */
type Reader = Kind | string;
interface Service {
  name: string;
  kind: Kind;
  /** Where its image starts it (docker-compose.yml's command). */
  main: string;
  start(env: Env): Promise<RunningServer>;
}

/** Every service of the graph: the registry's subgraphs, then the gateway. */
const SERVICES: Service[] = [
  ...SUBGRAPHS.map((subgraph): Service => ({
    name: subgraph.name,
    kind: 'subgraph',
    main: `subgraphs/${subgraph.name}/src/main.js`,
    start: async (env) => subgraph.start(env),
  })),
  { name: 'gateway', kind: 'gateway', main: 'gateway/src/main.js', start: async (env) => startGateway(readGatewayConfig(env)) },
];

/** The variables docker-compose.dev.env gives for development: its secrets are published with the project. */
async function composeDevelopmentValues(): Promise<Record<string, string>> {
  const text = await readFile(join(ROOT, 'docker-compose.dev.env'), 'utf8');
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2]!.trim()]),
  );
}

let safe: Env;
let published: Record<string, string>;

beforeAll(async () => {
  const database = await createTestDatabase();
  cleanup.defer(database.drop);
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  published = Object.fromEntries(Object.entries(await composeDevelopmentValues()).filter(([name]) => /SECRET|PASSWORD/.test(name)));
  safe = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_PORT`, '0'])),
    INTERNAL_IDENTITY_SECRET: randomBytes(32).toString('base64url'),
    JWT_PUBLIC_KEY: await exportSPKI(publicKey),
    JWT_ALGORITHMS: 'ES256',
    JWT_SECRET: undefined,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'silent',
    PUBLIC_BASE_URL: 'https://csaf.thaicert.example',
    // The mail subgraph's relay (port 9 refuses: nothing is sent) and sender; ThaiCERT's key signs its mail too.
    SMTP_URL: 'smtp://127.0.0.1:9',
    MAIL_FROM: 'ThaiCERT <alerts@thaicert.test>',
    THAICERT_OPENPGP_KEY: TEST_THAICERT_OPENPGP_KEY,
  };
});

interface Unsafe {
  /** What is wrong, as the test's name says it. */
  what: string;
  /** The change to a safe production environment. */
  env: () => Env;
  /** The sentence's start: names the variable. */
  refusal: RegExp;
  /** The kinds of service (or the services, by name) that read the setting. */
  readBy: readonly Reader[];
}

const EVERY: readonly Kind[] = ['subgraph', 'gateway'];
const strongSecret = () => randomBytes(32).toString('base64url');

/** Every unsafe production setting; the compose development secrets are enumerated from docker-compose.dev.env. */
function unsafeSettings(): Unsafe[] {
  return [
    {
      what: 'no INTERNAL_IDENTITY_SECRET',
      env: () => ({ INTERNAL_IDENTITY_SECRET: undefined }),
      refusal: /^INTERNAL_IDENTITY_SECRET must be set/,
      readBy: EVERY,
    },
    {
      what: "the code's development INTERNAL_IDENTITY_SECRET",
      env: () => ({ INTERNAL_IDENTITY_SECRET: DEVELOPMENT_IDENTITY_SECRET }),
      refusal: /^INTERNAL_IDENTITY_SECRET is a development value published with this project/,
      readBy: EVERY,
    },
    ...['INTERNAL_IDENTITY_SECRET', 'JWT_SECRET', 'POSTGRES_PASSWORD'].map((variable): Unsafe => ({
      what: `docker-compose.dev.env's ${variable} as INTERNAL_IDENTITY_SECRET`,
      env: () => ({ INTERNAL_IDENTITY_SECRET: published[variable] }),
      refusal: /^INTERNAL_IDENTITY_SECRET is a development value published with this project/,
      readBy: EVERY,
    })),
    {
      what: 'an INTERNAL_IDENTITY_SECRET of 31 bytes',
      env: () => ({ INTERNAL_IDENTITY_SECRET: 'x'.repeat(31) }),
      refusal: /^INTERNAL_IDENTITY_SECRET must be at least 32 bytes when NODE_ENV=production, it has 31/,
      readBy: EVERY,
    },
    {
      what: 'an INTERNAL_IDENTITY_SECRET of 10 Thai letters (30 bytes, counted as bytes, not characters)',
      env: () => ({ INTERNAL_IDENTITY_SECRET: 'ก'.repeat(10) }),
      refusal: /^INTERNAL_IDENTITY_SECRET must be at least 32 bytes when NODE_ENV=production, it has 30/,
      readBy: EVERY,
    },
    {
      what: 'a misspelt NODE_ENV (prod)',
      env: () => ({ NODE_ENV: 'prod' }),
      refusal: /^NODE_ENV must be one of development, test, production/,
      readBy: EVERY,
    },
    {
      what: 'SEED_DEMO_DATA=true',
      env: () => ({ SEED_DEMO_DATA: 'true' }),
      refusal: /^SEED_DEMO_DATA=true .* is refused when NODE_ENV=production/,
      readBy: ['subgraph'],
    },
    {
      what: "docker-compose.dev.env's database password in DATABASE_URL",
      env: () => {
        const url = new URL(safe.DATABASE_URL!);
        url.username = 'ncsa';
        url.password = published.POSTGRES_PASSWORD!;
        return { DATABASE_URL: url.toString() };
      },
      refusal: /^DATABASE_URL's password is a development value published with this project/,
      readBy: ['subgraph'],
    },
    {
      what: 'HS256 user tokens (JWT_SECRET) instead of a public key',
      env: () => ({ JWT_SECRET: strongSecret(), JWT_PUBLIC_KEY: undefined }),
      refusal: /^JWT_SECRET \(HS256 user tokens\) is refused when NODE_ENV=production/,
      readBy: ['gateway'],
    },
    {
      what: 'JWT_SECRET beside a public key',
      env: () => ({ JWT_SECRET: strongSecret() }),
      refusal: /^JWT_SECRET \(HS256 user tokens\) is refused when NODE_ENV=production/,
      readBy: ['gateway'],
    },
    {
      what: "docker-compose.dev.env's JWT_SECRET",
      env: () => ({ JWT_SECRET: published.JWT_SECRET, JWT_PUBLIC_KEY: undefined }),
      refusal: /^JWT_SECRET \(HS256 user tokens\) is refused when NODE_ENV=production/,
      readBy: ['gateway'],
    },
    {
      what: 'no way to verify user tokens',
      env: () => ({ JWT_PUBLIC_KEY: undefined }),
      refusal: /^NODE_ENV=production needs JWT_JWKS_URL or JWT_PUBLIC_KEY/,
      readBy: ['gateway'],
    },
    {
      what: 'no PUBLIC_BASE_URL for the CSAF provider',
      env: () => ({ PUBLIC_BASE_URL: undefined }),
      refusal: /^NODE_ENV=production needs PUBLIC_BASE_URL/,
      readBy: ['advisories'],
    },
    {
      what: 'an http:// PUBLIC_BASE_URL (CSAF is served over TLS only)',
      env: () => ({ PUBLIC_BASE_URL: 'http://localhost:4000' }),
      refusal: /^PUBLIC_BASE_URL must be an https:\/\/ URL when NODE_ENV=production/,
      readBy: ['advisories'],
    },
    {
      what: 'no ThaiCERT OpenPGP key to sign CSAF documents with',
      env: () => ({ THAICERT_OPENPGP_KEY: undefined }),
      refusal: /^NODE_ENV=production needs THAICERT_OPENPGP_KEY or THAICERT_OPENPGP_KEY_FILE/,
      readBy: ['advisories'],
    },
  ];
}

describe('docker-compose.dev.env', () => {
  it('publishes the development secrets this test refuses', () => {
    expect(Object.keys(published).sort()).toEqual(['INTERNAL_IDENTITY_SECRET', 'JWT_SECRET', 'POSTGRES_PASSWORD']);
  });
});

describe.each(SERVICES)('$name with NODE_ENV=production', (service) => {
  it.each(unsafeSettings().filter((unsafe) => unsafe.readBy.includes(service.kind) || unsafe.readBy.includes(service.name)))(
    'refuses to start with $what',
    async (unsafe) => {
      const started = service.start({ ...safe, ...unsafe.env() });
      started.then(
        (server) => cleanup.defer(server.close),
        () => {},
      );
      const error = await started.then(
        () => undefined,
        (refusal: unknown) => refusal,
      );
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toMatch(unsafe.refusal);
      expect(message).not.toContain('\n');
    },
  );

  it('starts with a safe production configuration', async () => {
    const server = await service.start(safe);
    await server.close();
  });
});

describe.each(SUBGRAPHS)('the $name subgraph in production', (subgraph) => {
  it('answers no introspection to whoever reaches it directly', async () => {
    const server = await subgraph.start(safe);
    cleanup.defer(server.close);
    const res = await graphqlRequest(server.url, '{ __schema { queryType { name } } }');
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.message).toMatch(/introspection/i);
  });
});

describe('a refused service process', () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await compiledProject();
  }, 180_000);

  it.each(SERVICES)('$name exits non-zero with one sentence naming the variable and no stack trace', async (service) => {
    const run = promisify(execFile)(process.execPath, [join(outDir, service.main)], {
      cwd: ROOT,
      env: { ...process.env, ...safe, INTERNAL_IDENTITY_SECRET: DEVELOPMENT_IDENTITY_SECRET },
      timeout: 20_000,
    });
    const ended = await run.then(
      ({ stderr }) => ({ code: 0, stderr }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(ended.code).toBe(1);
    expect(ended.stderr.trim().split('\n')).toEqual([
      `${service.name} failed to start: INTERNAL_IDENTITY_SECRET is a development value published with this project, refused when NODE_ENV=production: set a secret of your own`,
    ]);
  });
});
