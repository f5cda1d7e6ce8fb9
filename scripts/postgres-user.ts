import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmod, chown, cp, lstat, mkdir, readdir, rename, rm, rmdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * PostgreSQL refuses to run as root, so as root the embedded cluster runs as the `postgres` system
 * user. That user must reach the binaries and the data folder, which a clone under a folder only
 * root may enter (root's home, mode 700) does not allow. This module finds the user and, where it
 * cannot reach something, puts it where it can: a folder shared with it, `/var/lib/ncsa-graph`
 * unless told otherwise.
 */

/** Who the cluster's processes run as. */
export interface PostgresUser {
  uid: number;
  gid: number;
}

/** Where, as root, the binaries are copied and the cluster kept when the `postgres` user cannot reach them. */
export const DEFAULT_SHARED_DIR = '/var/lib/ncsa-graph';

const WHAT_TO_DO = 'set EMBEDDED_POSTGRES_SHARED_DIR to a folder it can reach, or DATABASE_URL to a PostgreSQL server';

async function lookUp(name: string): Promise<PostgresUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** The `postgres` user (created when missing) when this process is root; otherwise nobody: the cluster runs as this process's user. */
export async function postgresUser(): Promise<PostgresUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await lookUp('postgres');
  if (existing) return existing;
  await run('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']).catch(() => {
    throw new Error(
      'PostgreSQL will not run as root and there is no postgres user to run it as (useradd failed): create one (useradd --system postgres), start as another user, or set DATABASE_URL',
    );
  });
  return (await lookUp('postgres'))!;
}

/** Whether `user` can reach `path` (search a folder, run a file), every folder above it included. */
function canReach(user: PostgresUser, path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const test = spawn('/bin/sh', ['-c', 'test -x "$1"', 'sh', path], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
    test.once('error', () => resolve(false));
    test.once('exit', (code) => resolve(code === 0));
  });
}

/** Makes `path` (and missing folders above it) a folder others may enter, whatever the umask. */
async function makeSharedFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
    await chmod(path, 0o755);
  } catch (error) {
    throw new Error(
      `PostgreSQL runs as the postgres user here, and the folder to share with it, ${path}, could not be made (${(error as Error).message}): ${WHAT_TO_DO}`,
    );
  }
}

/**
 * The PostgreSQL installation (`bin/`, `lib/`, `share/`) as `user` can run it: `installDir` itself
 * when it can, otherwise a copy under `sharedDir`, made once per version (copied aside, then
 * renamed, so an interrupted copy is never used).
 */
export async function reachableInstallation(installDir: string, user: PostgresUser, sharedDir: string): Promise<string> {
  const postgres = join(installDir, 'bin', 'postgres');
  if (await canReach(user, postgres)) return installDir;
  const { stdout } = await run(postgres, ['--version']);
  const copy = join(sharedDir, `postgresql-${stdout.trim().split(' ').at(-1)}`);
  if (!(await canReach(user, join(copy, 'bin', 'postgres')))) {
    await makeSharedFolder(sharedDir);
    const partial = `${copy}.partial-${randomBytes(4).toString('hex')}`;
    await cp(installDir, partial, { recursive: true, verbatimSymlinks: true });
    await rm(copy, { recursive: true, force: true });
    await rename(partial, copy);
  }
  if (!(await canReach(user, join(copy, 'bin', 'postgres')))) {
    throw new Error(`PostgreSQL runs as the postgres user here, who cannot run its binaries even when copied to ${copy}: ${WHAT_TO_DO}`);
  }
  return copy;
}

/**
 * The folder the cluster lives in, reachable by `user`. `dataDir` is the folder asked for and
 * `clusterDir` where it resolves to (the same, or the target of its link). When `user` cannot
 * reach it, the cluster is kept under `sharedDir` instead and `dataDir` becomes a link to it, so
 * the next start finds it again.
 */
export async function reachableDataDir(dataDir: string, clusterDir: string, user: PostgresUser, sharedDir: string): Promise<string> {
  if (await canReach(user, dirname(clusterDir))) return clusterDir;
  const existing = await lstat(dataDir).catch(() => undefined);
  if (existing && !(existing.isDirectory() && (await readdir(dataDir)).length === 0)) {
    throw new Error(
      `PostgreSQL runs as the postgres user here, who cannot reach the data folder ${dataDir} (a folder above it is closed to other users): move it to a folder that user can reach and set EMBEDDED_POSTGRES_DIR there, or set DATABASE_URL`,
    );
  }
  const name = `${dataDir.replace(/^\/+/, '').replace(/\//g, '-')}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 8)}`;
  const clusters = join(sharedDir, 'clusters');
  await makeSharedFolder(clusters);
  const shared = join(clusters, name);
  await mkdir(shared, { recursive: true, mode: 0o700 });
  await chown(shared, user.uid, user.gid);
  if (existing) await rmdir(dataDir);
  await mkdir(dirname(dataDir), { recursive: true });
  await symlink(shared, dataDir);
  return shared;
}
