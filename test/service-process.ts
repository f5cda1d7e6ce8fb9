import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { inject } from 'vitest';

import type { Env } from '../platform/env.js';
import { freePort } from '../scripts/embedded-postgres.js';
import { underRunLock } from './database.js';

const ROOT = join(import.meta.dirname, '..');

/** Where the run named `prefix` keeps the project compiled (global-setup.ts removes it when the run ends). */
export const compiledProjectFolder = (prefix: string): string => join(ROOT, 'node_modules', '.cache', 'ncsa-graph-test', prefix);

/**
 * The project compiled (as `npm run build` does, without its type check: `npm test` has checked the
 * types) into this run's folder under `node_modules/.cache`, for a test that runs a service as a
 * process it can kill: the tests themselves run from TypeScript, a child process needs JavaScript.
 * The first test file to ask compiles it; the others wait for it and share it.
 */
export async function compiledProject(): Promise<string> {
  const outDir = compiledProjectFolder(inject('sharedDatabasePrefix'));
  // Under node_modules the nearest package.json is not the project's: say the output is ES modules.
  const moduleKind = join(outDir, 'package.json'); // written last: it marks a finished build
  await underRunLock('compiled-project', async () => {
    if (existsSync(moduleKind)) return;
    await rm(outDir, { recursive: true, force: true });
    await mkdir(outDir, { recursive: true });
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    await promisify(execFile)(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--noCheck', '--outDir', outDir], {
      cwd: ROOT,
    });
    await writeFile(moduleKind, '{ "type": "module" }\n');
  });
  return outDir;
}

/** How a service process is run. */
export interface ProcessOptions {
  /** Flags for node itself, before the script: `['--import', guard]` preloads a module into it. */
  nodeFlags?: readonly string[];
}

/** A service running as its own process, on a port that stays its own across restarts. */
export interface ServiceProcess {
  url: string;
  /** Its admin port (`/ready`, `/metrics`), e.g. `http://127.0.0.1:40123`. */
  adminUrl: string;
  /** How its last run ended (null while it runs, or when it ended by a signal). */
  readonly exitCode: number | null;
  /** Kills it at once (SIGKILL: no draining, no goodbye to its WebSocket peers). */
  kill(): Promise<void>;
  /** Starts it again on the same port and waits until it is ready. */
  restart(): Promise<void>;
  /** Stops it, if it is running. */
  close(): Promise<void>;
}

/** A subgraph's process. */
export type SubgraphProcess = ServiceProcess;

async function ready(url: string, adminUrl: string, child: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the service at ${url} exited before it was ready`);
    if (
      await fetch(`${adminUrl}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the service at ${url} was not ready within a minute`);
}

/** Starts `subgraph` from the compiled project with `env`, as `npm run start:subgraph` would. */
export function startSubgraphProcess(outDir: string, subgraph: string, env: Env, options: ProcessOptions = {}): Promise<SubgraphProcess> {
  return startServiceProcess(
    outDir,
    'scripts/start-subgraph.js',
    [subgraph],
    `${subgraph.toUpperCase()}_PORT`,
    { ...env, SEED_DEMO_DATA: 'false' },
    options,
  );
}

/** Starts the gateway from the compiled project with `env` (its subgraphs' `<SUBGRAPH>_URL`s), as its image does. */
export function startGatewayProcess(outDir: string, env: Env, options: ProcessOptions = {}): Promise<ServiceProcess> {
  return startServiceProcess(outDir, 'gateway/src/main.js', [], 'GATEWAY_PORT', env, options);
}

/**
 * Starts the whole graph in one process from the compiled project, as `npm start` does
 * (embedded PostgreSQL unless `env` has DATABASE_URL, demo data, every subgraph on a free port);
 * its URL is the gateway's.
 */
export function startWholeGraphProcess(outDir: string, env: Env, options: ProcessOptions = {}): Promise<ServiceProcess> {
  return startServiceProcess(outDir, 'scripts/start.js', [], 'GATEWAY_PORT', env, options);
}

/**
 * Runs `node <nodeFlags> <outDir>/<script> <args>` on a free port given in `portVariable`, and its
 * admin port on another (`<SERVICE>_ADMIN_PORT`), ready once its `/ready` there answers.
 */
async function startServiceProcess(
  outDir: string,
  script: string,
  args: readonly string[],
  portVariable: string,
  env: Env,
  options: ProcessOptions,
): Promise<ServiceProcess> {
  const port = await freePort();
  const adminPort = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  let child: ChildProcess | undefined;
  let last: ChildProcess | undefined;
  const exited = (process: ChildProcess) =>
    process.exitCode !== null || process.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => process.once('exit', () => resolve()));
  const launch = async () => {
    const started = spawn(process.execPath, [...(options.nodeFlags ?? []), join(outDir, script), ...args], {
      env: {
        ...process.env,
        ...env,
        [portVariable]: String(port),
        [portVariable.replace(/_PORT$/, '_ADMIN_PORT')]: String(adminPort),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child = started;
    last = started;
    await ready(url, adminUrl, started).catch(async (error: unknown) => {
      await stop('SIGKILL');
      throw error;
    });
  };
  const stop = async (signal: NodeJS.Signals) => {
    if (!child) return;
    const running = child;
    child = undefined;
    running.kill(signal);
    await exited(running);
  };
  await launch();
  return {
    url,
    adminUrl,
    get exitCode() {
      return last?.exitCode ?? null;
    },
    kill: () => stop('SIGKILL'),
    restart: launch,
    close: () => stop('SIGTERM'),
  };
}
