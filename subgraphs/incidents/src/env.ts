import { integer, type Env } from '../../../platform/env.js';
import { readSubgraphConfig, subgraphUrl, type SubgraphConfig } from '../../kit/subgraph-runtime.js';

export interface IncidentsConfig extends SubgraphConfig {
  /** The organizations subgraph, whose registry events feed the supervision copy. */
  organizationsUrl: string;
  /** How often to look for registry changes. @default 1000 */
  supervisionPollIntervalMs: number;
  /** How often to look for approaching and missed report deadlines. @default 30000 */
  deadlineScanIntervalMs: number;
  /** How long before the 24-hour deadline to warn. @default 120 */
  deadlineWarningMinutes: number;
}

/** Port `INCIDENTS_PORT` (default 4002), `ORGANIZATIONS_URL`, plus the variables every subgraph reads. */
export function readConfig(env: Env): IncidentsConfig {
  return Object.freeze({
    ...readSubgraphConfig(env, 'incidents'),
    organizationsUrl: subgraphUrl(env, 'organizations'),
    supervisionPollIntervalMs: integer(env, 'SUPERVISION_POLL_INTERVAL_MS', 1000, { min: 50, max: 3_600_000 }),
    deadlineScanIntervalMs: integer(env, 'DEADLINE_SCAN_INTERVAL_MS', 30_000, { min: 50, max: 3_600_000 }),
    deadlineWarningMinutes: integer(env, 'DEADLINE_WARNING_MINUTES', 120, { min: 1, max: 24 * 60 }),
  });
}
