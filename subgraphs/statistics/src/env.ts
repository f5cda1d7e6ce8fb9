import { SUBGRAPH_CATALOG } from '../../../contracts/subgraph-catalog.js';
import { integer, optionalString, type Env } from '../../../platform/env.js';
import { readSubgraphConfig, subgraphUrl, type SubgraphConfig } from '../../kit/subgraph-runtime.js';
import { DEFAULT_MINIMUM_PUBLIC_COUNT } from './schema.js';

export interface StatisticsConfig extends SubgraphConfig {
  /** The incidents subgraph, whose event feed builds the read model. */
  incidentsUrl: string;
  /** The organizations subgraph, for who supervised an organization when it reported. */
  organizationsUrl: string;
  /** Each other subgraph whose audit trail joins this one's, by name: every catalogued one unless `AUDIT_TRAIL_SUBGRAPHS` names them. */
  auditTrailUrls: Readonly<Record<string, string>>;
  /** How often to look for new events. @default 1000 */
  feedPollIntervalMs: number;
  /** Public counts below this are withheld. @default 5 */
  minimumPublicCount: number;
}

/** The subgraphs whose audit trails are copied here: `AUDIT_TRAIL_SUBGRAPHS` (comma-separated), else every other catalogued one. */
function auditTrailUrls(env: Env): Record<string, string> {
  const listed = optionalString(env, 'AUDIT_TRAIL_SUBGRAPHS')
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const names = (listed ?? SUBGRAPH_CATALOG.map((entry) => entry.name)).filter((name) => name !== 'statistics');
  return Object.fromEntries(names.map((name) => [name, subgraphUrl(env, name)]));
}

/**
 * Port `STATISTICS_PORT` (default 4004), the URLs of the subgraphs it follows (feeds, audit trails), plus the
 * variables every subgraph reads.
 */
export function readConfig(env: Env): StatisticsConfig {
  return Object.freeze({
    ...readSubgraphConfig(env, 'statistics'),
    incidentsUrl: subgraphUrl(env, 'incidents'),
    organizationsUrl: subgraphUrl(env, 'organizations'),
    auditTrailUrls: Object.freeze(auditTrailUrls(env)),
    feedPollIntervalMs: integer(env, 'SUPERVISION_POLL_INTERVAL_MS', 1000, { min: 50, max: 3_600_000 }),
    minimumPublicCount: integer(env, 'PUBLIC_STATISTICS_MINIMUM_COUNT', DEFAULT_MINIMUM_PUBLIC_COUNT, { min: 1, max: 1000 }),
  });
}
