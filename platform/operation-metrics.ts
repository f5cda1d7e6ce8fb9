import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';

import { isSignedIn, type Caller } from './caller.js';
import type { Logger } from './logger.js';

/** Operation names become metric labels: only plain ones, and not without bound (see {@link operationLabels}). */
const MAX_OPERATION_LABELS = 200;
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

interface OperationContext {
  requestId?: string;
  correlationId?: string;
  caller?: Caller;
}

/** Seconds: from a quick entity fetch to a slow annual summary. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The label an operation is counted under. Every label is a new time series in every scrape, kept
 * until the process ends, so clients must not be able to mint them: a registered (safelisted)
 * name is its own label whoever sends it; another plain name is one only when a signed-in user or
 * one of our services sends it, and only while fewer than {@link MAX_OPERATION_LABELS} are known.
 * Anyone else's names are `(other)`, as are names past the cap; an unnamed operation is `(anonymous)`.
 */
export function operationLabels(
  registered: ReadonlySet<string> = new Set(),
): (name: string | null | undefined, caller: Caller | undefined) => string {
  const seen = new Set<string>();
  return (name, caller) => {
    if (!name) return '(anonymous)';
    if (registered.has(name) || seen.has(name)) return name;
    const trusted = caller !== undefined && (isSignedIn(caller) || caller.role === 'SERVICE');
    if (!trusted || !PLAIN_NAME.test(name) || seen.size >= MAX_OPERATION_LABELS) return '(other)';
    seen.add(name);
    return name;
  };
}

/** The operation counters and latency histogram every service exposes on `/metrics`. */
function operationInstruments(metrics: Registry) {
  return {
    operations: new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations run, by operation name, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      registers: [metrics],
    }),
    duration: new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'Time to answer a GraphQL operation',
      labelNames: ['operation', 'type'],
      buckets: LATENCY_BUCKETS,
      registers: [metrics],
    }),
    errors: new Counter({
      name: 'graphql_errors_total',
      help: 'Errors in GraphQL responses, by operation name and error code',
      labelNames: ['operation', 'code'],
      registers: [metrics],
    }),
  };
}

/**
 * Every GraphQL operation a service runs, counted and timed per operation name and outcome, its
 * errors counted per code (Prometheus), and logged as one structured line with the request id,
 * so a request can be followed from the gateway through each subgraph.
 */
export function operationMetrics(
  metrics: Registry,
  logger: Logger,
  registeredOperations?: ReadonlySet<string>,
): ApolloServerPlugin<OperationContext> {
  const { operations, duration, errors } = operationInstruments(metrics);
  const labelOf = operationLabels(registeredOperations);

  return {
    requestDidStart: async ({ contextValue }) => {
      const started = process.hrtime.bigint();
      return {
        willSendResponse: async ({ operation, operationName, response, errors: requestErrors }) => {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const name = labelOf(operationName ?? operation?.name?.value, contextValue.caller);
          const type = operation?.operation ?? 'unknown';
          const body = response.body;
          const responseErrors = body.kind === 'single' ? (body.singleResult.errors ?? []) : (requestErrors ?? []);
          const codes = responseErrors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          operations.inc({ operation: name, type, outcome: codes.length > 0 ? 'error' : 'ok' });
          duration.observe({ operation: name, type }, seconds);
          for (const code of codes) errors.inc({ operation: name, code });
          const caller = contextValue.caller;
          // Other subgraphs poll their feeds here every second: routine unless it failed.
          const routine = caller?.role === 'SERVICE' && codes.length === 0;
          logger[routine ? 'debug' : 'info'](
            {
              requestId: contextValue.requestId,
              ...(contextValue.correlationId && { correlationId: contextValue.correlationId }),
              operation: operationName ?? operation?.name?.value ?? null,
              type,
              durationMs: Math.round(seconds * 1e4) / 10,
              role: caller?.role,
              subject: caller && 'subject' in caller ? caller.subject : undefined,
              ...(codes.length > 0 && { errors: codes }),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
