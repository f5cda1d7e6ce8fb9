import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { freePort, startEmbeddedPostgres } from '../scripts/embedded-postgres.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';

export interface ServiceProcess {
  name: string;
  /** Its GraphQL endpoint. */
  url: string;
  /** Its admin port, where `/ready` and `/metrics` are. */
  adminUrl: string;
  child: ChildProcess;
}

export interface GraphProcess {
  gatewayUrl: string;
  /** The gateway's admin port (`/ready`, `/metrics`). */
  gatewayAdminUrl: string;
  /** The graph's database, for loading bulk data. */
  databaseUrl: string;
  /** Each subgraph's GraphQL URL. */
  subgraphUrls: Record<string, string>;
  /** Each subgraph's admin port (`/ready`, `/metrics`). */
  subgraphAdminUrls: Record<string, string>;
  /** The gateway and every subgraph, each in its own process. */
  services: ServiceProcess[];
  env: Record<string, string>;
  stop(): Promise<void>;
}

export interface GraphProcessOptions {
  /** Node flags for a service's process (e.g. `--inspect` for profiling). */
  nodeArgs?: (service: string) => Promise<string[]>;
}

const BENCH_DATABASE = 'ncsa_bench';

/**
 * A fresh database for one run: a new embedded cluster in a throw-away folder, or — when
 * DATABASE_URL is set — a database created on that server and dropped afterwards.
 */
async function benchDatabase(folder: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const database = await startEmbeddedPostgres({ dataDir: join(folder, 'postgres'), database: BENCH_DATABASE });
    return { url: database.url, drop: database.stop };
  }
  const admin = async (sql: string) => {
    const db = new pg.Client({ connectionString: serverUrl });
    await db.connect();
    try {
      await db.query(sql);
    } finally {
      await db.end();
    }
  };
  await admin(`drop database if exists ${BENCH_DATABASE} with (force)`);
  await admin(`create database ${BENCH_DATABASE}`);
  const url = new URL(serverUrl);
  url.pathname = `/${BENCH_DATABASE}`;
  return { url: url.toString(), drop: () => admin(`drop database if exists ${BENCH_DATABASE} with (force)`) };
}

async function ready(adminUrl: string, child: ChildProcess, name: string): Promise<void> {
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it was ready`);
    const ok = await fetch(`${adminUrl}/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${name} was not ready within 2 minutes`);
}

/**
 * The graph as it is deployed: each subgraph and the gateway in its own process (so each one's
 * memory and CPU can be told apart, and the load generator's are counted in none of them), on a
 * database of its own.
 */
export async function startGraphProcess(options: GraphProcessOptions = {}): Promise<GraphProcess> {
  const folder = await mkdtemp(join(tmpdir(), 'ncsa-bench-'));
  await chmod(folder, 0o755);
  const database = await benchDatabase(folder);
  const services: ServiceProcess[] = [];
  const stop = async () => {
    for (const service of services.splice(0).reverse()) {
      if (service.child.exitCode !== null) continue;
      const exited = new Promise((resolve) => service.child.once('exit', resolve));
      service.child.kill('SIGTERM');
      await exited;
    }
    await database.drop();
    await rm(folder, { recursive: true, force: true });
  };

  const names = ['gateway', ...SUBGRAPHS.map((s) => s.name)];
  const ports = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()] as const)));
  const adminPorts = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await freePort()] as const)));
  const adminUrlOf = (name: string) => `http://127.0.0.1:${adminPorts[name]}`;
  const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, `http://127.0.0.1:${ports[s.name]}/graphql`]));
  const subgraphAdminUrls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, adminUrlOf(s.name)]));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DATABASE_URL: database.url,
    SEED_DEMO_DATA: 'true',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SUBSCRIPTIONS_PER_TOKEN: '100000',
    // The load generator is one address sending thousands of requests a second.
    RATE_LIMIT_PER_TOKEN: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    // …and holds thousands of subscribers' WebSocket connections at once.
    WS_CONNECTIONS_PER_ADDRESS: '0',
    HTTP_MAX_CONNECTIONS: '50000',
    GATEWAY_PORT: String(ports.gateway),
    ...Object.fromEntries(names.map((name) => [`${name.toUpperCase()}_ADMIN_PORT`, String(adminPorts[name])])),
    ...Object.fromEntries(
      SUBGRAPHS.flatMap((s) => [
        [`${s.name.toUpperCase()}_PORT`, String(ports[s.name])],
        [`${s.name.toUpperCase()}_URL`, subgraphUrls[s.name]!],
      ]),
    ),
  };
  const launch = async (name: string, script: string[], url: string) => {
    const child = spawn(process.execPath, [...((await options.nodeArgs?.(name)) ?? []), ...script], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const adminUrl = adminUrlOf(name);
    services.push({ name, url, adminUrl, child });
    await ready(adminUrl, child, name);
  };
  try {
    for (const subgraph of SUBGRAPHS)
      await launch(subgraph.name, ['dist/scripts/start-subgraph.js', subgraph.name], subgraphUrls[subgraph.name]!);
    const gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
    await launch('gateway', ['dist/gateway/src/main.js'], gatewayUrl);
    return {
      gatewayUrl,
      gatewayAdminUrl: adminUrlOf('gateway'),
      databaseUrl: database.url,
      subgraphUrls,
      subgraphAdminUrls,
      services,
      env,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Several numbers from one scrape of a service's Prometheus `/metrics`, on its admin port (NaN for a missing one). */
export async function metrics<Name extends string>(adminUrl: string, names: readonly Name[]): Promise<Record<Name, number>> {
  const lines = (await (await fetch(`${adminUrl}/metrics`)).text()).split('\n');
  const valueOf = (name: string) => {
    const line = lines.find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
    return line ? Number(line.split(' ').at(-1)) : Number.NaN;
  };
  return Object.fromEntries(names.map((name) => [name, valueOf(name)])) as Record<Name, number>;
}

/** A number from a service's Prometheus `/metrics`, on its admin port. */
export async function metric(adminUrl: string, name: string): Promise<number> {
  return (await metrics(adminUrl, [name]))[name];
}
