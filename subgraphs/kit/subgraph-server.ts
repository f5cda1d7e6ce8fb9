import 'reflect-metadata';

import type { BaseContext as ApolloBaseContext, ApolloServerPlugin } from '@apollo/server';
import type { MikroORM, Options } from '@mikro-orm/postgresql';
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';

import { CleanupStack } from '../../platform/cleanup-stack.js';
import { ErrorCode } from '../../platform/errors.js';
import { startGraphQLServer, type RunningServer } from '../../platform/http-server.js';
import { acceptedRequestId, IDENTITY_EXTENSION, REQUEST_ID_EXTENSION } from '../../platform/identity.js';
import { createLogger, type Logger } from '../../platform/logger.js';
import { createMetrics } from '../../platform/metrics.js';
import { WEBSOCKET_KEEP_ALIVE_MS } from '../../platform/subscription-protocol.js';
import { auditSubscriptionEvents, auditTrail, type AuditedRequestContext } from './audit/audit-plugin.js';
import { countStatements, openDatabase } from './database.js';
import type { FederatedSchema } from './federation.js';
import { serviceOnlyIntrospection } from './service-introspection.js';
import { subgraphErrors } from './subgraph-errors.js';
import {
  databaseReachable,
  forwardedIdentityVerifier,
  identify,
  identifyRequest,
  type Identity,
  type IdentityVerifier,
  type SubgraphConfig,
} from './subgraph-runtime.js';
import type { SubgraphServices } from './subgraph-services.js';

export interface SubgraphDefinition<TContext extends ApolloBaseContext, TBackground = undefined> {
  /** Lowercase letters and digits, at most 20 characters: it names the subgraph in the audit trail and in `<NAME>_URL`. */
  name: string;
  config: SubgraphConfig;
  ormOptions: (logger: Logger) => Options;
  schema: () => Promise<FederatedSchema>;
  /** The per-request context, from the database, the verified caller and what `prepare` started. */
  context: (orm: MikroORM, identity: Identity, background: TBackground) => TContext;
  /** Serve subscriptions over graphql-ws (the gateway subscribes here). */
  subscriptions?: boolean;
  /**
   * After migrations, before serving: demo data, event feeds, watchers, each handed to
   * `services.defer` to be stopped on close. What it returns reaches every request's context, so
   * no request can see the subgraph half-prepared.
   */
  prepare?: (services: SubgraphServices) => Promise<TBackground>;
}

const SUBGRAPH_NAME = /^[a-z][a-z0-9]{0,19}$/;

/**
 * Starts a subgraph: opens its database (applying migrations), prepares its background work,
 * and serves GraphQL. Closing drains requests, stops the background work, then the database.
 */
export async function startSubgraph<TContext extends ApolloBaseContext, TBackground = undefined>(
  definition: SubgraphDefinition<TContext, TBackground>,
): Promise<RunningServer> {
  const { config, name } = definition;
  if (!SUBGRAPH_NAME.test(name)) throw new Error(`subgraph name "${name}": use lowercase letters and digits, at most 20 characters`);
  const logger = createLogger(name, config.logLevel, config.logFormat);
  const orm = await openDatabase(definition.ormOptions(logger), { migrate: config.migrate, lockUrl: config.databaseListenUrl });
  const metrics = createMetrics(name);
  countStatements(orm, metrics);
  const verify = forwardedIdentityVerifier(config.identitySecret);
  const background = new CleanupStack();
  const services: SubgraphServices = { name, config, orm, logger, metrics, defer: (stop) => background.defer(stop) };
  try {
    const prepared = (await definition.prepare?.(services)) as TBackground;
    const context = (identity: Identity) => definition.context(orm, identity, prepared);
    const schema = serviceOnlyIntrospection((await definition.schema()).schema, () => databaseReachable(orm));
    return await startGraphQLServer({
      name,
      host: config.host,
      port: config.port,
      admin: config.admin,
      logger,
      limits: config.httpLimits,
      errorMapping: subgraphErrors,
      executable: { schema },
      introspection: config.introspection,
      context: async (req) => context(await identifyRequest(req, verify, logger)),
      plugins: [auditTrail({ service: name, orm, logger }) as unknown as ApolloServerPlugin<TContext>],
      ready: () => databaseReachable(orm),
      metrics,
      ...(definition.subscriptions && {
        webSocket: (server: WebSocketServer) =>
          serveSubscriptions(server, schema, verify, logger, context, auditSubscriptionEvents({ service: name, orm, logger })),
      }),
      onClose: async () => {
        await background.run();
        await orm.close();
      },
    });
  } catch (error) {
    await background.run().catch(() => undefined);
    await orm.close();
    throw error;
  }
}

const isAsyncIterable = (value: unknown): value is AsyncIterableIterator<ExecutionResult> =>
  typeof (value as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';

/**
 * A stream that ends with `IDENTITY_EXPIRED` when its forwarded identity runs out: an identity is
 * trusted for minutes, not for as long as a socket stays open. The gateway resumes such a stream
 * with a fresh identity, as after any loss; it is not a refusal.
 */
function endingAt(source: AsyncIterableIterator<ExecutionResult>, expiresAt: Date): AsyncIterableIterator<ExecutionResult> {
  let expire!: (error: GraphQLError) => void;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  expired.catch(() => undefined);
  const timer = setTimeout(
    () =>
      expire(
        new GraphQLError('The forwarded identity of this subscription expired: subscribe again with a fresh one', {
          extensions: { code: ErrorCode.IDENTITY_EXPIRED },
        }),
      ),
    Math.max(0, Math.min(expiresAt.getTime() - Date.now(), 2 ** 31 - 1)),
  );
  timer.unref();
  const stop = async () => {
    clearTimeout(timer);
    await source.return?.();
  };
  const stream: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      try {
        const item = await Promise.race([source.next(), expired]);
        if (item.done) clearTimeout(timer);
        return item;
      } catch (error) {
        await stop();
        throw error;
      }
    },
    async return() {
      await stop();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return stream;
    },
  };
  return stream;
}

/**
 * graphql-ws on a subgraph. Connections come from gateways and carry many subscribers: each
 * subscription is identified by the signed identity and the gateway's request id in its
 * `extensions`, and refused when the identity does not verify; it ends when that identity expires.
 * What each event reads of audited data is audited for that subscriber.
 */
function serveSubscriptions<TContext>(
  server: WebSocketServer,
  schema: GraphQLSchema,
  verify: IdentityVerifier,
  logger: Logger,
  context: (identity: Identity) => TContext,
  audit: ReturnType<typeof auditSubscriptionEvents>,
) {
  // Per connection, the identity of each of its subscriptions; gone with the connection.
  const identities = new WeakMap<object, Map<string, Identity>>();
  const of = (socket: object) => identities.get(socket) ?? identities.set(socket, new Map()).get(socket)!;
  return useServer(
    {
      schema,
      onSubscribe: async (ctx, id, payload) => {
        try {
          const token = payload.extensions?.[IDENTITY_EXTENSION];
          const requestId = payload.extensions?.[REQUEST_ID_EXTENSION];
          of(ctx.extra.socket).set(
            id,
            await identify(typeof token === 'string' ? token : undefined, acceptedRequestId(requestId), verify, logger),
          );
        } catch (error) {
          return [error as GraphQLError];
        }
        return undefined;
      },
      context: (ctx, id) => {
        const value = context(of(ctx.extra.socket).get(id)!) as AuditedRequestContext;
        audit.begin(value);
        return value as unknown as Record<string, unknown>;
      },
      onOperation: (ctx, id, _payload, _args, result) => {
        const expiresAt = of(ctx.extra.socket).get(id)?.expiresAt;
        return expiresAt && isAsyncIterable(result) ? endingAt(result, expiresAt) : undefined;
      },
      onNext: async (_ctx, _id, _payload, args) => {
        await audit.sent(args.contextValue as AuditedRequestContext);
      },
      onComplete: (ctx, id) => {
        of(ctx.extra.socket).delete(id);
      },
    },
    server,
    WEBSOCKET_KEEP_ALIVE_MS,
  );
}
