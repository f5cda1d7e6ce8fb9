import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';

import type { Caller } from '../../platform/caller.js';
import { forbidden } from '../../platform/errors.js';

/** Federation's introspection field: the subgraph's whole SDL, internal fields and directives included. */
const SERVICE_FIELD = '_service';

/**
 * Answers `_service` only to our own services (a SERVICE identity, signed with the internal
 * secret); a user or the public gets FORBIDDEN. Nothing needs it at run time: the gateway serves
 * the static supergraph, and `npm run schema` prints each SDL from code. A service that asks is
 * also told whether this subgraph is ready — `ready` (its database answers) runs first, and fails
 * the answer — so `{ _service { __typename } }` with a SERVICE identity is the gateway's readiness
 * probe: it proves at once that the subgraph answers, reaches its database and accepts the
 * gateway's identities.
 */
export function serviceOnlyIntrospection(schema: GraphQLSchema, ready: () => Promise<void>): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.QUERY_ROOT_FIELD]: (field, name) => {
      if (name !== SERVICE_FIELD) return field;
      const resolve = field.resolve ?? defaultFieldResolver;
      const guarded: GraphQLFieldResolver<unknown, { caller?: Caller }> = async (source, args, context, info) => {
        if (context.caller?.role !== 'SERVICE')
          throw forbidden(`${SERVICE_FIELD} (federation introspection) is answered only to the graph's own services`);
        await ready();
        return resolve(source, args, context, info);
      };
      return { ...field, resolve: guarded };
    },
  });
}
