import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { isSignedIn, type Caller } from '../../subgraphs/shared/caller.js';
import { IDENTITY_HEADER, REQUEST_ID_HEADER, signIdentity, type IdentitySecret } from '../../subgraphs/shared/identity.js';
import { startGraphQLServer, type RunningServer } from '../../subgraphs/shared/http-server.js';
import { createLogger } from '../../subgraphs/shared/logger.js';
import { callerFromAuthorization, createTokenVerifier } from './auth.js';
import type { GatewayConfig } from './env.js';

export interface GatewayContext {
  caller: Caller;
  requestId: string;
  /** The caller's identity signed for subgraphs; signed once per request, on first use. */
  forwardedIdentity?: Promise<string>;
}

/** A request id we accept from a client or load balancer: short and plain, or we make our own. */
const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Sends each subgraph the caller's identity (signed) and the request id. */
class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly secret: IdentitySecret) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http!.headers;
    if (!('caller' in context)) return; // the gateway's own health checks carry no caller
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (isSignedIn(context.caller)) {
      context.forwardedIdentity ??= signIdentity(context.caller, this.secret);
      headers.set(IDENTITY_HEADER, await context.forwardedIdentity);
    }
  }
}

/** Starts the gateway over the static supergraph file. */
export async function start(config: GatewayConfig): Promise<RunningServer> {
  const logger = createLogger('gateway', config.logLevel);
  const supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  const verifyToken = createTokenVerifier(config.tokens);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new IdentityForwardingDataSource(config.subgraphUrls[name] ?? url!, config.identitySecret),
  });
  return startGraphQLServer<GatewayContext>({
    name: 'gateway',
    host: config.host,
    port: config.port,
    logger,
    executable: { gateway: gateway as unknown as GatewayInterface },
    introspection: config.introspection,
    plugins: config.production ? [ApolloServerPluginLandingPageDisabled()] : [],
    context: async (req) => {
      const offered = req.header(REQUEST_ID_HEADER);
      const requestId = offered && REQUEST_ID.test(offered) ? offered : randomUUID();
      req.res?.setHeader(REQUEST_ID_HEADER, requestId);
      return { caller: await callerFromAuthorization(req.header('authorization'), verifyToken), requestId };
    },
  });
}
