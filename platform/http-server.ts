import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

import { ApolloServer, HeaderMap, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import express from 'express';
import { GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import type { Registry } from 'prom-client';
import proxyaddr from 'proxy-addr';
import { WebSocketServer } from 'ws';

import type { AdminEndpoint, HttpServerLimits } from './env.js';
import { errorFormatter, type ErrorMapping } from './error-format.js';
import { ErrorCode } from './errors.js';
import { CORRELATION_ID_HEADER, REQUEST_ID_HEADER } from './identity.js';
import type { Logger } from './logger.js';
import { operationMetrics } from './operation-metrics.js';
import { unstorableTextAt, unstorableTextRefusal } from './storable-text.js';
import { traceRequests, tracing } from './telemetry.js';

/** A readiness failure whose message is safe to show on `/ready` (others are only logged). */
export class NotReady extends Error {}

/** A started service: where it listens, and how to stop it. */
export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** The admin port's base URL, e.g. `http://127.0.0.1:9400`: `/ready`, `/metrics` and `/health` there. */
  adminUrl: string;
  httpServer: Server;
  /** Stops accepting connections, lets in-flight requests finish, then releases resources. */
  close(): Promise<void>;
}

/** What a GraphQL operation run for a route answered: its HTTP status and headers, and its JSON body. */
export interface OperationAnswer {
  status: number;
  headers: ReadonlyMap<string, string>;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: unknown } }[] };
}

/**
 * Runs a GraphQL operation for a request to another route exactly as the same request POSTed to
 * `/graphql` would run: the same context (token, rate limits), plugins, limits and audit.
 */
export type OperationRunner = (
  req: express.Request,
  operation: { query: string; variables: Record<string, unknown> },
) => Promise<OperationAnswer>;

/** Routes beside `/graphql` whose answers come from GraphQL operations (the gateway's downloads and exchange routes). */
export interface OperationRoutes {
  /** Where they are mounted, e.g. `/downloads`. */
  path: string;
  /** The routes' handler, given how to run an operation as the request's caller. */
  handler: (run: OperationRunner) => express.RequestHandler;
}

/** What {@link startGraphQLServer} serves, and how. */
export interface GraphQLServerOptions<TContext extends BaseContext> {
  /** The service's name, in its log lines and on `/health` and `/ready`. */
  name: string;
  /** The address the public port binds. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Where `/ready` and `/metrics` are served, apart from `port` (see {@link startAdminServer}). */
  admin: AdminEndpoint;
  logger: Logger;
  /** A subgraph's schema, or the gateway's @apollo/gateway. */
  executable: { schema: GraphQLSchema } | { gateway: GatewayInterface };
  /** Each request's context, made before GraphQL runs; what it throws refuses the request. */
  context: (req: express.Request) => Promise<TContext>;
  /** Largest accepted request body. @default '1mb' */
  bodyLimit?: string;
  introspection?: boolean;
  plugins?: ApolloServerPlugin<TContext>[];
  /** Where automatic persisted queries are kept (Apollo's in-memory cache when omitted). */
  persistedQueries?: ApolloServerOptions<TContext>['persistedQueries'];
  /** Parser limits (operation length). */
  parseOptions?: { maxTokens?: number };
  /** Extra validation rules (operation limits). */
  validationRules?: ValidationRule[];
  /** Express's `trust proxy`: which forwarding proxies to believe for the client address. @default false */
  trustProxy?: boolean | number | string;
  /** Request, header and keep-alive timeouts and the connection cap. */
  limits: HttpServerLimits;
  /** Errors this server knows how to explain beyond the platform's defaults (a subgraph's: see `subgraphErrors`). */
  errorMapping?: ErrorMapping;
  /** Origins whose pages may call `/graphql` from a browser (CORS); none when empty or omitted. */
  corsOrigins?: readonly string[];
  /** Checks behind the admin port's `/ready`: database and upstream services reachable. */
  ready?: () => Promise<void>;
  /**
   * Serves GraphQL over WebSocket (graphql-ws) on the same port and path; returns what to
   * dispose on close.
   */
  webSocket?: (server: WebSocketServer) => { dispose(): void | Promise<void> };
  /** Who may open a WebSocket connection, decided at the HTTP upgrade (see `acceptWebSockets`). */
  webSocketAdmission?: WebSocketAdmission;
  /** Served at the admin port's `/metrics` in the Prometheus text format. */
  metrics?: Registry;
  /**
   * Operation names that may become metric labels whoever sends them (the safelist's); other names
   * only from signed-in callers, up to a cap (see `operationMetrics`).
   */
  registeredOperations?: ReadonlySet<string>;
  /** Runs after the HTTP server has drained (close database pools, stop listeners). */
  onClose?: () => Promise<void>;
  /** Routes served by running GraphQL operations through this same server (see {@link OperationRunner}), each at its path. */
  operationRoutes?: readonly OperationRoutes[];
  /** Pages for browsers, tried before GraphQL (the gateway's explorer): what they pass on, GraphQL serves. */
  pages?: express.Router;
}

/**
 * A request whose operation name or extensions hold text that cannot be stored is refused whole,
 * up front. Argument values — in variables or written in the document — are refused by each
 * subgraph as it validates a field's arguments (see `argument-validation.ts`), where a refused
 * submission is still kept.
 */
const refuseUnstorableText: express.RequestHandler = (req, res, next) => {
  const { operationName, extensions } = (req.body ?? {}) as { operationName?: unknown; extensions?: unknown };
  const at = unstorableTextAt({ operationName, extensions });
  if (at === null) return next();
  const refusal = unstorableTextRefusal(at);
  res.status(400).json({ errors: [{ message: refusal.message, extensions: { code: ErrorCode.BAD_USER_INPUT } }] });
};

/**
 * A request refused before GraphQL runs (body too large, not JSON) gets a GraphQL-shaped JSON
 * error with its HTTP status, never Express's HTML page with a stack trace.
 */
function requestRefused(logger: Logger): express.ErrorRequestHandler {
  return (error: { status?: number; type?: string; message?: string }, _req, res, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'request failed before GraphQL');
    const message =
      error.type === 'entity.too.large'
        ? 'The request body is larger than this service accepts'
        : status === 500
          ? 'Internal server error'
          : `The request could not be read: ${error.message ?? 'malformed'}`;
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  };
}

/**
 * Operations still running. Closing waits for them before releasing what they use (database
 * pools, subgraph connections): a client that hung up does not stop its operation, and the HTTP
 * drain does not wait for a connection that is already gone.
 */
class InFlightOperations {
  private count = 0;
  private idle: (() => void)[] = [];

  readonly plugin: ApolloServerPlugin<never> = {
    requestDidStart: async () => {
      this.count += 1;
      return {
        willSendResponse: async () => {
          this.count -= 1;
          if (this.count === 0) for (const wake of this.idle.splice(0)) wake();
        },
      };
    },
  };

  /** Resolves when none is running, or after `timeoutMs` whatever remains. */
  settled(timeoutMs = 10_000): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/** The largest WebSocket message accepted (ws allows 100 MiB by default). */
const WEBSOCKET_MAX_MESSAGE_BYTES = 1024 * 1024;

function publicHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/**
 * An HTTP server that does not wait on slow clients: one taking longer than the limits to send its
 * headers, or its whole request with the body, is answered 408 and disconnected; an idle keep-alive
 * connection is closed; sockets beyond the cap are closed as they arrive. Node looks for overdue
 * requests every quarter of the headers timeout, so a timeout fires at most that late. The timeouts
 * bound receiving a request, not answering it, and end with the upgrade for a WebSocket.
 */
function limitedHttpServer(app: express.Express, limits: HttpServerLimits): Server {
  const httpServer = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.ceil(limits.headersTimeoutMs / 4),
    },
    app,
  );
  httpServer.keepAliveTimeout = limits.keepAliveTimeoutMs;
  httpServer.maxConnections = limits.maxConnections;
  return httpServer;
}

/**
 * CORS for dashboards served from their own origin: pages from the listed origins may send GraphQL
 * (and fetch downloads) with a token and JSON, and read the headers a client needs (`Retry-After`,
 * a download's file name, the request ids).
 * Preflights are answered here, before Apollo's CSRF prevention (which refuses an OPTIONS). No
 * credentials: the graph takes bearer tokens, never cookies.
 */
function allowOrigins(origins: readonly string[]): express.RequestHandler {
  return cors({
    origin: [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type', CORRELATION_ID_HEADER],
    // content-disposition: the file name of a download a page saves.
    exposedHeaders: ['retry-after', 'content-disposition', REQUEST_ID_HEADER, CORRELATION_ID_HEADER],
    credentials: false,
    maxAge: 600,
  });
}

/** Who may open a WebSocket connection, decided before the handshake. */
export interface WebSocketAdmission {
  /** Connections one client address may hold open at once on this process; 0: no cap. */
  connectionsPerAddress: number;
  /**
   * Runs for every upgrade (a rate limit per address); a GraphQLError it throws, carrying
   * `extensions.http` as Apollo reads it, refuses the upgrade with that status and headers.
   */
  admit?: (address: string) => Promise<void>;
}

/**
 * WebSocket upgrades, admitted per client address before the handshake: one beyond the address's
 * cap of open connections, or refused by `admit`, is answered with its HTTP status (429) and a
 * GraphQL-shaped error, and never becomes a connection. The address is the one Express gives HTTP
 * requests (`trust proxy`), so a client counts as the same address over both.
 */
function acceptWebSockets(
  httpServer: Server,
  wsServer: WebSocketServer,
  app: express.Express,
  admission: WebSocketAdmission,
  logger: Logger,
): void {
  const trust = app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1];
  const open = new Map<string, number>();
  const release = (address: string) => {
    const left = (open.get(address) ?? 1) - 1;
    if (left > 0) open.set(address, left);
    else open.delete(address);
  };
  httpServer.on('upgrade', async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const address = proxyaddr(req, trust);
    const cap = admission.connectionsPerAddress;
    if (cap > 0 && (open.get(address) ?? 0) >= cap) {
      return refuseUpgrade(
        socket,
        new GraphQLError(`At most ${cap} WebSocket connections per address`, {
          extensions: { code: ErrorCode.RATE_LIMITED, limit: cap, http: { status: 429 } },
        }),
      );
    }
    open.set(address, (open.get(address) ?? 0) + 1);
    socket.once('close', () => release(address));
    try {
      await admission.admit?.(address);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.http) return refuseUpgrade(socket, error);
      logger.error({ err: error }, 'could not admit a WebSocket connection');
      return refuseUpgrade(
        socket,
        new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } } }),
      );
    }
    if (!socket.destroyed) wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
}

/** Answers an upgrade with the refusal's HTTP status and headers and a GraphQL-shaped body, then hangs up. */
function refuseUpgrade(socket: Duplex, refusal: GraphQLError): void {
  const { status = 500, headers = new Map<string, string>() } = refusal.extensions.http as {
    status?: number;
    headers?: Map<string, string>;
  };
  const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.extensions.code } }] });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...[...headers].map(([name, value]) => `${name}: ${value}`),
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** Listens on `port` (0: a free one) and `host`; rejects when it cannot (the port is taken). */
function listen(httpServer: Server, port: number, host: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve((httpServer.address() as AddressInfo).port);
    });
  });
}

/** `/health`: the process is alive and serving HTTP, whatever its dependencies do. */
const alive =
  (name: string): express.RequestHandler =>
  (_req, res) => {
    res.json({ status: 'alive', service: name });
  };

interface AdminServerOptions {
  name: string;
  endpoint: AdminEndpoint;
  limits: HttpServerLimits;
  logger: Logger;
  ready: () => Promise<void>;
  metrics?: Registry;
}

/**
 * The admin port: `/ready` (dependencies reachable; 503 with the reason otherwise), `/metrics`
 * (Prometheus) and `/health`, for orchestrators and monitoring on the private network, never for
 * clients. On the public port `/ready` would let anyone read which dependency is failing and make
 * every service check its dependencies (the gateway: every subgraph) as often as they like, and
 * `/metrics` would show the traffic; `/health` stays there as well, since it shows nothing and load
 * balancers probe the port they send traffic to.
 */
async function startAdminServer(options: AdminServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', alive(options.name));
  app.get('/ready', async (_req, res) => {
    try {
      await options.ready();
      res.json({ status: 'ready', service: options.name });
    } catch (error) {
      options.logger.warn({ err: error }, 'not ready');
      res.status(503).json({ status: 'unavailable', service: options.name, ...(error instanceof NotReady && { reason: error.message }) });
    }
  });
  const { metrics } = options;
  if (metrics) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.contentType).send(await metrics.metrics());
    });
  }
  const httpServer = limitedHttpServer(app, options.limits);
  const port = await listen(httpServer, options.endpoint.port, options.endpoint.host);
  const url = `http://${publicHost(options.endpoint.host)}:${port}`;
  options.logger.info({ url }, `${options.name} admin (/ready, /metrics) listening`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections(); // a scraper's keep-alive connection would hold the close
      }),
  };
}

/**
 * Apollo Server as every service runs it: errors formatted without stack traces, nothing sent to
 * Apollo's hosted studio, in-flight operations counted (so closing waits for them), the HTTP
 * server drained on stop.
 */
function graphQLServer<TContext extends BaseContext>(
  options: GraphQLServerOptions<TContext>,
  httpServer: Server,
  inFlight: InFlightOperations,
): ApolloServer<TContext> {
  return new ApolloServer<TContext>({
    ...options.executable,
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter(options.logger, options.errorMapping),
    validationRules: options.validationRules,
    parseOptions: options.parseOptions,
    ...(options.persistedQueries !== undefined && { persistedQueries: options.persistedQueries }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Inline traces, usage and schema reports feed Apollo's hosted studio, which a national system
      // does not send data to: off even when APOLLO_KEY or APOLLO_SCHEMA_REPORTING are in the environment.
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      inFlight.plugin as ApolloServerPlugin<TContext>,
      ...(options.metrics
        ? [operationMetrics(options.metrics, options.logger, options.registeredOperations) as ApolloServerPlugin<TContext>]
        : []),
      ...(options.plugins ?? []),
    ],
  });
}

/**
 * An operation run as a POST to `/graphql` from `req` would be: Apollo's own HTTP handling (the
 * one `expressMiddleware` calls), with the context made from `req`.
 */
function operationRunner<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  options: GraphQLServerOptions<TContext>,
): OperationRunner {
  return async (req, operation) => {
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers: new HeaderMap([['content-type', 'application/json']]), search: '', body: operation },
      context: () => options.context(req),
    });
    let text = '';
    if (response.body.kind === 'complete') text = response.body.string;
    else for await (const chunk of response.body.asyncIterator) text += chunk;
    return { status: response.status ?? 200, headers: response.headers, body: JSON.parse(text) as OperationAnswer['body'] };
  };
}

/**
 * The public routes: `/health` (alive), the pages (when given), `/graphql` behind CORS (when origins are configured),
 * the JSON body limit and the refusal of unstorable text, and the operation routes (behind the same
 * CORS); anything else refused as JSON.
 */
function serveGraphQL<TContext extends BaseContext>(
  app: express.Express,
  apollo: ApolloServer<TContext>,
  options: GraphQLServerOptions<TContext>,
): void {
  app.get('/health', alive(options.name));
  const cors = options.corsOrigins?.length ? [allowOrigins(options.corsOrigins)] : [];
  if (options.pages) app.use(options.pages);
  if (options.operationRoutes?.length) {
    const run = operationRunner(apollo, options);
    for (const routes of options.operationRoutes) app.use(routes.path, ...cors, routes.handler(run));
  }
  app.use(
    '/graphql',
    ...cors,
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    refuseUnstorableText,
    // After the body is read: its stream's callbacks would not run in the span's context.
    ...(tracing() ? [traceRequests(options.name)] : []),
    expressMiddleware(apollo, { context: ({ req }) => options.context(req) }),
  );
  app.use(requestRefused(options.logger));
}

/**
 * The order a server stops in: subscribers are told it is going away (1001) and reconnect to
 * another replica, in-flight operations finish, then the service's own background work and the
 * admin port stop.
 */
async function closeInOrder(parts: {
  wsServer: WebSocketServer | undefined;
  webSocket: { dispose(): unknown } | undefined;
  apollo: { stop(): Promise<void> };
  inFlight: InFlightOperations;
  onClose: (() => Promise<void>) | undefined;
  admin: { close(): Promise<void> };
}): Promise<void> {
  const { wsServer } = parts;
  await parts.webSocket?.dispose();
  for (const client of wsServer?.clients ?? []) client.close(1001, 'Server shutting down');
  await new Promise<void>((resolve) => (wsServer ? wsServer.close(() => resolve()) : resolve()));
  await parts.apollo.stop();
  await parts.inFlight.settled();
  await parts.onClose?.();
  await parts.admin.close();
}

/**
 * Starts an Apollo Server on Express with `/graphql` and `/health` (alive) on the public port, and
 * the admin port beside it (`/ready`, `/metrics`). The gateway and every subgraph run on this.
 */
export async function startGraphQLServer<TContext extends BaseContext>(options: GraphQLServerOptions<TContext>): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  const httpServer = limitedHttpServer(app, options.limits);
  const wsServer = options.webSocket
    ? new WebSocketServer({ noServer: true, path: '/graphql', maxPayload: WEBSOCKET_MAX_MESSAGE_BYTES })
    : undefined;
  if (wsServer) acceptWebSockets(httpServer, wsServer, app, options.webSocketAdmission ?? { connectionsPerAddress: 0 }, options.logger);
  const webSocket = wsServer && options.webSocket!(wsServer);
  const inFlight = new InFlightOperations();
  const apollo = graphQLServer(options, httpServer, inFlight);
  await apollo.start();

  serveGraphQL(app, apollo, options);

  // Not ready until the public port listens, nor once closing has begun, so no traffic is routed to it then.
  let phase: 'starting' | 'serving' | 'stopping' = 'starting';
  const admin = await startAdminServer({
    name: options.name,
    endpoint: options.admin,
    limits: options.limits,
    logger: options.logger,
    metrics: options.metrics,
    ready: async () => {
      if (phase !== 'serving') throw new NotReady(phase === 'starting' ? 'starting' : 'shutting down');
      await options.ready?.();
    },
  }).catch(async (error: unknown) => {
    await apollo.stop();
    throw error;
  });
  const port = await listen(httpServer, options.port, options.host).catch(async (error: unknown) => {
    await admin.close();
    await apollo.stop();
    throw error;
  });
  const url = `http://${publicHost(options.host)}:${port}/graphql`;
  options.logger.info({ url }, `${options.name} listening`);
  phase = 'serving';

  let closing: Promise<void> | undefined;
  return {
    url,
    adminUrl: admin.url,
    httpServer,
    close: () =>
      (closing ??= (async () => {
        phase = 'stopping';
        await closeInOrder({ wsServer, webSocket, apollo, inFlight, onClose: options.onClose, admin });
        options.logger.info(`${options.name} stopped`);
      })()),
  };
}
