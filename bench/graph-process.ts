import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/embedded-postgres.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';

export interface GraphProcess {
  gatewayUrl: string;
  /** The graph's database, for loading bulk data. */
  databaseUrl: string;
  /** Each subgraph's GraphQL URL. */
  subgraphUrls: Record<string, string>;
  env: Record<string, string>;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The whole graph as `npm start` runs it, in its own process, so the load generator's memory and
 * CPU are not counted as the graph's. Embedded PostgreSQL in a throw-away folder unless
 * DATABASE_URL is set.
 */
export async function startGraphProcess(extraEnv: Record<string, string> = {}): Promise<GraphProcess> {
  const folder = await mkdtemp(join(tmpdir(), 'ncsa-bench-'));
  await chmod(folder, 0o755);
  const embeddedPort = await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    EMBEDDED_POSTGRES_DIR: join(folder, 'postgres'),
    EMBEDDED_POSTGRES_PORT: String(embeddedPort),
    HOST: '127.0.0.1',
    GATEWAY_PORT: String(await freePort()),
    ...Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (s) => [`${s.name.toUpperCase()}_PORT`, String(await freePort())]))),
    LOG_LEVEL: 'warn',
    SUBSCRIPTIONS_PER_TOKEN: '100000',
    ...extraEnv,
  };
  const child = spawn(process.execPath, ['--max-old-space-size=4096', 'dist/scripts/start.js'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Gateway ready: (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the graph exited (${code}) before it was ready:\n${output}`)));
  });
  child.stdout!.resume();
  const databaseUrl =
    process.env.DATABASE_URL ??
    `postgres://postgres:${encodeURIComponent((await readFile(`${env.EMBEDDED_POSTGRES_DIR}.password`, 'utf8')).trim())}@127.0.0.1:${embeddedPort}/ncsa_graph`;
  return {
    gatewayUrl,
    databaseUrl,
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, `http://127.0.0.1:${env[`${s.name.toUpperCase()}_PORT`]}/graphql`])),
    env,
    child,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/** A number from a service's Prometheus `/metrics`. */
export async function metric(graphqlUrl: string, name: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : Number.NaN;
}
