import { integer, type Env } from '../../../platform/env.js';
import { readSubgraphConfig, subgraphUrl, type SubgraphConfig } from '../../kit/subgraph-runtime.js';

export interface AdvisoriesConfig extends SubgraphConfig {
  /** The organizations subgraph, whose registry events feed the supervision copy TLP scope reads. */
  organizationsUrl: string;
  /** How often to look for registry changes. @default 1000 */
  supervisionPollIntervalMs: number;
}

/** Port `ADVISORIES_PORT` (default 4003), `ORGANIZATIONS_URL`, plus the variables every subgraph reads. */
export function readConfig(env: Env): AdvisoriesConfig {
  return Object.freeze({
    ...readSubgraphConfig(env, 'advisories'),
    organizationsUrl: subgraphUrl(env, 'organizations'),
    supervisionPollIntervalMs: integer(env, 'SUPERVISION_POLL_INTERVAL_MS', 1000, { min: 50, max: 3_600_000 }),
  });
}
