import { getDirective, MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, DirectiveLocation, GraphQLDirective, GraphQLString, type GraphQLSchema } from 'graphql';
import { Directive } from 'type-graphql';

import type { AuditContext, RestrictedRead } from './audit-log.js';

const DIRECTIVE = 'auditedRead';

/** The schema directive marking restricted data whose every read is audited; printed into each subgraph's SDL. */
export const auditedReadDirective = new GraphQLDirective({
  name: DIRECTIVE,
  description:
    'Reading this is recorded in the audit trail. On a field: as `as`. On a type: as the record itself says ' +
    '(e.g. an advisory only when its TLP is restricted). On an input it means nothing: it appears where one class ' +
    'defines both an output and an input type.',
  locations: [DirectiveLocation.OBJECT, DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.INPUT_FIELD_DEFINITION],
  args: { as: { type: GraphQLString } },
});

/** Which record a read concerns, when it is not the object the field belongs to (e.g. a report's incident). */
export interface AuditTarget {
  auditTarget(): { type: string; id: string };
}

/** Implemented by records that decide for themselves whether reading them is restricted. */
export interface AuditedRecord {
  restrictedRead(): { what: RestrictedRead; type: string; id: string } | null;
}

/** Marks a field (every read recorded as `what`) or a type (records decide: {@link AuditedRecord}). */
export function AuditedRead(what?: RestrictedRead): MethodDecorator & PropertyDecorator & ClassDecorator {
  return Directive(what ? `@${DIRECTIVE}(as: "${what}")` : `@${DIRECTIVE}`) as MethodDecorator & PropertyDecorator & ClassDecorator;
}

type Source = Partial<AuditTarget & AuditedRecord> & { id?: string };

/**
 * Records each read of what `@auditedRead` marks, once the value was actually returned to the
 * caller (applied outside the visibility checks, so a refused read records nothing).
 */
export function recordAuditedReads(schema: GraphQLSchema): GraphQLSchema {
  const markOf = (node: Parameters<typeof getDirective>[1]) => getDirective(schema, node, DIRECTIVE)?.[0] as { as?: string } | undefined;
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      if (fieldName.startsWith('_')) return fieldConfig;
      const onField = markOf(fieldConfig);
      const type = schema.getType(typeName);
      const onType = type ? markOf(type) : undefined;
      if (!onField && !onType) return fieldConfig;
      const resolve = fieldConfig.resolve ?? defaultFieldResolver;
      const record = (source: Source, audit: AuditContext['audit']) => {
        if (!audit || !source) return;
        if (onField?.as) {
          const target = source.auditTarget?.() ?? { type: typeName, id: source.id ?? '' };
          audit.read(onField.as as RestrictedRead, target.type, target.id);
        }
        const own = onType ? source.restrictedRead?.() : null;
        if (own) audit.read(own.what, own.type, own.id);
      };
      return {
        ...fieldConfig,
        resolve: async (source: Source, args, context: AuditContext, info) => {
          const value = await resolve(source, args, context, info);
          if (value !== null && value !== undefined) record(source, context.audit);
          return value;
        },
      };
    },
  });
}
