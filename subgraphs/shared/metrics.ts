import type { MikroORM } from '@mikro-orm/postgresql';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * Each service's own Prometheus registry (several services may share a process in development
 * and tests, so nothing goes into prom-client's global one). Served at `/metrics`.
 */
export function createMetrics(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Counts the SQL statements a subgraph sends: how N+1 queries show up, and what the benchmark compares. */
export function countStatements(orm: MikroORM, registry: Registry): void {
  const statements = new Counter({ name: 'db_statements_total', help: 'SQL statements sent to PostgreSQL', registers: [registry] });
  orm.em.getConnection().getKnex().on('query', () => statements.inc());
}
