import { readFile } from 'node:fs/promises';

import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  print,
  type FieldDefinitionNode,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CostReport } from '../../gateway/src/demand-control.js';
import { readConfig as readGatewayConfig } from '../../gateway/src/env.js';
import { CleanupStack } from '../../platform/cleanup-stack.js';
import type { Env } from '../../platform/env.js';
import { demo, useGraph } from '../graph.js';
import { errorCodes, graphqlRequest, type GraphQLResponse } from '../graphql-client.js';
import { connect } from '../ws-client.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

/** Another gateway over the test graph's subgraphs, configured by `env`. */
const gatewayWith = async (env: Env) => (await graph().gateway(env)).url;

const costOf = (response: GraphQLResponse) => (response as { extensions?: { cost?: CostReport } }).extensions?.cost;

/** Organizations, each with its incidents: a connection inside a connection. */
const NESTED = `query ($organizations: Int!, $incidents: Int!) {
  organizations(first: $organizations) { edges { node { id incidents(first: $incidents) { edges { node { id } } } } } }
}`;
const nestedLiteral = (organizations: number, incidents: number) =>
  `{ organizations(first: ${organizations}) { edges { node { id incidents(first: ${incidents}) { edges { node { id } } } } } } }`;
/**
 * As the IBM spec counts it: the connection 1, then per organization its edge, node and incident connection 1
 * each, and per incident its edge and node.
 */
const nestedCost = (organizations: number, incidents: number) => 1 + organizations * (3 + incidents * 2);

/** The README's regulator dashboard, with the page size in a variable. */
const DASHBOARD = `query ($regulatorId: ID!, $after: String, $first: Int!) {
  organizations(first: $first, after: $after, filter: { regulatorId: $regulatorId }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id nameTh nameEn kind sector { nameTh } pointsOfContact { fullName isPrimary available24x7 email mobilePhone } } }
  }
}`;

describe('demand control', () => {
  it('estimates the same cost whether `first` is written in the document or passed in a variable', async () => {
    const token = graph().tokens.ncsa;
    const literal = await graph().query(nestedLiteral(30, 7), { token });
    const variables = await graph().query(NESTED, { token, variables: { organizations: 30, incidents: 7 } });
    expect(literal.errors).toBeUndefined();
    expect(variables.errors).toBeUndefined();
    expect(costOf(literal)?.estimated).toBe(nestedCost(30, 7));
    expect(costOf(variables)?.estimated).toBe(nestedCost(30, 7));
  });

  it('reports every estimate and the budget in extensions.cost', async () => {
    const res = await graph().query('{ sectors { id nameEn } }');
    expect(res.errors).toBeUndefined();
    expect(costOf(res)).toEqual({ estimated: 10, max: 10_000, mode: 'enforce' }); // a list of ten sectors, by default
  });

  it('serves the README dashboard at 20 a page and at 100', async () => {
    for (const first of [20, 100]) {
      const res = await graph().query(DASHBOARD, { token: graph().tokens.regulator, variables: { regulatorId: demo.regulatorId, first } });
      expect(res.errors, `first: ${first}`).toBeUndefined();
      expect(costOf(res)!.estimated).toBeLessThan(costOf(res)!.max);
    }
  });

  it('refuses a 100 × 100 nested page with COST_ESTIMATED_TOO_EXPENSIVE, its estimate and the maximum', async () => {
    for (const sent of [{ query: nestedLiteral(100, 100) }, { query: NESTED, variables: { organizations: 100, incidents: 100 } }]) {
      const res = await graph().query(sent.query, { token: graph().tokens.ncsa, variables: sent.variables });
      expect(res.status).toBe(400);
      expect(errorCodes(res)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
      expect(res.errors![0]!.extensions).toMatchObject({ estimatedCost: nestedCost(100, 100), maxCost: 10_000 });
      expect(res.errors![0]!.message).not.toMatch(/Syntax Error/);
      expect(res.data).toBeUndefined();
    }
  });

  it('refuses before anything is fetched: a refused mutation changes nothing', async () => {
    const url = await gatewayWith({ COST_MAX: '20' });
    const token = graph().tokens.regulator;
    const READ = 'query ($id: ID!) { regulator(id: $id) { notificationDeadlineHours version } }';
    const before = (await graphqlRequest(url, READ, { token, variables: { id: demo.regulatorId } })).data!.regulator;
    // 10 for a mutation, 1 for the regulator, 10 for its sectors (a list of the default size).
    const refused = await graphqlRequest(
      url,
      'mutation ($id: ID!, $version: Int!) { setNotificationDeadline(regulatorId: $id, hours: 5, expectedVersion: $version) { version sectors { id } } }',
      { token, variables: { id: demo.regulatorId, version: before.version } },
    );
    expect(errorCodes(refused)).toEqual(['COST_ESTIMATED_TOO_EXPENSIVE']);
    expect(refused.errors![0]!.extensions).toMatchObject({ estimatedCost: 21, maxCost: 20 });
    expect((await graphqlRequest(url, READ, { token, variables: { id: demo.regulatorId } })).data!.regulator).toEqual(before);
  });

  it('in measure mode (COST_MODE=measure) serves what enforce mode refuses, and reports its estimate', async () => {
    const url = await gatewayWith({ COST_MODE: 'measure' });
    const res = await graphqlRequest(url, NESTED, { token: graph().tokens.ncsa, variables: { organizations: 100, incidents: 100 } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.organizations.edges.length).toBeGreaterThan(0);
    expect(costOf(res)).toEqual({ estimated: nestedCost(100, 100), max: 10_000, mode: 'measure' });
  });

  it('refuses a subscription estimated over the maximum, over WebSocket', async () => {
    const ws = connect(graph().gatewayUrl, graph().tokens.ncsa);
    cleanup.defer(ws.dispose);
    const sub = ws.subscribe(
      `subscription ($first: Int!) { incidentEvents { incident { organization { incidents(first: $first) { edges { node { organization { incidents(first: $first) { edges { node { id } } } } } } } } } } }`,
      { first: 100 },
    );
    await sub.waitForEnd();
    const [error] = sub.error as { message: string; extensions: Record<string, unknown> }[];
    expect(error!.extensions).toMatchObject({ code: 'COST_ESTIMATED_TOO_EXPENSIVE', maxCost: 10_000 });
    expect(error!.extensions.estimatedCost).toBeGreaterThan(10_000);
  });

  it('will not start with the retired GRAPHQL_MAX_COST, naming what replaced it', () => {
    expect(() => readGatewayConfig({ ...graph().env, GRAPHQL_MAX_COST: '5000' })).toThrow(/COST_MAX/);
  });
});

describe('list sizes declared in the schema', () => {
  let supergraphSdl: string;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    supergraphSdl = await readFile(graph().gatewayConfig.supergraphPath, 'utf8');
    schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  });

  const isConnection = (type: GraphQLNamedType): type is GraphQLObjectType =>
    isObjectType(type) &&
    'pageInfo' in type.getFields() &&
    'edges' in type.getFields() &&
    isListType(getNullableType(type.getFields().edges!.type));

  /** Every field of the API schema that returns a connection, as `Type.field`. */
  const connectionFields = () =>
    Object.values(schema.getTypeMap())
      .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
      .flatMap((type) =>
        Object.values(type.getFields())
          .filter((field) => isConnection(getNamedType(field.type)))
          .map((field) => ({ type, field })),
      );

  it('give every connection field of the supergraph @listSize(slicingArguments: ["first"], sizedFields: ["edges"])', () => {
    const declared = new Map<string, FieldDefinitionNode>();
    for (const definition of parse(supergraphSdl).definitions) {
      if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
      for (const field of definition.fields ?? []) declared.set(`${definition.name.value}.${field.name.value}`, field);
    }
    const fields = connectionFields();
    expect(fields.length).toBeGreaterThanOrEqual(7);
    for (const { type, field } of fields) {
      const listSizes = declared
        .get(`${type.name}.${field.name}`)!
        .directives!.filter((d) => d.name.value === 'listSize')
        .map((d) => print(d));
      expect(listSizes, `${type.name}.${field.name}`).toEqual(['@listSize(slicingArguments: ["first"], sizedFields: ["edges"])']);
    }
  });

  it('make every connection’s estimate grow with the page asked for', async () => {
    /** How a query reaches a type: from the root, or through a root field that takes only ids. */
    const reach = (type: GraphQLObjectType, inner: string) => {
      if (type === schema.getQueryType()) return `{ ${inner} }`;
      const root = Object.values(schema.getQueryType()!.getFields()).find(
        (field) =>
          getNamedType(field.type) === type &&
          !isListType(getNullableType(field.type)) &&
          field.args.every((arg) => !isNonNullType(arg.type) || getNamedType(arg.type).name === 'ID'),
      );
      if (!root) throw new Error(`no root field reaches ${type.name}: the test cannot page its connections`);
      const ids = root.args.filter((arg) => isNonNullType(arg.type)).map((arg) => `${arg.name}: "${demo.organizationId}"`);
      return `{ ${root.name}${ids.length ? `(${ids.join(', ')})` : ''} { ${inner} } }`;
    };
    for (const { type, field } of connectionFields()) {
      const estimate = async (first: number) =>
        costOf(
          await graph().query(reach(type, `${field.name}(first: ${first}) { edges { node { __typename } } }`), {
            token: graph().tokens.ncsa,
          }),
        )?.estimated;
      // Each edge and its node count 1: nine more of them, 18 more.
      expect((await estimate(10))! - (await estimate(1))!, `${type.name}.${field.name}`).toBe(18);
    }
  });
});
