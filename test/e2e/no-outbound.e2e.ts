import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { mintDevelopmentToken } from '../../gateway/src/development-tokens.js';
import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { claimsOf, Role, type SignedInCaller } from '../../platform/caller.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { Env } from '../../platform/env.js';
import { SUBGRAPHS } from '../../subgraphs/registry.js';
import { advisoryInput } from '../advisories.js';
import { createTestDatabase } from '../database.js';
import { TEST_IDENTITY_SECRET, TEST_JWT_SECRET, TEST_THAICERT_OPENPGP_KEY } from '../graph.js';
import { graphqlRequest } from '../graphql-client.js';
import {
  compiledProject,
  startGatewayProcess,
  startSubgraphProcess,
  startWholeGraphProcess,
  type ServiceProcess,
} from '../service-process.js';
import { connect } from '../ws-client.js';

/**
 * Nothing leaves the network: every service, run as its own process with a preloaded guard
 * (test/outbound-guard.mjs) that records each attempt to reach a non-loopback address, goes
 * through start, queries, mutations, a subscription and a graceful shutdown (SIGTERM, when
 * libraries flush their telemetry) in development and in production, and so does `npm start`'s
 * whole graph. Only what the services are configured with may be reached, and here that is
 * all on 127.0.0.1: PostgreSQL, each other, the identity provider's JWKS. The machine may have no
 * route out at all, so the guard records attempts, not connections that succeeded.
 */
const GUARD = join(import.meta.dirname, '..', 'outbound-guard.mjs');
const cleanup = new CleanupStack();
let outDir: string;
let folder: string;

/**
 * What would invite a library to report home: each service must stay quiet even with these set
 * in its environment (an operator's shell, a shared env file), not only when they happen to be unset.
 */
const REPORTING_INVITED: Env = {
  APOLLO_TELEMETRY_DISABLED: 'false',
  APOLLO_KEY: 'service:ncsa-graph:not-a-real-key',
  APOLLO_GRAPH_REF: 'ncsa-graph@current',
  APOLLO_SCHEMA_REPORTING: 'true',
};

type Sign = (caller: SignedInCaller) => Promise<string>;
interface Mode {
  env: Env;
  sign: Sign;
}

/** Development: HS256 user tokens and the test secrets. */
function development(): Mode {
  const env = { NODE_ENV: 'development', JWT_SECRET: TEST_JWT_SECRET, INTERNAL_IDENTITY_SECRET: TEST_IDENTITY_SECRET };
  const tokens = readGatewayConfig(env).tokens;
  return { env, sign: (caller) => mintDevelopmentToken(tokens, caller, 600) };
}

/** Production: user tokens signed by an identity provider whose JWKS the gateway fetches (served here, on loopback). */
async function production(): Promise<Mode> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'outbound-test', alg: 'ES256', use: 'sig' }] });
  const server: Server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.defer(() => new Promise((closed) => server.close(closed)));
  const { port } = server.address() as { port: number };
  return {
    env: {
      NODE_ENV: 'production',
      JWT_SECRET: undefined,
      JWT_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      JWT_ALGORITHMS: 'ES256',
      INTERNAL_IDENTITY_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_BASE_URL: 'https://csaf.thaicert.example',
      THAICERT_OPENPGP_KEY: TEST_THAICERT_OPENPGP_KEY,
      // The mail subgraph's relay, on loopback (port 9 refuses: a mail queued by the traffic is retried, never sent), and its sender.
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAIL_FROM: 'ThaiCERT <alerts@thaicert.test>',
    },
    sign: (caller) =>
      new SignJWT(claimsOf(caller))
        .setProtectedHeader({ alg: 'ES256', kid: 'outbound-test' })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey),
  };
}

beforeAll(async () => {
  outDir = await compiledProject();
  folder = await mkdtemp(join(tmpdir(), 'ncsa-graph-outbound-'));
  cleanup.defer(() => rm(folder, { recursive: true, force: true }));
}, 180_000);
afterAll(() => cleanup.run());

/** A fresh file for one run's attempts, and the node flags that preload the guard writing to it. */
function guarded(name: string): { file: string; env: Env; options: { nodeFlags: string[] } } {
  const file = join(folder, `${name}.jsonl`);
  return { file, env: { OUTBOUND_GUARD_FILE: file }, options: { nodeFlags: ['--import', GUARD] } };
}

/** The attempts the guard recorded, each as where it went and the first frames outside node's own code. */
async function attempts(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const { kind, host, port, stack } = JSON.parse(line) as { kind: string; host: string; port?: number; stack: string[] };
      const origin = stack.filter((frame) => !frame.includes('node:') && !frame.includes('outbound-guard')).slice(0, 2);
      return `${kind} ${host}${port === undefined ? '' : `:${port}`} from ${origin.join(' < ')}`;
    });
}

/** What a client does: public and signed-in queries across subgraphs, mutations, and a subscription that receives its event. */
async function traffic(url: string, sign: Sign): Promise<void> {
  const ncsa = await sign({ role: Role.NCSA, subject: 'outbound-ncsa' });
  const thaicert = await sign({ role: Role.THAICERT, subject: 'outbound-thaicert' });
  const sectors = await graphqlRequest(url, '{ sectors { id } }');
  expect(sectors.data?.sectors.length).toBeGreaterThan(0);
  const me = await graphqlRequest(url, '{ me { role } }', { token: ncsa });
  expect(me.data?.me.role).toBe('NCSA');
  const statistics = await graphqlRequest(url, '{ publicStatistics(year: 2025) { year minimumCount } }');
  expect(statistics.errors).toBeUndefined();
  const registered = await graphqlRequest(
    url,
    `mutation { registerOrganization(input: { nameTh: "กรมทดสอบเครือข่ายปิด", nameEn: "Closed Network Test Department", kind: GOVERNMENT_AGENCY }) { id } }`,
    { token: ncsa },
  );
  expect(registered.errors).toBeUndefined();

  const head = await graphqlRequest(url, '{ advisoryEventsHead }', { token: thaicert });
  const ws = connect(url, thaicert);
  try {
    const events = ws.subscribe('subscription ($after: Int) { advisoryEvents(afterSequence: $after) { sequence advisory { id } } }', {
      after: head.data!.advisoryEventsHead,
    });
    const drafted = await graphqlRequest(url, 'mutation ($input: AdvisoryInput!) { draftAdvisory(input: $input) { id version } }', {
      token: thaicert,
      variables: { input: advisoryInput() },
    });
    const { id, version } = drafted.data!.draftAdvisory;
    const published = await graphqlRequest(url, 'mutation ($id: ID!, $v: Int!) { publishAdvisory(id: $id, expectedVersion: $v) { id } }', {
      token: thaicert,
      variables: { id, v: version },
    });
    expect(published.errors).toBeUndefined();
    const [event] = await events.waitFor(1);
    expect(event?.data?.advisoryEvents.advisory.id).toBe(id);
    // The CSAF provider: the published advisory's document, signed by ThaiCERT's key on this machine.
    const csaf = await graphqlRequest(url, 'query ($id: ID!) { advisory(id: $id) { csafDocument { url } } }', {
      token: thaicert,
      variables: { id },
    });
    const documentUrl = new URL(csaf.data!.advisory.csafDocument.url as string);
    expect((await fetch(new URL(`${documentUrl.pathname}.asc`, url))).status).toBe(200);
  } finally {
    await ws.dispose();
  }
}

/** Stops a service as an orchestrator does (SIGTERM) and expects it to have stopped cleanly. */
async function stopCleanly(service: ServiceProcess): Promise<void> {
  await service.close();
  expect(service.exitCode).toBe(0);
}

describe('the guard', () => {
  it('records TCP, TLS, fetch, DNS and UDP attempts beyond loopback, and nothing on loopback', async () => {
    const guard = guarded('guard-itself');
    // 192.0.2.1 is TEST-NET-1 (never routed); each attempt is abandoned at once.
    const attemptsScript = `
      import dgram from 'node:dgram'; import dns from 'node:dns'; import net from 'node:net'; import tls from 'node:tls';
      net.connect(5432, '127.0.0.1').on('error', () => {}).destroy();
      net.connect(80, '192.0.2.1').on('error', () => {}).destroy();
      tls.connect({ host: '192.0.2.1', port: 443 }).on('error', () => {}).destroy();
      fetch('http://192.0.2.1:81/', { signal: AbortSignal.timeout(50) }).catch(() => {});
      dns.lookup('registry.example', () => {});
      dns.lookup('localhost', () => {});
      const udp = dgram.createSocket('udp4');
      udp.send('x', 53, '192.0.2.1', () => udp.close());
      setTimeout(() => process.exit(0), 200);`;
    await promisify(execFile)(process.execPath, [...guard.options.nodeFlags, '--input-type=module', '-e', attemptsScript], {
      env: { ...process.env, ...guard.env },
    });
    const recorded = (await attempts(guard.file)).map((line) => line.split(' from ')[0]);
    expect(recorded).toEqual(
      expect.arrayContaining([
        'tcp 192.0.2.1:80',
        'tcp 192.0.2.1:443',
        'tcp 192.0.2.1:81',
        'dns.lookup registry.example',
        'udp 192.0.2.1:53',
      ]),
    );
    expect(recorded.filter((line) => /127\.0\.0\.1|localhost/.test(line))).toEqual([]);
  });
});

describe.each([
  ['development', development],
  ['production (NODE_ENV=production)', production],
] as const)('in %s', (name, mode) => {
  it('no service reaches beyond the network from start through traffic to shutdown', async () => {
    const { env: modeEnv, sign } = await mode();
    const database = await createTestDatabase();
    cleanup.defer(database.drop);
    const guard = guarded(name.split(' ')[0]!);
    let env: Env = {
      ...REPORTING_INVITED,
      ...modeEnv,
      ...guard.env,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'silent',
      SUPERVISION_POLL_INTERVAL_MS: '100',
    };
    const services: ServiceProcess[] = [];
    try {
      for (const subgraph of SUBGRAPHS) {
        const started = await startSubgraphProcess(outDir, subgraph.name, env, guard.options);
        services.push(started);
        env = { ...env, [`${subgraph.name.toUpperCase()}_URL`]: started.url };
      }
      const gateway = await startGatewayProcess(outDir, { ...env, RATE_LIMIT_PER_ADDRESS: '0', RATE_LIMIT_PER_TOKEN: '0' }, guard.options);
      services.push(gateway);
      await traffic(gateway.url, sign);
      // The gateway first, as an orchestrator drains it before the subgraphs behind it.
      for (const service of services.splice(0).reverse()) await stopCleanly(service);
    } finally {
      for (const service of services.reverse()) await service.close();
    }
    expect(await attempts(guard.file)).toEqual([]);
  }, 180_000);
});

describe('npm start (the whole graph in one process)', () => {
  it('reaches nothing beyond the network from start through traffic to shutdown, embedded PostgreSQL included', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ncsa-graph-outbound-pg-'));
    cleanup.defer(() => rm(dataDir, { recursive: true, force: true }));
    await chmod(dataDir, 0o755); // as root, the embedded cluster belongs to the `postgres` user
    const guard = guarded('npm-start');
    const { env: modeEnv, sign } = development();
    const graph = await startWholeGraphProcess(
      outDir,
      {
        ...REPORTING_INVITED,
        ...modeEnv,
        ...guard.env,
        DATABASE_URL: undefined,
        EMBEDDED_POSTGRES_DIR: join(dataDir, 'postgres'),
        LOG_LEVEL: 'silent',
        ...Object.fromEntries(SUBGRAPHS.map((s) => [`${s.name.toUpperCase()}_PORT`, '0'])),
      },
      guard.options,
    );
    try {
      await traffic(graph.url, sign);
    } finally {
      await graph.close();
    }
    expect(graph.exitCode).toBe(0);
    expect(await attempts(guard.file)).toEqual([]);
  }, 240_000);
});
