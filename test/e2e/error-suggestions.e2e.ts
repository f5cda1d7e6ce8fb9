import {
  buildClientSchema,
  getIntrospectionQuery,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import { useGraph } from '../graph.js';
import { connect, type Received } from '../ws-client.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
const cleanup = new CleanupStack();
afterAll(() => cleanup.run());

/**
 * Every kind of suggestion graphql-js makes ("Did you mean …"), each as a mistake inside an
 * incident's selection: validation (fields, arguments of fields and directives, type names in
 * fragments and variables, enum values and input fields in literals) and the coercion of variables
 * (enum values, input fields). `code` is what the client is told instead.
 */
const MISTAKES: { kind: string; variables?: string; selection: string; values?: Record<string, unknown>; code: string }[] = [
  { kind: 'a misspelled field', selection: 'severty', code: 'GRAPHQL_VALIDATION_FAILED' },
  { kind: 'a misspelled argument', selection: 'organization { incidents(frist: 1) { totalCount } }', code: 'GRAPHQL_VALIDATION_FAILED' },
  { kind: 'a misspelled directive argument', selection: 'id @include(iff: true)', code: 'GRAPHQL_VALIDATION_FAILED' },
  { kind: 'a misspelled type in a fragment', selection: '... on Incidnt { id }', code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    kind: 'a misspelled type of a variable',
    variables: '($level: ThreatLevl)',
    selection: 'organization { incidents(filter: { severity: $level }) { totalCount } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    kind: 'a misspelled enum value in a literal',
    selection: 'organization { incidents(filter: { severity: CRITICAL }) { totalCount } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    kind: 'a misspelled input field in a literal',
    selection: 'organization { incidents(filter: { severty: SERIOUS }) { totalCount } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    kind: 'a misspelled enum value in a variable',
    variables: '($level: ThreatLevel)',
    selection: 'organization { incidents(filter: { severity: $level }) { totalCount } }',
    values: { level: 'CRITICAL' },
    code: 'BAD_USER_INPUT',
  },
  {
    kind: 'a misspelled input field in a variable',
    variables: '($filter: IncidentFilter)',
    selection: 'organization { incidents(filter: $filter) { totalCount } }',
    values: { filter: { severty: 'SERIOUS' } },
    code: 'BAD_USER_INPUT',
  },
];

const TRANSPORTS = {
  HTTP: (m: (typeof MISTAKES)[number]) => `query ${m.variables ?? ''} { incidents(first: 1) { edges { node { ${m.selection} } } } }`,
  WebSocket: (m: (typeof MISTAKES)[number]) => `subscription ${m.variables ?? ''} { incidentEvents { incident { ${m.selection} } } }`,
};

/** What graphql-js itself says about a request against the served schema: validation, then variable coercion. */
function graphqlJsMessages(schema: GraphQLSchema, query: string, values: Record<string, unknown> = {}): string[] {
  const document = parse(query);
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((e) => e.message);
  const coerced = getVariableValues(schema, getOperationAST(document)!.variableDefinitions ?? [], values);
  return (coerced.errors ?? []).map((e) => e.message);
}

/** The errors a graphql-ws client receives for a subscription that is refused. */
async function webSocketErrors(
  query: string,
  values: Record<string, unknown> = {},
): Promise<{ message: string; extensions?: { code?: string } }[]> {
  const ws = connect(graph().gatewayUrl, graph().tokens.thaicert);
  cleanup.defer(ws.dispose);
  const subscription = ws.subscribe(query, values);
  await subscription.waitForEnd();
  const sent = Array.isArray(subscription.error) ? (subscription.error as Received['errors'] & object) : [];
  return [...sent, ...subscription.received.flatMap((result) => result.errors ?? [])];
}

let schema: GraphQLSchema;
beforeAll(async () => {
  const introspection = await graph().query<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data!);
});

describe.each(Object.entries(TRANSPORTS))('over %s, no error suggests a name', (transport, operation) => {
  it.each(MISTAKES)('for $kind', async (mistake) => {
    const query = operation(mistake);
    // The mistake is one graphql-js answers with a suggestion, so the test proves the suggestion is withheld.
    expect(graphqlJsMessages(schema, query, mistake.values).join('\n')).toMatch(/Did you mean/);

    const errors =
      transport === 'HTTP'
        ? ((await graph().query(query, { token: graph().tokens.thaicert, variables: mistake.values })).errors ?? [])
        : await webSocketErrors(query, mistake.values);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.message).not.toMatch(/Did you mean/i);
      expect(error.extensions?.code).toBe(mistake.code);
    }
  });
});
