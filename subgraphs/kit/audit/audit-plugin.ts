import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { getArgumentValues, getNamedType, Kind, type FieldNode } from 'graphql';

import type { Caller } from '../../../platform/caller.js';
import { isUuid } from '../../../platform/caller.js';
import type { Logger } from '../../../platform/logger.js';
import { AuditLog, type AuditContext } from './audit-log.js';

export interface AuditedRequestContext extends AuditContext {
  caller: Caller;
  requestId: string;
}

/** The first record id among a mutation's arguments (`id`, `input.incidentId`, …), for a refused mutation. */
function idAmong(value: unknown, depth = 0): string | null {
  if (!value || typeof value !== 'object' || depth > 2) return null;
  for (const [key, inner] of Object.entries(value)) {
    if ((key === 'id' || key.endsWith('Id')) && typeof inner === 'string' && isUuid(inner)) return inner;
  }
  for (const inner of Object.values(value)) {
    const found = idAmong(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The audit trail of one subgraph: every mutation it runs (with its outcome: OK or the error
 * code) and every read of restricted data its resolvers report (see `@AuditedRead`), written with
 * the caller and request id when the response is sent. A mutation's line is written right after
 * its own transaction; if that write fails, the failure is logged as an error.
 */
export function auditTrail(options: { service: string; orm: MikroORM; logger: Logger }): ApolloServerPlugin<AuditedRequestContext> {
  return {
    requestDidStart: async ({ contextValue }) => {
      contextValue.audit = new AuditLog(contextValue.caller, contextValue.requestId);
      return {
        willSendResponse: async ({ operation, response, request, schema }) => {
          const audit = contextValue.audit!;
          if (operation?.operation === 'mutation') {
            const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
            const mutationType = schema.getMutationType();
            for (const selection of operation.selectionSet.selections) {
              if (selection.kind !== Kind.FIELD || selection.name.value.startsWith('__')) continue;
              const key = (selection as FieldNode).alias?.value ?? selection.name.value;
              const field = mutationType?.getFields()[selection.name.value];
              const error = body?.errors?.find((e) => e.path?.[0] === key);
              const returned = (body?.data as Record<string, { id?: unknown } | null> | undefined)?.[key];
              let targetId = typeof returned?.id === 'string' ? returned.id : null;
              if (!targetId && field) {
                try {
                  targetId = idAmong(getArgumentValues(field, selection as FieldNode, request.variables ?? {}));
                } catch {
                  targetId = null; // arguments that do not even coerce: the refusal says why
                }
              }
              audit.mutation(
                selection.name.value,
                error ? String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK',
                field ? getNamedType(field.type).name : null,
                targetId,
              );
            }
          }
          if (audit.isEmpty) return;
          try {
            await audit.write(options.orm.em.fork(), options.service);
          } catch (error) {
            options.logger.error({ err: error, requestId: contextValue.requestId }, 'could not write the audit trail');
          }
        },
      };
    },
  };
}

/**
 * The audit trail of a subgraph's subscriptions: what each event delivered read, written with
 * the subscriber's caller and the gateway's request id for it once the event is sent — one
 * line per reader and record, as over HTTP.
 */
export function auditSubscriptionEvents(options: { service: string; orm: MikroORM; logger: Logger }) {
  const begin = (context: AuditedRequestContext) => {
    context.audit = new AuditLog(context.caller, context.requestId);
  };
  return {
    /** Gives a subscription's context the log its first event reads into. */
    begin,
    /** Writes what the event just sent read, and starts the next event's log. */
    async sent(context: AuditedRequestContext): Promise<void> {
      const audit = context.audit;
      begin(context);
      if (!audit || audit.isEmpty) return;
      try {
        await audit.write(options.orm.em.fork(), options.service);
      } catch (error) {
        options.logger.error({ err: error, requestId: context.requestId }, 'could not write the audit trail');
      }
    },
  };
}
