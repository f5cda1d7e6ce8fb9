import { randomUUID } from 'node:crypto';

import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type ValidationRule,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { Gauge } from 'prom-client';
import type { WebSocketServer } from 'ws';

import type { Caller } from '../../../platform/caller.js';
import { withoutSuggestions } from '../../../platform/error-format.js';
import { ErrorCode } from '../../../platform/errors.js';
import type { Logger } from '../../../platform/logger.js';
import { WEBSOCKET_KEEP_ALIVE_MS } from '../../../platform/subscription-protocol.js';
import { incomingTrace } from '../../../platform/telemetry.js';
import { notInSafelist, operationHash } from '../abuse-limits.js';
import { callerFromAuthorization, type TokenVerifier } from '../auth.js';
import type { GatewayContext } from '../server.js';
import type { SubscriptionPlanner } from './event-plan.js';
import type { SubscriptionHub } from './hub.js';

/** Closed with this code when the token is missing its mark or runs out (as HTTP's 401). */
export const CLOSE_UNAUTHORIZED = 4401;
/** setTimeout cannot wait longer than this; a later expiry is checked again then. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Caps on live subscriptions (`SUBSCRIPTIONS_PER_*`): one beyond them is refused with FORBIDDEN naming the `limit`. */
export interface SubscriptionLimits {
  /** Subscriptions one WebSocket connection may hold. @default 50 */
  perConnection: number;
  /** Subscriptions one token subject may hold across its connections, on this gateway. @default 200 */
  perSubject: number;
}

type ConnectionState = Record<PropertyKey, unknown> & {
  caller?: Caller;
  expiry?: NodeJS.Timeout;
  /** Its subscriptions counted against the limits. */
  counted?: Set<string>;
};
/** A connection as graphql-ws hands it to each hook: its socket and our state on it. */
type Connection = Extra & Partial<ConnectionState>;

/** What {@link serveSubscriptions} serves with. */
export interface WebSocketOptions {
  /** The API schema subscriptions are validated against, and their plans. */
  planner: SubscriptionPlanner;
  hub: SubscriptionHub;
  /** The token check HTTP requests pass, for the `connection_init` token. */
  verifyToken: TokenVerifier;
  limits: SubscriptionLimits;
  /** The operation limits HTTP applies, applied to subscriptions too. */
  validationRules: readonly ValidationRule[];
  /** The document size limits and cost estimate HTTP applies: the refusal of a subscription, if any, before it is validated. */
  admit?: (payload: SubscribePayload, caller: Caller | undefined) => GraphQLError | undefined;
  /** In safelist mode, the registered operations' hashes. */
  safelist?: ReadonlyMap<string, string>;
  logger: Logger;
  /** Open graphql-ws connections (signed in or public, once accepted). */
  connections: Gauge;
}

const refusal = (message: string, code: string, extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions } });
/** graphql-js's own error with the code HTTP gives the same mistake. */
const coded = (code: string) => (error: GraphQLError) =>
  new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code } });

const subjectOf = (caller: Caller | undefined) => (caller && 'subject' in caller ? caller.subject : undefined);

/**
 * The subscriptions each connection and each token subject hold, against their limits. A
 * subscription is counted when admitted and uncounted once, when it completes or its connection
 * closes, whichever comes first.
 */
class SubscriptionCounts {
  private readonly bySubject = new Map<string, number>();

  constructor(private readonly limits: SubscriptionLimits) {}

  /** Counts subscription `id` of a connection, or returns the FORBIDDEN refusal naming the limit it would pass. */
  admit(state: ConnectionState, id: string): GraphQLError | undefined {
    const { perConnection, perSubject } = this.limits;
    if ((state.counted?.size ?? 0) >= perConnection) {
      return refusal(`At most ${perConnection} subscriptions per connection`, ErrorCode.FORBIDDEN, { limit: perConnection });
    }
    const subject = subjectOf(state.caller);
    if (subject && (this.bySubject.get(subject) ?? 0) >= perSubject) {
      return refusal(`At most ${perSubject} subscriptions per token`, ErrorCode.FORBIDDEN, { limit: perSubject });
    }
    state.counted?.add(id);
    if (subject) this.bySubject.set(subject, (this.bySubject.get(subject) ?? 0) + 1);
    return undefined;
  }

  uncount(state: ConnectionState, id: string): void {
    if (!state.counted?.delete(id)) return;
    const subject = subjectOf(state.caller);
    if (!subject) return;
    const left = (this.bySubject.get(subject) ?? 1) - 1;
    if (left > 0) this.bySubject.set(subject, left);
    else this.bySubject.delete(subject);
  }
}

/** Closes the connection with 4401 the moment its token expires, waking again when the expiry is beyond one timer. */
function closeAtExpiry(state: Connection, expiresAt: Date): void {
  const close = () => {
    const left = expiresAt.getTime() - Date.now();
    if (left > 0) state.expiry = setTimeout(close, Math.min(left, LONGEST_TIMER_MS));
    else state.socket.close(CLOSE_UNAUTHORIZED, 'Token expired');
  };
  close();
}

/**
 * Verifies the `connection_init` token as over HTTP and keeps its caller on the connection; a bad
 * one closes the socket with 4401 and the reason (cut to fit a close frame).
 */
async function authenticate(state: Connection, authorization: unknown, options: WebSocketOptions): Promise<boolean> {
  try {
    const verified = await callerFromAuthorization(typeof authorization === 'string' ? authorization : undefined, options.verifyToken);
    state.caller = verified.caller;
    state.counted = new Set();
    if (verified.expiresAt) closeAtExpiry(state, verified.expiresAt);
    options.connections.inc();
    return true;
  } catch (error) {
    state.socket.close(CLOSE_UNAUTHORIZED, (error as Error).message.slice(0, 120));
    return false;
  }
}

/**
 * A validated subscription, planned and joined to the hub. Its variables are coerced here, as
 * over HTTP, so a bad one is BAD_USER_INPUT from the gateway rather than the owning subgraph's
 * refusal once the upstream is open.
 */
function subscribeThroughHub(args: ExecutionArgs, options: WebSocketOptions) {
  try {
    const operation = getOperationAST(args.document, args.operationName);
    const coercion = getVariableValues(args.schema, operation?.variableDefinitions ?? [], args.variableValues ?? {});
    if (coercion.errors) return { errors: coercion.errors.map(coded(ErrorCode.BAD_USER_INPUT)) };
    const plan = options.planner.plan(args.document, args.operationName ?? undefined);
    return options.hub.subscribe(plan, (args.variableValues ?? {}) as Record<string, unknown>, args.contextValue as GatewayContext);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    options.logger.error({ err: error }, 'could not plan a subscription');
    return { errors: [refusal('Internal server error', ErrorCode.INTERNAL_SERVER_ERROR)] };
  }
}

/**
 * The `authorization` connection parameter, named in any case as an HTTP header is (clients send
 * `Authorization` as often as not; read case-sensitively, theirs ran as the public, refused as such).
 */
function authorizationOf(params: Record<string, unknown> | undefined): unknown {
  const names = Object.keys(params ?? {}).filter((name) => name.toLowerCase() === 'authorization');
  // Two spellings at once are ambiguous: neither is taken, and the connection is the public's.
  return names.length === 1 ? params![names[0]!] : undefined;
}

/**
 * graphql-ws at the gateway, on the same port and path as HTTP. The token comes in the
 * `connection_init` payload (`{ authorization: "Bearer …" }`, the name in any case) and is checked as over HTTP; a bad
 * one closes the socket with 4401 and its reason, and the socket is closed the moment the token
 * expires. Only subscriptions are served here.
 *
 * Each subscription is refused as an HTTP request would be — not in the safelist, too large, too
 * costly, invalid (with the same rules and codes) — and beyond the per-connection and per-token
 * caps; every error leaves without suggestions, as over HTTP. Its events come from the
 * {@link SubscriptionHub}. Returns graphql-ws's handle, disposed when the server closes.
 */
export function serveSubscriptions(server: WebSocketServer, options: WebSocketOptions) {
  const counts = new SubscriptionCounts(options.limits);
  return useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      schema: options.planner.schema,
      onConnect: (ctx) => authenticate(ctx.extra, authorizationOf(ctx.connectionParams), options),
      validate: (schema, document) =>
        validate(schema, document, [...specifiedRules, ...options.validationRules]).map(coded('GRAPHQL_VALIDATION_FAILED')),
      // Every error sent over WebSocket, as Apollo's formatError does over HTTP (it does not run here).
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => withoutSuggestions(error.toJSON())),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors && { ...result, errors: result.errors.map((error) => withoutSuggestions(error.toJSON())) },
      onSubscribe: (ctx, id, payload) => {
        if (options.safelist && !options.safelist.has(operationHash(payload.query))) return [notInSafelist()];
        const refused = options.admit?.(payload, ctx.extra.caller) ?? counts.admit(ctx.extra, id);
        return refused ? [refused] : undefined;
      },
      // A `traceparent` in the subscribe message's extensions, else on the upgrade request, while tracing.
      context: (ctx, _id, payload): GatewayContext => ({
        caller: ctx.extra.caller!,
        requestId: randomUUID(),
        trace: incomingTrace(payload.extensions) ?? incomingTrace(ctx.extra.request.headers),
      }),
      subscribe: (args) => subscribeThroughHub(args, options),
      execute: () => ({
        errors: [refusal('Only subscriptions are served over WebSocket; send queries and mutations over HTTP', 'BAD_REQUEST')],
      }),
      onComplete: (ctx, id) => counts.uncount(ctx.extra, id),
      onClose: (ctx) => {
        const state = ctx.extra;
        clearTimeout(state.expiry);
        for (const id of [...(state.counted ?? [])]) counts.uncount(state, id);
        if (state.counted) options.connections.dec();
        state.counted = undefined;
      },
    },
    server,
    WEBSOCKET_KEEP_ALIVE_MS,
  );
}
