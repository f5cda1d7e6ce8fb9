import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isInputObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';

import type { TestGraph } from './graph.js';

/** The graph's API schema as a client sees it, through the gateway's introspection. */
export async function apiSchema(graph: TestGraph): Promise<GraphQLSchema> {
  const introspection = await graph.query<IntrospectionQuery>(getIntrospectionQuery());
  return buildClientSchema(introspection.data!);
}

/** Where an argument or input field sits in a mutation's arguments, e.g. `['input', 'incidentId']`. */
export type ArgumentPath = string[];

/**
 * Every path, through a field's arguments and the input objects they hold (not into lists, and
 * not through the same input type twice), to an argument or input field that `matches`.
 */
export function argumentPaths(
  field: GraphQLField<unknown, unknown>,
  matches: (name: string, type: GraphQLInputType) => boolean,
): ArgumentPath[] {
  const found: ArgumentPath[] = [];
  const visit = (name: string, type: GraphQLInputType, path: ArgumentPath, seen: Set<string>) => {
    if (matches(name, type)) found.push(path);
    const named = getNamedType(type);
    if (!isInputObjectType(named) || seen.has(named.name) || type.toString().includes('[')) return;
    for (const inner of Object.values(named.getFields()))
      visit(inner.name, inner.type, [...path, inner.name], new Set([...seen, named.name]));
  };
  for (const arg of field.args) visit(arg.name, arg.type, [arg.name], new Set());
  return found;
}

/** The mutations with at least one argument or input field that `matches`, by name. */
export function mutationsWith(
  schema: GraphQLSchema,
  matches: (name: string, type: GraphQLInputType) => boolean,
): Map<string, ArgumentPath[]> {
  const mutations = Object.values(schema.getMutationType()!.getFields());
  return new Map(mutations.map((m) => [m.name, argumentPaths(m, matches)] as const).filter(([, paths]) => paths.length > 0));
}

/** A call of a root mutation with every argument as a variable of its own name, selecting `selection`. */
export function mutationText(schema: GraphQLSchema, name: string, selection = '__typename'): string {
  const field = schema.getMutationType()!.getFields()[name]!;
  const variables = field.args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `mutation${variables ? ` (${variables})` : ''} { ${name}${args ? `(${args})` : ''} { ${selection} } }`;
}
