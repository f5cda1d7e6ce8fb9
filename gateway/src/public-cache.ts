import type { ApolloServerPlugin } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';

import { isSignedIn } from '../../platform/caller.js';
import type { GatewayContext } from './server.js';

const anonymous = ({ contextValue }: { contextValue: GatewayContext }) => !isSignedIn(contextValue.caller);

/**
 * What the public may read (TLP:CLEAR advisories, sectors, public statistics) is the same for
 * every anonymous caller, and is what a surge of public traffic during a national incident asks
 * for. So an anonymous query's result is kept at the gateway for `seconds` and sent with
 * `Cache-Control: max-age=<seconds>, public` for CDNs and browsers; the data is at most that stale.
 * A signed-in caller's response is never stored, here or anywhere (`Cache-Control: no-store`).
 * The policy is the gateway's own: subgraphs' cache headers are not consulted.
 */
export function publicResponseCache(seconds: number): ApolloServerPlugin<GatewayContext>[] {
  if (seconds === 0) return [];
  const anonymousQueriesArePublic: ApolloServerPlugin<GatewayContext> = {
    requestDidStart: async () => ({
      didResolveOperation: async (request) => {
        if (request.operation?.operation === 'query' && anonymous(request))
          request.overallCachePolicy.replace({ maxAge: seconds, scope: 'PUBLIC' });
      },
    }),
  };
  return [
    anonymousQueriesArePublic,
    responseCachePlugin<GatewayContext>({
      sessionId: async () => null,
      shouldReadFromCache: async (request) => anonymous(request),
      shouldWriteToCache: async (request) => anonymous(request),
    }),
  ];
}
