import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Arg, Mutation, Query, Resolver } from 'type-graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { composeGraph } from '../../schema/compose.js';
import { buildFederatedSchema } from '../../subgraphs/kit/federation.js';
import { subgraphOrmOptions } from '../../subgraphs/kit/orm-options.js';
import { readSubgraphConfig } from '../../subgraphs/kit/subgraph-runtime.js';
import { startSubgraph } from '../../subgraphs/kit/subgraph-server.js';
import { Audience, VisibleTo } from '../../subgraphs/kit/visibility.js';
import { SUBGRAPHS, type SubgraphEntry } from '../../subgraphs/registry.js';
import { startGraph, type TestGraph } from '../graph.js';

// ---- A fifth subgraph, built with the kit alone: this is all its wiring. ----
@Resolver()
class ShiftResolver {
  @Query(() => String, { nullable: true, description: 'Whether the ThaiCERT duty desk is staffed.' })
  @VisibleTo(Audience.THAICERT, Audience.NCSA)
  dutyDesk(): string {
    return 'open';
  }

  @Mutation(() => Boolean, { nullable: true, description: 'Hands the duty desk over to the next shift.' })
  @VisibleTo(Audience.THAICERT)
  handOverShift(@Arg('note') _note: string): boolean {
    return true;
  }
}

const shiftsSchema = () => buildFederatedSchema({ service: 'shifts', resolvers: [ShiftResolver] });

const shifts: SubgraphEntry = {
  name: 'shifts',
  routingUrl: 'http://shifts:4005/graphql',
  schema: shiftsSchema,
  start: (env) => {
    const config = readSubgraphConfig(env, 'shifts', 4005);
    return startSubgraph({
      name: 'shifts',
      config,
      ormOptions: (logger) =>
        subgraphOrmOptions({ schema: 'shifts', entities: [], migrations: [], databaseUrl: config.databaseUrl, poolSize: 2, logger }),
      schema: shiftsSchema,
      context: (orm, identity) => ({ ...identity, em: orm.em.fork(), supervision: { regulatorIdOf: async () => null } }),
    });
  },
};
// ---- End of the fifth subgraph. ----

const TRAIL = `query ($filter: AuditFilter) { auditTrail(first: 10, filter: $filter) { edges { node { service action outcome role } } } }`;

describe('a subgraph built only with the kit', () => {
  let graph: TestGraph;
  let folder: string;

  beforeAll(async () => {
    // It starts before statistics, which follows its audit trail from then on.
    const entries = [...SUBGRAPHS.filter((s) => s.name !== 'statistics'), shifts, ...SUBGRAPHS.filter((s) => s.name === 'statistics')];
    folder = await mkdtemp(join(tmpdir(), 'kit-subgraph-'));
    const supergraphPath = join(folder, 'supergraph.graphql');
    await writeFile(supergraphPath, (await composeGraph(entries)).supergraphSdl);
    graph = await startGraph(
      { SUPERGRAPH_PATH: supergraphPath, AUDIT_TRAIL_SUBGRAPHS: 'organizations,incidents,advisories,shifts' },
      { entries },
    );
  });
  afterAll(async () => {
    await graph?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('composes into the graph and answers through the gateway, with its fields scoped by role', async () => {
    const desk = await graph.query('{ dutyDesk }', { token: graph.tokens.thaicert });
    expect(desk.errors).toBeUndefined();
    expect(desk.data).toEqual({ dutyDesk: 'open' });
    const refused = await graph.query('{ dutyDesk }', { token: graph.tokens.organization });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('keeps an audit trail of its own that reaches NCSA’s auditTrail', async () => {
    const res = await graph.query('mutation { handOverShift(note: "night shift to day shift") }', { token: graph.tokens.thaicert });
    expect(res.errors).toBeUndefined();
    const requestId = res.headers.get('x-request-id')!;
    const deadline = Date.now() + 15_000;
    let lines: { service: string; action: string; outcome: string; role: string }[] = [];
    while (lines.length === 0 && Date.now() < deadline) {
      const trail = await graph.query(TRAIL, { token: graph.tokens.ncsa, variables: { filter: { requestId } } });
      expect(trail.errors).toBeUndefined();
      lines = trail.data!.auditTrail.edges.map((edge: { node: (typeof lines)[number] }) => edge.node);
      if (lines.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lines).toEqual([{ service: 'shifts', action: 'handOverShift', outcome: 'OK', role: 'THAICERT' }]);
  });
});
