import type { Env } from '../../../platform/env.js';
import { readSubgraphConfig, type SubgraphConfig } from '../../kit/subgraph-runtime.js';

export type OrganizationsConfig = SubgraphConfig;

/** Port `ORGANIZATIONS_PORT` (default 4001), plus the variables every subgraph reads. */
export function readConfig(env: Env): OrganizationsConfig {
  return readSubgraphConfig(env, 'organizations');
}
