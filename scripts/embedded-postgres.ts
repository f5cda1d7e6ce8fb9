import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chown, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import pg from 'pg';

import { DEFAULT_SHARED_DIR, postgresUser, reachableDataDir, reachableInstallation, type PostgresUser } from './postgres-user.js';

export interface EmbeddedDatabase {
  /** Connection URL of the database inside the embedded server. */
  url: string;
  /** The folder the cluster really lives in (where `dataDir` leads). */
  dataDir: string;
  /** Stops the server (a fast, clean shutdown: committed data is on disk). */
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster; kept between runs. */
  dataDir: string;
  /** Port to listen on (localhost only); a free one when omitted. */
  port?: number;
  /** Database to create (once) and connect to. */
  database: string;
  /** Forwarded server log lines. */
  onLog?: (line: string) => void;
  /**
   * The PostgreSQL installation to run (the folder holding `bin/`, `lib/` and `share/`).
   * @default the binaries of the installed `@embedded-postgres/<platform>-<arch>` package
   */
  installDir?: string;
  /**
   * As root only: a folder the `postgres` user can reach, where the binaries are copied and the
   * cluster kept when that user cannot reach them where they are (see `postgres-user.ts`).
   * @default '/var/lib/ncsa-graph'
   */
  sharedDir?: string;
}

/** A free TCP port on localhost, chosen by the OS. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * The `embedded-postgres` package's binaries for this machine. Only its platform package is used:
 * its process manager hooks the process's exit (ending every process with code 0), cannot run
 * binaries copied elsewhere, and rejects a failed start with no error at all.
 */
export async function bundledInstallation(): Promise<string> {
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const binaries: { postgres: string } = await import(
    pathToFileURL(fromPackage.resolve(`@embedded-postgres/${platform()}-${arch()}`)).href
  );
  return resolve(dirname(binaries.postgres), '..');
}

/** A path as the operator typed it: relative to the working folder when inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

/** The cluster's password, made once per data folder and kept next to it. */
async function clusterPassword(dataDir: string): Promise<string> {
  const file = `${dataDir}.password`;
  if (await exists(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * The PID in a data folder's `postmaster.pid` while that server still runs. A file whose process
 * is gone, or whose PID now belongs to another program (a crash, then a restarted container), is
 * stale: PostgreSQL checks it again and clears it itself.
 */
async function runningServer(clusterDir: string): Promise<number | undefined> {
  const lock = await readFile(join(clusterDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(lock?.split('\n')[0] ?? '', 10);
  if (!(pid > 0)) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  // Linux tells what runs under the PID: "<pid> (<command>) <state> …"; a zombie has ended.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => `${pid} (postgres) S`);
  const [, command, state] = /^\d+ \((.*)\) (\S)/.exec(stat) ?? [];
  return command === 'postgres' && state !== 'Z' ? pid : undefined;
}

/** The lines PostgreSQL says why it stopped with, for an error message of one line. */
const reasons = (output: string) =>
  output
    .split('\n')
    .filter((line) => /\b(FATAL|PANIC|ERROR|error):/.test(line))
    .map((line) => line.replace(/^.*?\b(FATAL|PANIC|ERROR|error):\s*/, '').trim())
    .join('; ') || output.trim().split('\n').at(-1);

interface Launch {
  program: string;
  args: string[];
  user: PostgresUser | undefined;
  onLog: (line: string) => void;
  /** In a process group of its own, out of reach of a Ctrl-C at the terminal. */
  detached?: boolean;
}

/** Starts one of PostgreSQL's programs, as `user` when given, with messages in English (they are read). */
function launch({ program, args, user, detached = false }: Launch): ChildProcess {
  return spawn(program, args, {
    ...(user && { uid: user.uid, gid: user.gid }),
    detached,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `initdb` and resolves when it succeeded. */
function initdb(options: Launch): Promise<void> {
  return new Promise((resolveDone, reject) => {
    const child = launch(options);
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      options.onLog(chunk.toString('utf8'));
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('error', (error) => reject(new Error(`could not run ${options.program}: ${error.message}`)));
    child.once('close', (code) => (code === 0 ? resolveDone() : reject(new Error(`initdb failed: ${reasons(output)}`))));
  });
}

/** Starts the server and resolves with its process once it accepts connections. */
function postgres(options: Launch): Promise<ChildProcess> {
  return new Promise((resolveReady, reject) => {
    const child = launch(options);
    let output: string | undefined = ''; // what it said until it was ready, to say why it stopped
    child.stdout!.on('data', (chunk: Buffer) => options.onLog(chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => {
      options.onLog(chunk.toString('utf8'));
      if (output === undefined) return;
      output += chunk.toString('utf8');
      if (!output.includes('database system is ready to accept connections')) return;
      output = undefined;
      resolveReady(child);
    });
    child.once('error', (error) => reject(new Error(`could not run ${options.program}: ${error.message}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`PostgreSQL stopped as it started (${signal ?? `exit code ${code}`}): ${reasons(output ?? '')}`)),
    );
  });
}

/** Stops a server with a fast shutdown (sessions end, committed data is on disk). */
function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStopped) => {
    server.once('exit', () => resolveStopped());
    server.kill('SIGINT');
  });
}

/** Creates the cluster in `clusterDir` (owned by `user`, when given) with one password-protected superuser. */
async function createCluster(
  installDir: string,
  clusterDir: string,
  password: string,
  user: PostgresUser | undefined,
  onLog: (line: string) => void,
) {
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFolder = await mkdtemp(join(tmpdir(), 'ncsa-graph-pg-'));
  const passwordFile = join(passwordFolder, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (user) for (const path of [clusterDir, passwordFolder, passwordFile]) await chown(path, user.uid, user.gid);
    await initdb({
      program: join(installDir, 'bin', 'initdb'),
      args: [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${passwordFile}`, '--lc-messages=C'],
      user,
      onLog,
    });
  } finally {
    await rm(passwordFolder, { recursive: true, force: true });
  }
}

/**
 * Starts PostgreSQL from the binaries the `embedded-postgres` package ships, so one command runs
 * everything on a fresh machine. The cluster is created on first use and reused afterwards. As
 * root it runs as the `postgres` user, with what that user cannot reach moved where it can.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const onLog = options.onLog ?? (() => {});
  const user = await postgresUser();
  let installDir = options.installDir ? resolve(options.installDir) : await bundledInstallation();
  let clusterDir = await realpath(dataDir).catch(() => dataDir);
  if (user) {
    const sharedDir = resolve(options.sharedDir ?? DEFAULT_SHARED_DIR);
    installDir = await reachableInstallation(installDir, user, sharedDir);
    clusterDir = await reachableDataDir(dataDir, clusterDir, user, sharedDir);
  }
  const running = await runningServer(clusterDir);
  if (running) {
    throw new Error(
      `the data folder ${shown(dataDir)} is in use by PostgreSQL PID ${running} (another npm start, or one left running after a crash): stop it (kill ${running}) or set EMBEDDED_POSTGRES_DIR to another folder`,
    );
  }
  const port = options.port ?? (await freePort());
  const password = await clusterPassword(dataDir);
  if (!(await exists(join(clusterDir, 'PG_VERSION')))) await createCluster(installDir, clusterDir, password, user, onLog);
  const server = await postgres({
    program: join(installDir, 'bin', 'postgres'),
    args: ['-D', clusterDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'lc_messages=C'],
    user,
    onLog,
    // A Ctrl-C at the terminal reaches every process of its group at once: PostgreSQL would cut the
    // services' connections while they drain. This process stops it last instead, and tells it to
    // stop however this process ends (an impatient second Ctrl-C, an uncaught error).
    detached: true,
  });
  const stopOnExit = () => server.kill('SIGINT');
  process.on('exit', stopOnExit);
  try {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await client.connect();
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', [options.database]);
      if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(options.database)}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    process.off('exit', stopOnExit);
    await stopServer(server);
    throw error;
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${options.database}`,
    dataDir: clusterDir,
    stop: () => {
      process.off('exit', stopOnExit);
      return stopServer(server);
    },
  };
}
