import { readdirSync } from 'node:fs';

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// eslint.config.js is plain JavaScript (ESLint loads it without a TypeScript step).
const { SUBGRAPHS } = (await import('../eslint.config.js' as string)) as { SUBGRAPHS: readonly string[] };

// The lint is what keeps the layers: each refusal below must stay an error, each allowed import clean.
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, specifier: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${specifier}';\nexport const y = x;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const REFUSED: [file: string, specifier: string][] = [
  ['gateway/src/server.ts', '../../subgraphs/kit/federation.js'],
  ['gateway/src/server.ts', '../../subgraphs/incidents/src/incident/incident.entity.js'],
  ['gateway/src/subscriptions/hub.ts', '../../../demo/demo-registry.js'],
  ['gateway/src/server.ts', '@mikro-orm/postgresql'],
  ['platform/http-server.ts', '@mikro-orm/core'],
  ['platform/http-server.ts', 'type-graphql'],
  ['platform/http-server.ts', 'pg'],
  ['platform/http-server.ts', '../subgraphs/kit/database.js'],
  ['platform/http-server.ts', '../gateway/src/env.js'],
  ['contracts/sectors.ts', '../platform/errors.js'],
  ['contracts/sectors.ts', '../subgraphs/kit/visibility.js'],
  ['demo/demo-registry.ts', '../subgraphs/organizations/src/organization/organization.entity.js'],
  ['subgraphs/kit/federation.ts', '../incidents/src/context.js'],
  ['subgraphs/kit/audit/audit-log.ts', '../../statistics/src/env.js'],
  ['subgraphs/kit/federation.ts', '../../demo/demo-registry.js'],
  ['subgraphs/incidents/src/server.ts', '../../organizations/src/organization/organization.entity.js'],
  ['subgraphs/advisories/src/server.ts', '../../incidents/src/incident/incident.entity.js'],
  ['subgraphs/statistics/src/server.ts', '../../advisories/src/advisory/advisory.entity.js'],
  ['subgraphs/organizations/src/server.ts', '../../statistics/src/env.js'],
  ['subgraphs/incidents/src/server.ts', '../../../gateway/src/env.js'],
];

const ALLOWED: [file: string, specifier: string][] = [
  ['gateway/src/server.ts', '../../platform/http-server.js'],
  ['gateway/src/server.ts', '../../contracts/sectors.js'],
  ['platform/http-server.ts', './errors.js'],
  ['contracts/sectors.ts', './labels.js'],
  ['demo/demo-registry.ts', '../contracts/organization-kind.js'],
  ['subgraphs/kit/federation.ts', '../../platform/errors.js'],
  ['subgraphs/incidents/src/server.ts', '../../kit/federation.js'],
  ['subgraphs/incidents/src/server.ts', '../../registry.js'],
  ['subgraphs/incidents/src/demo-data/demo-incidents.ts', '../../../../demo/demo-registry.js'],
  ['schema/compose.ts', '../subgraphs/incidents/src/schema.js'],
  ['test/graph.ts', '../subgraphs/organizations/src/server.js'],
];

describe('layer boundaries (eslint.config.js)', () => {
  it('knows every subgraph, so none escapes the rule that no subgraph imports another', () => {
    const folders = readdirSync('subgraphs', { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'kit');
    expect(folders.map((e) => e.name).sort()).toEqual([...SUBGRAPHS].sort());
  });

  it('knows the same subgraphs as the catalog and the registry, in the same order', async () => {
    const { SUBGRAPH_CATALOG } = await import('../contracts/subgraph-catalog.js');
    const { SUBGRAPHS: registered } = await import('../subgraphs/registry.js');
    expect(SUBGRAPH_CATALOG.map((entry) => entry.name)).toEqual(SUBGRAPHS);
    expect(registered.map((entry) => entry.name)).toEqual(SUBGRAPHS);
  });

  it.each(REFUSED)('refuses %s importing %s', async (file, specifier) => {
    expect(await boundaryErrors(file, specifier)).not.toEqual([]);
  });

  it.each(ALLOWED)('allows %s importing %s', async (file, specifier) => {
    expect(await boundaryErrors(file, specifier)).toEqual([]);
  });
});
