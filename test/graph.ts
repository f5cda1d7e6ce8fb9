import { afterAll, beforeAll } from 'vitest';

import { DEMO_ORGANIZATION_KEY, DEMO_REGULATOR_KEY, demoId } from '../demo/demo-registry.js';
import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { readConfig as readGatewayConfig, type GatewayConfig } from '../gateway/src/env.js';
import { start as startGateway } from '../gateway/src/server.js';
import { Role, type SignedInCaller } from '../platform/caller.js';
import { CleanupStack } from '../platform/cleanup-stack.js';
import type { Env } from '../platform/env.js';
import type { RunningServer } from '../platform/http-server.js';
import { IDENTITY_HEADER, identitySecret, signIdentity } from '../platform/identity.js';
import { startTelemetry } from '../platform/telemetry.js';
import { generateThaicertKey } from '../platform/thaicert-openpgp-key.js';
import { SUBGRAPHS, type SubgraphEntry } from '../subgraphs/registry.js';
import { createTestDatabase, sharedDatabase } from './database.js';
import { graphqlRequest, type GraphQLResponse, type RequestOptions } from './graphql-client.js';

export const TEST_JWT_SECRET = 'test-only-jwt-secret-0123456789abcdef';
export const TEST_IDENTITY_SECRET = 'test-only-internal-identity-secret-0123456789';
/** ThaiCERT's OpenPGP key for every graph of this test process, so what one service signs another's key verifies. */
export const TEST_THAICERT_OPENPGP_KEY = await generateThaicertKey();

/** Ids from the demo data set, which every test graph loads. */
export const demo = {
  organizationId: demoId(`organization:${DEMO_ORGANIZATION_KEY}`),
  regulatorId: demoId(`regulator:${DEMO_REGULATOR_KEY}`),
  organization: (key: string) => demoId(`organization:${key}`),
  regulator: (key: string) => demoId(`regulator:${key}`),
  contact: (organizationKey: string, which: 'soc' | 'cio') => demoId(`contact:${organizationKey}:${which}`),
};

export interface TestGraph {
  gatewayUrl: string;
  subgraphUrls: Record<string, string>;
  databaseUrl: string;
  env: Env;
  gatewayConfig: GatewayConfig;
  /** Mints a user token the gateway accepts. */
  token(caller: SignedInCaller, ttlSeconds?: number): Promise<string>;
  /** Tokens for the usual callers: the demo organization and regulator, ThaiCERT, NCSA. */
  tokens: { organization: string; regulator: string; thaicert: string; ncsa: string };
  /** A request through the gateway. */
  query<TData = Record<string, any>>(query: string, options?: RequestOptions): Promise<GraphQLResponse<TData>>;
  /** A request straight to a subgraph as one of our services (internal feeds). */
  asService<TData = Record<string, any>>(
    subgraph: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<GraphQLResponse<TData>>;
  /** A service's admin port ('gateway' or a subgraph), where `/ready` and `/metrics` are: e.g. `http://127.0.0.1:40123`. */
  adminUrl(service: string): string;
  /** A counter or gauge from a service's `/metrics` ('gateway' or a subgraph). */
  metric(service: string, name: string): Promise<number>;
  /** Another gateway over this graph's subgraphs, configured by `env` over the graph's own; stopped with the graph. */
  gateway(env?: Env): Promise<RunningServer>;
  /** Stops a subgraph and starts it again on the same port, as a crash and restart would; `whileDown` runs in between. */
  restartSubgraph(name: string, whileDown?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export const organizationCaller = (organizationId: string): SignedInCaller => ({
  role: Role.ORGANIZATION,
  subject: `test-org-${organizationId.slice(0, 8)}`,
  organizationId,
});
export const regulatorCaller = (regulatorId: string): SignedInCaller => ({
  role: Role.REGULATOR,
  subject: `test-reg-${regulatorId.slice(0, 8)}`,
  regulatorId,
});

/** What a test graph runs, beside its environment. */
export interface GraphOptions {
  /**
   * The subgraphs to start, by name or entry (default: every one of `entries`), in `entries`' order.
   * The gateway still serves the whole supergraph and finds the others refusing connections: their
   * fields come back null with SERVICE_UNAVAILABLE and its `/ready` answers 503, so a file names
   * every subgraph its queries reach (signed-in requests reach organizations, to check the caller).
   */
  subgraphs?: readonly (string | SubgraphEntry)[];
  /** Every subgraph the graph knows (default SUBGRAPHS): with `SUPERGRAPH_PATH`, a graph with another subgraph. */
  entries?: readonly SubgraphEntry[];
}

/**
 * The environment every test graph runs in, on `databaseUrl`: every known subgraph on free
 * ports, fast background work, demo data, no response cache and no rate limits.
 */
function graphEnv(databaseUrl: string, entries: readonly SubgraphEntry[]): Env {
  return {
    DATABASE_URL: databaseUrl,
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    INTERNAL_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
    THAICERT_OPENPGP_KEY: TEST_THAICERT_OPENPGP_KEY,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO_DATA: 'true',
    DATABASE_POOL_SIZE: '4',
    SUPERVISION_POLL_INTERVAL_MS: '100',
    DEADLINE_SCAN_INTERVAL_MS: '200',
    // Tests read public data right after changing it; public-cache.e2e.ts turns the cache on.
    PUBLIC_CACHE_SECONDS: '0',
    // Whole test files run from one address in seconds; rate-limits.e2e.ts tests the limits.
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    GATEWAY_ADMIN_PORT: '0',
    ...Object.fromEntries(
      entries.flatMap((s) => [
        [`${s.name.toUpperCase()}_PORT`, '0'],
        [`${s.name.toUpperCase()}_ADMIN_PORT`, '0'],
      ]),
    ),
  };
}

/**
 * Starts `entries` in order on `env`, each learning the URLs of those before it; a subgraph not
 * in `only` is given a URL that refuses connections, as a subgraph that is down would.
 */
async function startSubgraphs(
  env: Env,
  entries: readonly SubgraphEntry[],
  only: ReadonlySet<string>,
  running: Map<string, RunningServer>,
): Promise<Env> {
  for (const subgraph of entries.filter((s) => !only.has(s.name))) {
    // Port 9 (discard) is privileged and never served here: a port once free might be handed to another test's server.
    env = { ...env, [`${subgraph.name.toUpperCase()}_URL`]: 'http://127.0.0.1:9/graphql' };
  }
  for (const subgraph of entries.filter((s) => only.has(s.name))) {
    const server = await subgraph.start(env);
    running.set(subgraph.name, server);
    env = { ...env, [`${subgraph.name.toUpperCase()}_URL`]: server.url };
  }
  return env;
}

/**
 * The run's database every test graph's is a copy of: migrations and demo data loaded by
 * starting every subgraph on it once, with background work paused, so a copy is as a fresh
 * graph leaves its database after seeding — without each test file migrating and seeding again.
 */
function seededTemplate(): Promise<string> {
  return sharedDatabase('seeded', async (url) => {
    const running = new Map<string, RunningServer>();
    try {
      const paused = { SUPERVISION_POLL_INTERVAL_MS: '3600000', DEADLINE_SCAN_INTERVAL_MS: '3600000' };
      await startSubgraphs({ ...graphEnv(url, SUBGRAPHS), ...paused }, SUBGRAPHS, new Set(SUBGRAPHS.map((s) => s.name)), running);
    } finally {
      await Promise.all([...running.values()].map((server) => server.close()));
    }
  });
}

/**
 * Starts the real graph for a test file: a database of its own (a copy of the seeded template,
 * or `extraEnv.DATABASE_URL`, seeded on start), the subgraphs and the gateway on free ports, with
 * the demo data loaded. Everything is torn down through one cleanup stack.
 */
export async function startGraph(extraEnv: Env = {}, options: GraphOptions = {}): Promise<TestGraph> {
  const cleanup = new CleanupStack();
  try {
    // Told to trace (tracing.e2e.ts): this test process's one tracer provider (it then traces until it
    // exits, exporting to the first endpoint named), flushed last.
    if (extraEnv.OTEL_EXPORTER_OTLP_ENDPOINT) cleanup.defer(startTelemetry(extraEnv, 'test-graph').flush);
    const entries = options.entries ?? SUBGRAPHS;
    const only = new Set((options.subgraphs ?? entries).map((s) => (typeof s === 'string' ? s : s.name)));
    const unknown = [...only].filter((name) => !entries.some((s) => s.name === name));
    if (unknown.length > 0) throw new Error(`no such subgraph: ${unknown.join(', ')}`);
    // A subgraph beyond the registry's migrates and seeds its own schema in the copy; a graph on a database of its own seeds it all.
    const fromTemplate = SUBGRAPHS.every((s) => entries.includes(s)) && !extraEnv.DATABASE_URL;
    const database = await createTestDatabase(fromTemplate ? { template: await seededTemplate() } : {});
    cleanup.defer(database.drop);
    const subgraphUrls: Record<string, string> = {};
    const running = new Map<string, RunningServer>();
    cleanup.defer(() => Promise.all([...running.values()].map((server) => server.close())));
    const env = await startSubgraphs({ ...graphEnv(database.url, entries), ...extraEnv }, entries, only, running);
    for (const [name, server] of running) subgraphUrls[name] = server.url;
    const gatewayConfig = readGatewayConfig(env);
    const gateway = await startGateway(gatewayConfig);
    cleanup.defer(gateway.close);
    const token = (caller: SignedInCaller, ttlSeconds = 3600) => mintDevelopmentToken(gatewayConfig.tokens, caller, ttlSeconds);
    const adminUrl = (service: string) => (service === 'gateway' ? gateway : running.get(service)!).adminUrl;
    return {
      gatewayUrl: gateway.url,
      subgraphUrls,
      databaseUrl: database.url,
      env,
      gatewayConfig,
      token,
      tokens: {
        organization: await token(organizationCaller(demo.organizationId)),
        regulator: await token(regulatorCaller(demo.regulatorId)),
        thaicert: await token({ role: Role.THAICERT, subject: 'test-thaicert' }),
        ncsa: await token({ role: Role.NCSA, subject: 'test-ncsa' }),
      },
      query: (query, options) => graphqlRequest(gateway.url, query, options),
      asService: async (subgraph, query, variables) =>
        graphqlRequest(subgraphUrls[subgraph]!, query, {
          variables,
          headers: { [IDENTITY_HEADER]: await signIdentity({ role: 'SERVICE', subject: 'test' }, identitySecret(TEST_IDENTITY_SECRET)) },
        }),
      adminUrl,
      metric: async (service, name) => {
        const text = await (await fetch(`${adminUrl(service)}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
        return line ? Number(line.split(' ').at(-1)) : 0;
      },
      gateway: async (extra = {}) => {
        const another = await startGateway(readGatewayConfig({ ...env, ...extra }));
        cleanup.defer(another.close);
        return another;
      },
      restartSubgraph: async (name, whileDown) => {
        await running.get(name)!.close();
        await whileDown?.();
        const port = new URL(subgraphUrls[name]!).port;
        const entry = entries.find((s) => s.name === name)!;
        running.set(name, await entry.start({ ...env, [`${name.toUpperCase()}_PORT`]: port, SEED_DEMO_DATA: 'false' }));
      },
      close: () => cleanup.run(),
    };
  } catch (error) {
    await cleanup.run();
    throw error;
  }
}

/**
 * `const graph = useGraph();` in a test file: started before its tests, stopped after them.
 * `useGraph(env)`, `useGraph({ env, subgraphs: ['organizations'] })`: see `startGraph`.
 */
export function useGraph(extra: Env | (GraphOptions & { env?: Env }) = {}): () => TestGraph {
  const { env = {}, ...options } = isGraphOptions(extra) ? extra : { env: extra };
  let graph: TestGraph | undefined;
  beforeAll(async () => {
    graph = await startGraph(env, options);
  });
  afterAll(async () => {
    await graph?.close();
  });
  return () => {
    if (!graph) throw new Error('the graph is not started yet: call it inside a test');
    return graph;
  };
}

/** Environment variables are strings; options are not. */
const isGraphOptions = (value: Env | GraphOptions): value is GraphOptions & { env?: Env } =>
  Object.values(value).some((v) => typeof v !== 'string' && v !== undefined);
