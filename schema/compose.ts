import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

import { SUBGRAPHS, type SubgraphEntry } from '../subgraphs/registry.js';

export interface ComposedGraph {
  /** Each subgraph's SDL, printed from code. */
  subgraphs: { name: string; sdl: string }[];
  /** The supergraph the gateway serves. */
  supergraphSdl: string;
}

/** Prints every subgraph's SDL from code and composes the supergraph; throws on composition errors. */
export async function composeGraph(entries: readonly SubgraphEntry[] = SUBGRAPHS): Promise<ComposedGraph> {
  const subgraphs = await Promise.all(
    entries.map(async ({ name, routingUrl, schema }) => ({ name, url: routingUrl, sdl: (await schema()).sdl })),
  );
  const result = composeServices(subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })));
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return { subgraphs: subgraphs.map(({ name, sdl }) => ({ name, sdl })), supergraphSdl: result.supergraphSdl };
}

/** Where each file lives under `schema/`. */
export const schemaFileName = (subgraph: string) => `${subgraph}.graphql`;
export const SUPERGRAPH_FILE = 'supergraph.graphql';
