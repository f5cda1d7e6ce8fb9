import { readFileSync } from 'node:fs';

import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

/**
 * @apollo/gateway exactly as its documentation starts it, for the side-by-side comparison: the
 * same supergraph and subgraphs, out-of-the-box settings, nothing of ours.
 */
const urls = JSON.parse(process.env.SUBGRAPH_URLS ?? '{}') as Record<string, string>;
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync('schema/supergraph.graphql', 'utf8'),
  buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: urls[name] ?? url }),
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' } });
console.log(`stock gateway ready: ${url}`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
