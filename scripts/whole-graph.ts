import { DEMO_ORGANIZATION_KEY, DEMO_REGULATOR_KEY, demoId } from '../demo/demo-registry.js';
import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { readConfig as readGatewayConfig } from '../gateway/src/env.js';
import { start as startGateway } from '../gateway/src/server.js';
import { Role, type SignedInCaller } from '../platform/caller.js';
import { CleanupStack } from '../platform/cleanup-stack.js';
import { integer, optionalString, type Env } from '../platform/env.js';
import type { Stoppable } from '../platform/lifecycle.js';
import { developmentThaicertKeyFile } from '../platform/thaicert-openpgp-key.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** Who the printed demo tokens are for: one caller per role. */
export const DEMO_CALLERS: readonly SignedInCaller[] = [
  { role: Role.NCSA, subject: 'demo-ncsa-officer' },
  { role: Role.THAICERT, subject: 'demo-thaicert-analyst' },
  { role: Role.REGULATOR, subject: 'demo-bot-supervisor', regulatorId: demoId(`regulator:${DEMO_REGULATOR_KEY}`) },
  { role: Role.ORGANIZATION, subject: 'demo-krungsiam-soc', organizationId: demoId(`organization:${DEMO_ORGANIZATION_KEY}`) },
];

export interface WholeGraph extends Stoppable {
  gatewayUrl: string;
  /** The gateway's admin port (`/ready`, `/metrics`); each subgraph has its own (`<SUBGRAPH>_ADMIN_PORT`). */
  gatewayAdminUrl: string;
  /** One token per role, when the gateway verifies with the development secret. */
  demoTokens: { caller: SignedInCaller; token: string }[];
  /** Where the embedded PostgreSQL keeps its data, when it is used (as root, maybe a folder shared with the `postgres` user). */
  embeddedDataDir?: string;
}

/**
 * The whole graph in one process, as `npm start` runs it: PostgreSQL (embedded unless
 * DATABASE_URL is set), every subgraph with its migrations and demo data, then the gateway.
 * Closing stops them newest first, so the gateway drains before the subgraphs behind it, and
 * stops every one of them even when one fails to.
 */
export async function startWholeGraph(processEnv: Env): Promise<WholeGraph> {
  const started = new CleanupStack();
  const close = () => started.run();
  try {
    let env: Env = { SEED_DEMO_DATA: 'true', ...processEnv };
    if (!optionalString(env, 'THAICERT_OPENPGP_KEY') && !optionalString(env, 'THAICERT_OPENPGP_KEY_FILE')) {
      env = { ...env, THAICERT_OPENPGP_KEY_FILE: await developmentThaicertKeyFile('.data/thaicert-openpgp-key.asc') };
    }
    let embeddedDataDir: string | undefined;
    if (!optionalString(env, 'DATABASE_URL')) {
      embeddedDataDir = optionalString(env, 'EMBEDDED_POSTGRES_DIR') ?? '.data/postgres';
      const port = optionalString(env, 'EMBEDDED_POSTGRES_PORT')
        ? integer(env, 'EMBEDDED_POSTGRES_PORT', 0, { min: 1, max: 65535 })
        : undefined;
      const database = await startEmbeddedPostgres({
        dataDir: embeddedDataDir,
        port,
        database: 'ncsa_graph',
        installDir: optionalString(env, 'EMBEDDED_POSTGRES_INSTALL_DIR'),
        sharedDir: optionalString(env, 'EMBEDDED_POSTGRES_SHARED_DIR'),
      });
      started.defer(database.stop);
      embeddedDataDir = database.dataDir;
      env = { ...env, DATABASE_URL: database.url };
    }
    for (const subgraph of SUBGRAPHS) {
      const running = await subgraph.start(env);
      started.defer(() => running.close());
      env = { ...env, [`${subgraph.name.toUpperCase()}_URL`]: running.url };
    }
    const gatewayConfig = readGatewayConfig(env);
    const demoTokens =
      gatewayConfig.tokens.keys.kind === 'secret'
        ? await Promise.all(
            DEMO_CALLERS.map(async (caller) => ({ caller, token: await mintDevelopmentToken(gatewayConfig.tokens, caller, 12 * 3600) })),
          )
        : [];
    const demoSignIn = demoTokens.map(({ caller, token }) => ({ role: caller.role, subject: caller.subject, token }));
    const gateway = await startGateway(gatewayConfig, { demoSignIn });
    started.defer(() => gateway.close());
    return { gatewayUrl: gateway.url, gatewayAdminUrl: gateway.adminUrl, demoTokens, embeddedDataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}
