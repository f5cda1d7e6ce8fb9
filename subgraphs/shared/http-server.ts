import { ApolloServer, type ApolloServerOptions, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema, ValidationRule } from 'graphql';
import type { Registry } from 'prom-client';
import { WebSocketServer } from 'ws';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorFormatter } from './error-format.js';
import { ErrorCode } from './errors.js';
import type { Logger } from './logger.js';
import { unstorableTextAt, unstorableTextRefusal } from './storable-text.js';
import { operationMetrics } from './operation-metrics.js';

/** A readiness failure whose message is safe to show on `/ready` (others are only logged). */
export class NotReady extends Error {}

export interface RunningServer {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  httpServer: Server;
  /** Stops accepting connections, lets in-flight requests finish, then releases resources. */
  close(): Promise<void>;
}

export interface GraphQLServerOptions<TContext extends BaseContext> {
  name: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  logger: Logger;
  executable: { schema: GraphQLSchema } | { gateway: GatewayInterface };
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
  /** Checks behind `/ready`: database and upstream services reachable. */
  ready?: () => Promise<void>;
  /**
   * Serves GraphQL over WebSocket (graphql-ws) on the same port and path; returns what to
   * dispose on close.
   */
  webSocket?: (server: WebSocketServer) => { dispose(): void | Promise<void> };
  /** Served at `/metrics` in the Prometheus text format. */
  metrics?: Registry;
  /** Runs after the HTTP server has drained (close database pools, stop listeners). */
  onClose?: () => Promise<void>;
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
 * Starts an Apollo Server on Express with `/graphql`, `/health` (alive) and `/ready`
 * (dependencies reachable). The gateway and every subgraph run on this.
 */
export async function startGraphQLServer<TContext extends BaseContext>(
  options: GraphQLServerOptions<TContext>,
): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy ?? false);
  const httpServer = createServer(app);
  const wsServer = options.webSocket ? new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: WEBSOCKET_MAX_MESSAGE_BYTES }) : undefined;
  const webSocket = wsServer && options.webSocket!(wsServer);
  const inFlight = new InFlightOperations();
  const apollo = new ApolloServer<TContext>({
    ...options.executable,
    introspection: options.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter(options.logger),
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
      ...(options.metrics ? [operationMetrics(options.metrics, options.logger) as ApolloServerPlugin<TContext>] : []),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'alive', service: options.name });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await options.ready?.();
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
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    refuseUnstorableText,
    expressMiddleware(apollo, { context: ({ req }) => options.context(req) }),
  );
  app.use(requestRefused(options.logger));

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${publicHost(options.host)}:${port}/graphql`;
  options.logger.info({ url }, `${options.name} listening`);

  let closing: Promise<void> | undefined;
  return {
    url,
    httpServer,
    close: () =>
      (closing ??= (async () => {
        // Subscribers are told the server is going away (1001) and reconnect to another replica.
        await webSocket?.dispose();
        for (const client of wsServer?.clients ?? []) client.close(1001, 'Server shutting down');
        await new Promise<void>((resolve) => (wsServer ? wsServer.close(() => resolve()) : resolve()));
        await apollo.stop();
        await inFlight.settled();
        await options.onClose?.();
        options.logger.info(`${options.name} stopped`);
      })()),
  };
}
