import { defaultPortOf, type SubgraphName } from '../contracts/subgraph-catalog.js';
import type { Env } from '../platform/env.js';
import type { RunningServer } from '../platform/http-server.js';
import { readConfig as readAdvisoriesConfig } from './advisories/src/env.js';
import { advisoriesSchema } from './advisories/src/schema.js';
import { start as startAdvisories } from './advisories/src/server.js';
import { readConfig as readIncidentsConfig } from './incidents/src/env.js';
import { incidentsSchema } from './incidents/src/schema.js';
import { start as startIncidents } from './incidents/src/server.js';
import type { FederatedSchema } from './kit/federation.js';
import { readConfig as readMailConfig } from './mail/src/env.js';
import { mailSchema } from './mail/src/schema.js';
import { start as startMail } from './mail/src/server.js';
import { readConfig as readOrganizationsConfig } from './organizations/src/env.js';
import { organizationsSchema } from './organizations/src/schema.js';
import { start as startOrganizations } from './organizations/src/server.js';
import { readConfig as readStatisticsConfig } from './statistics/src/env.js';
import { statisticsSchema } from './statistics/src/schema.js';
import { start as startStatistics } from './statistics/src/server.js';

export interface SubgraphEntry {
  name: string;
  /** Routing URL written into the supergraph (the docker-compose service); the gateway can override it. */
  routingUrl: string;
  /** Its schema, built from code without a database. */
  schema: () => Promise<FederatedSchema>;
  /** Starts it from environment variables, as its own `main.ts` does. */
  start: (env: Env) => Promise<RunningServer>;
}

/** Routing URLs name the docker-compose service and its catalogued port. */
function entry(name: SubgraphName, schema: SubgraphEntry['schema'], start: SubgraphEntry['start']): SubgraphEntry {
  return { name, routingUrl: `http://${name}:${defaultPortOf(name)!}/graphql`, schema, start };
}

/** Every subgraph of the graph, in the catalog's order, which is composition and start order (incidents follows the registry's events). */
export const SUBGRAPHS: readonly SubgraphEntry[] = [
  entry('organizations', organizationsSchema, (env) => startOrganizations(readOrganizationsConfig(env))),
  entry('incidents', incidentsSchema, (env) => startIncidents(readIncidentsConfig(env))),
  entry('advisories', advisoriesSchema, (env) => startAdvisories(readAdvisoriesConfig(env))),
  entry('mail', mailSchema, (env) => startMail(readMailConfig(env))),
  entry('statistics', statisticsSchema, (env) => startStatistics(readStatisticsConfig(env))),
];
