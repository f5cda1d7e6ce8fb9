import { integer, url, type Env } from '../../../platform/env.js';
import { readSubgraphConfig, type SubgraphConfig } from '../../kit/subgraph-runtime.js';
import { DEFAULT_MINIMUM_PUBLIC_COUNT } from './schema.js';

export interface StatisticsConfig extends SubgraphConfig {
  /** The incidents subgraph, whose event feed builds the read model. */
  incidentsUrl: string;
  /** The organizations subgraph, for who supervised an organization when it reported. */
  organizationsUrl: string;
  /** The advisories subgraph, whose audit trail joins the others here. */
  advisoriesUrl: string;
  /** How often to look for new events. @default 1000 */
  feedPollIntervalMs: number;
  /** Public counts below this are withheld. @default 5 */
  minimumPublicCount: number;
}

/**
 * Port `STATISTICS_PORT` (default 4004), the URLs of the subgraphs it follows (feeds, audit trails), plus the
 * variables every subgraph reads.
 */
export function readConfig(env: Env): StatisticsConfig {
  return Object.freeze({
    ...readSubgraphConfig(env, 'STATISTICS_PORT', 4004),
    incidentsUrl: url(env, 'INCIDENTS_URL', 'http://127.0.0.1:4002/graphql'),
    organizationsUrl: url(env, 'ORGANIZATIONS_URL', 'http://127.0.0.1:4001/graphql'),
    advisoriesUrl: url(env, 'ADVISORIES_URL', 'http://127.0.0.1:4003/graphql'),
    feedPollIntervalMs: integer(env, 'SUPERVISION_POLL_INTERVAL_MS', 1000, { min: 50, max: 3_600_000 }),
    minimumPublicCount: integer(env, 'PUBLIC_STATISTICS_MINIMUM_COUNT', DEFAULT_MINIMUM_PUBLIC_COUNT, { min: 1, max: 1000 }),
  });
}
