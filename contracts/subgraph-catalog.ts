/**
 * The graph's subgraphs and the port each listens on by default (development, docker-compose). A
 * new subgraph is added here first: its `<NAME>_PORT` and `<NAME>_URL` defaults, its routing URL
 * in the supergraph and the statistics subgraph following its audit trail all come from this list.
 * Plain data, so every layer can read it without loading any subgraph.
 */
export const SUBGRAPH_CATALOG = [
  { name: 'organizations', port: 4001 },
  { name: 'incidents', port: 4002 },
  { name: 'advisories', port: 4003 },
  // Before statistics, which follows every other subgraph's audit trail and so must learn where it is.
  { name: 'mail', port: 4005 },
  { name: 'statistics', port: 4004 },
] as const satisfies readonly { name: string; port: number }[];

export type SubgraphName = (typeof SUBGRAPH_CATALOG)[number]['name'];

/** The variable naming a subgraph's address, `ORGANIZATIONS_URL` for `organizations`; its port is `<NAME>_PORT`. */
export const subgraphVariable = (name: string, suffix: 'URL' | 'PORT' | 'ADMIN_PORT') => `${name.toUpperCase()}_${suffix}`;

/** A catalogued subgraph's default port; undefined for one not (yet) in the catalog. */
export const defaultPortOf = (name: string): number | undefined => SUBGRAPH_CATALOG.find((entry) => entry.name === name)?.port;
