import { createClient as createWebSocketClient, type Client as WebSocketClient } from 'graphql-ws';
import { cacheExchange, Client, fetchExchange, subscriptionExchange } from 'urql';

/** Where the graph answers: the console is served by the gateway, so the same origin. */
export const GRAPHQL_PATH = '/graphql';

const webSocketUrl = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GRAPHQL_PATH}`;

/**
 * The console's one connection to the graph, for one signed-in person: queries and mutations over
 * HTTP with the token as a bearer, subscriptions over graphql-ws with it in the connection's
 * parameters — the public API exactly as a third-party dashboard would use it.
 */
export function graphClient(token: string | undefined): { client: Client; close(): void } {
  let webSocket: WebSocketClient | undefined;
  const lazyWebSocket = () =>
    (webSocket ??= createWebSocketClient({
      url: webSocketUrl(),
      // The gateway reads `authorization` (lower case) from connection_init, as HTTP headers are read.
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      lazy: true,
      retryAttempts: Infinity,
      shouldRetry: () => true,
    }));
  const client = new Client({
    url: GRAPHQL_PATH,
    // Mutations change what lists show: asking again is simpler and safer than patching a cache.
    requestPolicy: 'cache-and-network',
    // POST always: the gateway's CSRF protection refuses simple GET requests, and tokens stay out of URLs and logs.
    preferGetMethod: false,
    fetchOptions: (): RequestInit => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: lazyWebSocket().subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, close: () => void webSocket?.dispose() };
}
