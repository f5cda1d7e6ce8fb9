import 'reflect-metadata';

import { realpathSync } from 'node:fs';

import type { Options } from '@mikro-orm/postgresql';

import type { Env } from '../platform/env.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { applyMigrations, openDatabase } from '../subgraphs/kit/database.js';
import { readSubgraphConfig } from '../subgraphs/kit/subgraph-runtime.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';

/** What each subgraph's `mikro-orm.config.ts` exports. */
interface SubgraphOrmModule {
  ormOptions(databaseUrl: string, poolSize: number, logger: Logger): Options;
}

/**
 * Applies the pending migrations of each subgraph in `names` (default: every one of the registry,
 * in its order), as a subgraph does at start with MIGRATE_ON_START, then closes. For a migration
 * step before a rollout (deploy/kubernetes/base/migrate-job.yaml), with the services started with
 * MIGRATE_ON_START=false. Everything goes over `DATABASE_LISTEN_URL` (a direct connection, falling
 * back to `DATABASE_URL`): migrations take a session advisory lock, which PgBouncer in
 * transaction mode cannot hold. Returns how many migrations each subgraph applied.
 */
export async function migrateSubgraphs(env: Env, names: readonly string[] = SUBGRAPHS.map((s) => s.name)): Promise<Record<string, number>> {
  const unknown = names.filter((name) => !SUBGRAPHS.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`no such subgraph: ${unknown.join(', ')} (known: ${SUBGRAPHS.map((s) => s.name).join(', ')})`);
  const applied: Record<string, number> = {};
  for (const name of names) {
    const config = readSubgraphConfig(env, name);
    const logger = createLogger(`migrate:${name}`, config.logLevel, config.logFormat);
    // Each subgraph keeps its ORM options beside its code; a path in a variable, so bundlers leave it be.
    const path = `../subgraphs/${name}/src/mikro-orm.config.js`;
    const module = (await import(path)) as SubgraphOrmModule;
    const orm = await openDatabase(module.ormOptions(config.databaseListenUrl, 2, logger), { migrate: false });
    try {
      const before = (
        await orm
          .getMigrator()
          .getExecutedMigrations()
          .catch(() => [])
      ).length;
      await applyMigrations(orm);
      applied[name] = (await orm.getMigrator().getExecutedMigrations()).length - before;
      logger.info({ applied: applied[name] }, 'migrations applied');
    } finally {
      await orm.close();
    }
  }
  return applied;
}

/** `node dist/scripts/migrate.js [subgraph…]`: exits 0 once every migration is applied, 1 when one fails. */
if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  migrateSubgraphs(process.env, process.argv.slice(2).length > 0 ? process.argv.slice(2) : undefined).then(
    (applied) => console.error(`migrations applied: ${JSON.stringify(applied)}`),
    (error: unknown) => {
      console.error(`migrations failed: ${(error as Error).message}`);
      process.exitCode = 1;
    },
  );
}
