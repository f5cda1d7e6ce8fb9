import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayGraphQLResponse, GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express from 'express';
import { GraphQLError, Kind, parse } from 'graphql';
import { Counter, Gauge, type Registry } from 'prom-client';

import { isSignedIn, type Caller } from '../../platform/caller.js';
import { startGraphQLServer, type GraphQLServerOptions, type RunningServer } from '../../platform/http-server.js';
import { acceptedRequestId, CORRELATION_ID_HEADER, IDENTITY_HEADER, IdentitySigner, REQUEST_ID_HEADER } from '../../platform/identity.js';
import { createLogger, type Logger } from '../../platform/logger.js';
import { createMetrics } from '../../platform/metrics.js';
import type { TraceContext } from '../../platform/telemetry.js';
import { DocumentLimits, operationLimits, readSafelist, safelistPlugin, safelistStore, subscriptionAdmission } from './abuse-limits.js';
import { callerFromAuthorization, createTokenVerifier, type TokenVerifier } from './auth.js';
import { consoleRoutes, type DemoSignIn } from './console.js';
import { DemandControl } from './demand-control.js';
import { DOWNLOAD_TABLE } from './downloads.js';
import { subgraphUrls, type GatewayConfig } from './env.js';
import { CSAF_TABLE } from './exchange/csaf.js';
import { MISP_TABLE } from './exchange/misp.js';
import { taxiiRoutes, withTaxiiOperations } from './exchange/taxii.js';
import { explorerRoutes } from './explorer.js';
import { IdentityRefusals, refusesForwardedIdentity } from './identity-refusals.js';
import { documentRoutes, withDocumentOperations, type DocumentTable } from './operation-documents.js';
import { publicResponseCache } from './public-cache.js';
import { RateLimits } from './rate-limits.js';
import { subgraphsReady } from './readiness.js';
import { RegisteredCallers, REGISTRY_SUBGRAPH, registryLookup } from './registered-callers.js';
import { sharingIdenticalQueries } from './shared-operations.js';
import { subgraphClients } from './subgraph-fetcher.js';
import { SubscriptionPlanner } from './subscriptions/event-plan.js';
import { SubscriptionHub } from './subscriptions/hub.js';
import { UpstreamConnections } from './subscriptions/upstream.js';
import { serveSubscriptions, type WebSocketOptions } from './subscriptions/websocket.js';

/** The documents served over plain GETs, each table at its mount: downloads, then the exchange formats partners subscribe to. */
const DOCUMENT_TABLES: readonly DocumentTable[] = [DOWNLOAD_TABLE, CSAF_TABLE, MISP_TABLE];

/** What the gateway knows of each request (and each subscriber) while it serves it. */
export interface GatewayContext {
  /** Who asks: the public, or the caller its verified token names. */
  caller: Caller;
  /** Made by the gateway for every request (and every subscriber): what logs and audit lines are keyed by. */
  requestId: string;
  /** The client's or load balancer's own id for the request, if it sent one: logged beside ours. */
  correlationId?: string;
  /** A subscriber's `traceparent`, while tracing: each of its events is completed in a span of that trace. */
  trace?: TraceContext;
}

/**
 * Sends each subgraph the caller's identity (signed) and the request id. A subgraph refusing that
 * identity fails its part with SERVICE_UNAVAILABLE, not the UNAUTHENTICATED it answered: the
 * gateway signed it, so the fault is the deployment's (see `IdentityRefusals`).
 */
class IdentityForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    fetcher: RemoteGraphQLDataSource['fetcher'],
    private readonly identities: IdentitySigner,
    private readonly refusals: IdentityRefusals,
  ) {
    // The gateway sets the cache policy itself (see public-cache.ts).
    super({ url, fetcher, honorSubgraphCacheControlHeader: false });
  }

  override async didReceiveResponse({ response }: { response: GatewayGraphQLResponse }): Promise<GatewayGraphQLResponse> {
    if (refusesForwardedIdentity(response.errors)) throw this.refusals.report(this.subgraph);
    return response;
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const headers = request.http!.headers;
    if (!('caller' in context)) return; // the gateway's own health checks carry no caller
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.correlationId) headers.set(CORRELATION_ID_HEADER, context.correlationId);
    if (isSignedIn(context.caller)) {
      headers.set(IDENTITY_HEADER, await this.identities.sign(context.caller));
    }
  }
}

/** @apollo/gateway executes no subscriptions; over HTTP they get a clear pointer to WebSocket. */
const subscriptionsOverWebSocket: ApolloServerPlugin<GatewayContext> = {
  requestDidStart: async () => ({
    didResolveOperation: async ({ operation }) => {
      if (operation?.operation === 'subscription') {
        throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) at this same URL', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      }
    },
  }),
};

/** The names of the safelist's operations: metric labels whoever sends them (see `operationLabels`). */
function operationNames(safelist: ReadonlyMap<string, string>): ReadonlySet<string> {
  return new Set(
    [...safelist.values()].flatMap((body) =>
      parse(body).definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION && definition.name ? [definition.name.value] : [],
      ),
    ),
  );
}

/** How the gateway reaches its subgraphs over HTTP, as the caller it acts for. */
interface SubgraphAccess {
  /** Each subgraph's URL: the supergraph's routing URL unless its `<SUBGRAPH>_URL` says otherwise. */
  urls: Record<string, string>;
  identities: IdentitySigner;
  refusals: IdentityRefusals;
  /** A new data source for one subgraph, over that subgraph's pooled client and circuit breaker. */
  dataSource: (subgraph: string) => IdentityForwardingDataSource;
  /** Stops the HTTP clients (their pools and breakers). */
  close: () => Promise<void>;
}

/** The subgraphs' URLs, the identity signer and one pooled, circuit-broken HTTP client per subgraph. */
function subgraphAccess(config: GatewayConfig, planner: SubscriptionPlanner, logger: Logger, metrics: Registry): SubgraphAccess {
  const urls = subgraphUrls(planner.routingUrls, config.urlVariables);
  const identities = new IdentitySigner(config.identitySecret, config.identityTtlSeconds);
  const refusals = new IdentityRefusals(logger);
  const clients = subgraphClients({
    connectionsPerSubgraph: config.subgraphConnections.perSubgraph,
    timeoutMs: config.subgraphConnections.timeoutMs,
    breakerErrorPercentage: config.subgraphConnections.breakerErrorPercentage,
    breakerResetMs: config.subgraphConnections.breakerResetMs,
    shareIdenticalReads: config.shareIdenticalReads,
    metrics,
  });
  const fetchers = new Map(Object.keys(urls).map((name) => [name, clients.fetcherFor(name)]));
  return {
    urls,
    identities,
    refusals,
    dataSource: (name) => new IdentityForwardingDataSource(name, urls[name]!, fetchers.get(name)!, identities, refusals),
    close: clients.close,
  };
}

/** @apollo/gateway over the static supergraph, fetching through `subgraphs`; it never calls out to Apollo or a cloud. */
function federatedGateway(supergraphSdl: string, subgraphs: SubgraphAccess): GatewayInterface {
  // @apollo/gateway reads this in its constructor. Unset, it probes the AWS, Azure, GCP and Alibaba
  // cloud metadata addresses to describe its host and sends usage metrics to Apollo hourly and at
  // every shutdown: a service on a closed government network never calls out, whatever its environment says.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name }) => subgraphs.dataSource(name) });
  return gateway as unknown as GatewayInterface;
}

/** What a subscription is checked against before it joins the hub: as over HTTP. */
type SubscriptionChecks = Pick<WebSocketOptions, 'verifyToken' | 'validationRules' | 'admit' | 'safelist'>;

/**
 * The subscription side of the gateway: one hub (see {@link SubscriptionHub}) over one multiplexed
 * WebSocket per subgraph, served by graphql-ws on the HTTP server's own port, and counted in
 * `metrics`. `close` ends every subscription and the upstream connections.
 */
function subscriptionService(
  config: GatewayConfig,
  planner: SubscriptionPlanner,
  subgraphs: SubgraphAccess,
  logger: Logger,
  metrics: Registry,
  checks: SubscriptionChecks,
): { serve: NonNullable<GraphQLServerOptions<GatewayContext>['webSocket']>; close: () => Promise<void> } {
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [metrics] });
  const upstream = new UpstreamConnections(subgraphs.urls);
  const hub = new SubscriptionHub({
    planner,
    upstream,
    dataSources: Object.fromEntries(Object.keys(subgraphs.urls).map((name) => [name, subgraphs.dataSource(name)])),
    identities: subgraphs.identities,
    identityRefused: (subgraph) => subgraphs.refusals.report(subgraph),
    logger,
    gauges: {
      subscribers: gauge('graphql_subscriptions_active', 'Client subscriptions being served'),
      topics: gauge('graphql_subscription_upstreams', 'Upstream subscriptions (one per operation, variables and scope)'),
    },
  });
  const connections = gauge('graphql_ws_connections', 'Open graphql-ws connections');
  return {
    serve: (server) => serveSubscriptions(server, { ...checks, planner, hub, limits: config.subscriptionLimits, logger, connections }),
    close: async () => {
      hub.close();
      await upstream.close();
    },
  };
}

/**
 * Each HTTP request's context: its request id (and the client's correlation id, echoed), and its
 * caller — after the address is counted, the token verified, the caller counted and the document's
 * size admitted, the cheapest first, so a request refused for any of these costs no GraphQL validation.
 */
function requestContext(
  rateLimits: RateLimits,
  verifyToken: TokenVerifier,
  documents: DocumentLimits,
): GraphQLServerOptions<GatewayContext>['context'] {
  return async (req) => {
    const requestId = randomUUID();
    const correlationId = acceptedRequestId(req.header(CORRELATION_ID_HEADER)) ?? acceptedRequestId(req.header(REQUEST_ID_HEADER));
    req.res?.setHeader(REQUEST_ID_HEADER, requestId);
    if (correlationId) req.res?.setHeader(CORRELATION_ID_HEADER, correlationId);
    // Counted before the token is verified: a token that does not verify uses up the address too.
    await rateLimits.countAddress(req.ip);
    const { caller } = await callerFromAuthorization(req.header('authorization'), verifyToken);
    await rateLimits.countCaller(caller);
    // Too large a document is refused here, before GraphQL parses and validates it (see DocumentLimits).
    documents.admit(req.body?.query ?? req.query.query, caller);
    return { caller, requestId, correlationId };
  };
}

/** The gateway's own Apollo Server plugins, in the order Apollo calls them. */
function gatewayPlugins(
  config: GatewayConfig,
  limits: ReturnType<typeof operationLimits>,
  demandControl: DemandControl,
  safelist: ReadonlyMap<string, string> | undefined,
): ApolloServerPlugin<GatewayContext>[] {
  return [
    subscriptionsOverWebSocket,
    ...(limits.plugins as ApolloServerPlugin<GatewayContext>[]),
    demandControl.plugin() as ApolloServerPlugin<GatewayContext>,
    ...(safelist ? [safelistPlugin(safelist) as ApolloServerPlugin<GatewayContext>] : []),
    ...publicResponseCache(config.publicCacheSeconds),
    // Apollo's landing page loads its embed and fonts from the internet: the explorer is ours (explorer.ts).
    ApolloServerPluginLandingPageDisabled(),
  ];
}

/** What the gateway is given beside its configuration. */
export interface StartOptions {
  /** The demo tokens the console's sign-in page offers (development: `npm start` mints them). */
  demoSignIn?: readonly DemoSignIn[];
}

/** The pages for people: the console at `/` and the explorer at `/graphql`, as configured. */
function pageRoutes(config: GatewayConfig, options: StartOptions): express.Router | undefined {
  if (!config.console && !config.explorer) return undefined;
  const router = express.Router();
  if (config.explorer) router.use(explorerRoutes());
  if (config.console) router.use(consoleRoutes(undefined, options.demoSignIn));
  return router;
}

/**
 * Starts the gateway over the static supergraph file: queries and mutations over HTTP, subscriptions
 * over WebSocket on the same port and path, documents to download at `/downloads` (see
 * `downloads.ts`), the explorer for browsers at `/graphql` when configured (see `explorer.ts`),
 * `/ready` and `/metrics` on the admin port. Every request is refused as early as its refusal can
 * be known — rate limits, token, document size, validation, cost, safelist — before anything is
 * sent to a subgraph. The supergraph is read once: the gateway serves the composition checked in
 * beside it, never one fetched or composed at run time. Rejects when it cannot serve: a port taken,
 * a safelist that is not a manifest, a subgraph serving an event stream without the head query
 * where its streams start.
 */
export async function start(config: GatewayConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = createLogger('gateway', config.logLevel, config.logFormat);
  const supergraphSdl = await readFile(config.supergraphPath, 'utf8');
  const planner = new SubscriptionPlanner(supergraphSdl);
  const metrics = createMetrics('gateway');
  const subgraphs = subgraphAccess(config, planner, logger, metrics);
  const { urls, identities, refusals } = subgraphs;
  const registryUrl = urls[REGISTRY_SUBGRAPH];
  const verifyToken = createTokenVerifier(
    config.tokens,
    registryUrl ? new RegisteredCallers(registryLookup(registryUrl, identities, refusals), logger) : undefined,
  );
  const federated = federatedGateway(supergraphSdl, subgraphs);
  const gateway = config.shareIdenticalReads
    ? sharingIdenticalQueries(
        federated,
        new Counter({
          name: 'gateway_operations_shared_total',
          help: 'Queries answered by an identical query of the same caller already being executed (same document, operation name and variables)',
          registers: [metrics],
        }),
      )
    : federated;
  const limits = operationLimits(config.operationLimits);
  const documents = new DocumentLimits(config.operationLimits);
  const demandControl = new DemandControl(planner.schema, supergraphSdl, config.demandControl, logger);
  // The documents' operations are the gateway's own: registered by being in its tables.
  const safelist = config.safelistPath
    ? withTaxiiOperations(withDocumentOperations(await readSafelist(config.safelistPath), DOCUMENT_TABLES))
    : undefined;
  const subscriptions = subscriptionService(config, planner, subgraphs, logger, metrics, {
    verifyToken,
    validationRules: limits.validationRules,
    admit: subscriptionAdmission(documents, demandControl),
    safelist,
  });
  const rateLimits = await RateLimits.open(config.rateLimits, logger);

  return startGraphQLServer<GatewayContext>({
    name: 'gateway',
    host: config.host,
    port: config.port,
    admin: config.admin,
    logger,
    executable: { gateway },
    introspection: config.introspection,
    metrics,
    ...(safelist && { registeredOperations: operationNames(safelist) }),
    ready: subgraphsReady(urls, identities, refusals),
    webSocket: subscriptions.serve,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    trustProxy: config.trustProxy,
    limits: config.httpLimits,
    corsOrigins: config.corsOrigins,
    webSocketAdmission: {
      connectionsPerAddress: config.webSocketConnectionsPerAddress,
      admit: (address) => rateLimits.countAddress(address),
    },
    ...(safelist && { persistedQueries: safelistStore(safelist) }),
    onClose: async () => {
      await subscriptions.close();
      await subgraphs.close();
      await rateLimits.close();
    },
    plugins: gatewayPlugins(config, limits, demandControl, safelist),
    context: requestContext(rateLimits, verifyToken, documents),
    operationRoutes: [...DOCUMENT_TABLES.map((table) => documentRoutes(table, planner.schema)), taxiiRoutes()],
    pages: pageRoutes(config, options),
  }).catch(async (error: unknown) => {
    await rateLimits.close(); // its store connection would keep a gateway that failed to start alive
    throw error;
  });
}
