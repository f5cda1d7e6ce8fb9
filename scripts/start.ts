import 'reflect-metadata';
import { readConfig as readGatewayConfig } from '../gateway/src/env.js';
import { mintDevelopmentToken } from '../gateway/src/development-tokens.js';
import { start as startGateway } from '../gateway/src/server.js';
import { DEMO_ORGANIZATION_KEY, DEMO_REGULATOR_KEY, demoId } from '../subgraphs/organizations/src/demo-data/demo-registry.js';
import { Role, type SignedInCaller } from '../subgraphs/shared/caller.js';
import { integer, optionalString, type Env } from '../subgraphs/shared/env.js';
import type { Stoppable } from '../subgraphs/shared/lifecycle.js';
import { runUntilStopped } from '../subgraphs/shared/lifecycle.js';
import { SUBGRAPHS } from '../subgraphs/registry.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const DEMO_CALLERS: SignedInCaller[] = [
  { role: Role.NCSA, subject: 'demo-ncsa-officer' },
  { role: Role.THAICERT, subject: 'demo-thaicert-analyst' },
  { role: Role.REGULATOR, subject: 'demo-bot-supervisor', regulatorId: demoId(`regulator:${DEMO_REGULATOR_KEY}`) },
  { role: Role.ORGANIZATION, subject: 'demo-krungsiam-soc', organizationId: demoId(`organization:${DEMO_ORGANIZATION_KEY}`) },
];

/** Closes what was started, newest first, so the gateway stops before the subgraphs behind it. */
function stack(): Stoppable & { push(s: Stoppable): void } {
  const started: Stoppable[] = [];
  return {
    push: (s) => void started.push(s),
    close: async () => {
      for (const service of started.reverse()) await service.close();
    },
  };
}

/**
 * `npm start`: the whole graph on one machine. PostgreSQL is embedded unless DATABASE_URL is
 * set; every subgraph applies its migrations and loads the demo data; then the gateway starts.
 */
async function startAll(): Promise<Stoppable> {
  const services = stack();
  try {
    let env: Env = { SEED_DEMO_DATA: 'true', ...process.env };
    if (!optionalString(env, 'DATABASE_URL')) {
      const dataDir = optionalString(env, 'EMBEDDED_POSTGRES_DIR') ?? '.data/postgres';
      const port = optionalString(env, 'EMBEDDED_POSTGRES_PORT') ? integer(env, 'EMBEDDED_POSTGRES_PORT', 0, { min: 1, max: 65535 }) : undefined;
      const database = await startEmbeddedPostgres({ dataDir, port, database: 'ncsa_graph' });
      services.push({ close: database.stop });
      console.log(`embedded PostgreSQL running (data in ${dataDir})`);
      env = { ...env, DATABASE_URL: database.url };
    }
    for (const subgraph of SUBGRAPHS) {
      const running = await subgraph.start(env);
      services.push(running);
      env = { ...env, [`${subgraph.name.toUpperCase()}_URL`]: running.url };
    }
    const gatewayConfig = readGatewayConfig(env);
    const gateway = await startGateway(gatewayConfig);
    services.push(gateway);
    await printWelcome(gateway.url, gatewayConfig.tokens);
    return services;
  } catch (error) {
    await services.close();
    throw error;
  }
}

async function printWelcome(url: string, tokens: Parameters<typeof mintDevelopmentToken>[0]): Promise<void> {
  const lines = [``, `Gateway ready: ${url}`, ``];
  if (tokens.keys.kind === 'secret') {
    lines.push('Demo tokens (valid 12 hours; send as "Authorization: Bearer <token>"):');
    for (const caller of DEMO_CALLERS) {
      const token = await mintDevelopmentToken(tokens, caller, 12 * 3600);
      lines.push(``, `  ${caller.role}${'organizationId' in caller ? ` (organization ${caller.organizationId})` : ''}${'regulatorId' in caller ? ` (regulator ${caller.regulatorId})` : ''}`, `  ${token}`);
    }
  } else {
    lines.push('Tokens come from your identity provider (JWT_JWKS_URL / JWT_PUBLIC_KEY).');
  }
  lines.push(``, `Try: curl -s ${url} -H 'content-type: application/json' -d '{"query":"{ sectors { id nameTh nameEn } }"}'`, ``);
  console.log(lines.join('\n'));
}

await runUntilStopped('graph', startAll);
