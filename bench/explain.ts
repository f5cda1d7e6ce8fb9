import { MikroORM, type Options } from '@mikro-orm/postgresql';

import { Role, type Caller } from '../platform/caller.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { relatedAdvisoriesLoader } from '../subgraphs/advisories/src/advisory/advisory.service.js';
import { ormOptions as advisoriesOrm } from '../subgraphs/advisories/src/mikro-orm.config.js';
import { listIncidents } from '../subgraphs/incidents/src/incident/incident-query.service.js';
import type { Incident } from '../subgraphs/incidents/src/incident/incident.entity.js';
import { ormOptions as incidentsOrm } from '../subgraphs/incidents/src/mikro-orm.config.js';
import { createContext as organizationsContext } from '../subgraphs/organizations/src/context.js';
import { ormOptions as organizationsOrm } from '../subgraphs/organizations/src/mikro-orm.config.js';

export interface ExplainedStatement {
  path: string;
  sql: string;
  sequentialScans: string[];
  executionMs: number;
  plan: string;
}

interface Captured {
  sql: string;
  bindings: unknown[];
}

/**
 * Runs a hot path through the services' own code (the same functions the resolvers call) on an
 * ORM that records every statement, then EXPLAINs what was actually sent — not a hand-written
 * approximation of it.
 */
async function withRecordingOrm<T>(
  options: Options,
  work: (orm: MikroORM, statements: Captured[]) => Promise<T>,
): Promise<{ result: T; statements: Captured[] }> {
  const orm = await MikroORM.init(options);
  const statements: Captured[] = [];
  const knex = orm.em.getConnection().getKnex();
  knex.on('query', (query: { sql: string; bindings?: unknown[] }) => statements.push({ sql: query.sql, bindings: query.bindings ?? [] }));
  try {
    const result = await work(orm, statements);
    return { result, statements };
  } finally {
    await orm.close();
  }
}

async function explain(orm: MikroORM, path: string, statements: Captured[]): Promise<ExplainedStatement[]> {
  const knex = orm.em.getConnection().getKnex();
  const explained = [];
  for (const statement of statements.filter((s) => /^\s*select/i.test(s.sql))) {
    const rows = (await knex.raw(`explain (analyze, buffers) ${statement.sql}`, statement.bindings as never)).rows as {
      'QUERY PLAN': string;
    }[];
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    explained.push({
      path,
      sql: statement.sql,
      sequentialScans: [...plan.matchAll(/Seq Scan on (\S+)/g)].map((m) => m[1]!),
      executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]),
      plan,
    });
  }
  return explained;
}

/** The statements of the dashboard and triage paths, per subgraph, with their plans on the loaded data. */
export async function explainHotPaths(databaseUrl: string, regulatorId: string): Promise<ExplainedStatement[]> {
  const log: Logger = createLogger('bench-explain', 'warn');
  const regulator: Caller = { role: Role.REGULATOR, subject: 'bench-explain', regulatorId };
  const thaicert: Caller = { role: Role.THAICERT, subject: 'bench-explain' };
  const now = new Date();
  const plans: ExplainedStatement[] = [];
  const pages: Record<string, Incident[]> = {};

  for (const [path, caller, filter] of [
    ['dashboard: incidents page', regulator, { regulatorId, open: true }],
    ['triage: incidents page', thaicert, { overdue: true }],
  ] as const) {
    await withRecordingOrm(incidentsOrm(databaseUrl, 2, log), async (orm, statements) => {
      const page = await listIncidents(orm.em.fork(), caller, filter, { first: 50 }, now);
      await page.count(); // both screens show the total
      pages[path] = page.edges.map((e) => e.node);
      plans.push(...(await explain(orm, path, statements.splice(0))));
    });
  }

  await withRecordingOrm(advisoriesOrm(databaseUrl, 2, log), async (orm, statements) => {
    const loader = relatedAdvisoriesLoader(orm.em.fork(), regulator);
    await Promise.all(pages['dashboard: incidents page']!.map((incident) => loader.load(incident.cveIds)));
    plans.push(...(await explain(orm, 'dashboard: related advisories', statements.splice(0))));
  });

  await withRecordingOrm(organizationsOrm(databaseUrl, 2, log), async (orm, statements) => {
    const { loaders } = organizationsContext(orm, { caller: thaicert, requestId: 'bench-explain', log });
    const organizationIds = [...new Set(pages['triage: incidents page']!.map((incident) => incident.organization.id))];
    await Promise.all(organizationIds.map((id) => loaders.organizationById.load(id)));
    await Promise.all(organizationIds.map((id) => loaders.pointsOfContactByOrganization.load(id)));
    plans.push(...(await explain(orm, 'dashboard and triage: organizations and contacts', statements.splice(0))));
  });
  return plans;
}
