import { integer, isProduction, type Env } from '../../../platform/env.js';
import { publicBaseUrl } from '../../../platform/public-base-url.js';
import { readThaicertKeySource, type ThaicertKeySource } from '../../../platform/thaicert-openpgp-key.js';
import { readSubgraphConfig, subgraphUrl, type SubgraphConfig } from '../../kit/subgraph-runtime.js';

export interface AdvisoriesConfig extends SubgraphConfig {
  /** The organizations subgraph, whose registry events feed the supervision copy TLP scope reads. */
  organizationsUrl: string;
  /** The incidents subgraph, asked whether the incident an indicator is recorded on exists. */
  incidentsUrl: string;
  /** How often to look for registry changes. @default 1000 */
  supervisionPollIntervalMs: number;
  /** `PUBLIC_BASE_URL`: where partners reach the gateway; the CSAF provider's absolute URLs start with it. */
  publicBaseUrl: string;
  /** ThaiCERT's OpenPGP key, which signs the CSAF documents (`THAICERT_OPENPGP_KEY` or `_FILE`). */
  thaicertKey: ThaicertKeySource;
}

/**
 * Port `ADVISORIES_PORT` (default 4003), `ORGANIZATIONS_URL`, `INCIDENTS_URL`, `PUBLIC_BASE_URL`, ThaiCERT's
 * OpenPGP key, plus the variables every subgraph reads.
 */
export function readConfig(env: Env): AdvisoriesConfig {
  const production = isProduction(env);
  return Object.freeze({
    ...readSubgraphConfig(env, 'advisories'),
    organizationsUrl: subgraphUrl(env, 'organizations'),
    incidentsUrl: subgraphUrl(env, 'incidents'),
    supervisionPollIntervalMs: integer(env, 'SUPERVISION_POLL_INTERVAL_MS', 1000, { min: 50, max: 3_600_000 }),
    publicBaseUrl: publicBaseUrl(env, production),
    thaicertKey: readThaicertKeySource(env, production),
  });
}
