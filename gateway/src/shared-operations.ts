import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import type { Counter } from 'prom-client';

import type { Caller } from '../../platform/caller.js';

/**
 * The gateway's executor, with identical queries of one caller in flight at once planned and run
 * once: the same caller, document, operation name and variables wait for the first one's answer,
 * each receiving its own copy. Each request has been counted, limited and checked by then; only
 * the work behind it is shared. Never across callers (their scopes differ) and never a mutation.
 */
export function sharingIdenticalQueries(gateway: GatewayInterface, shared: Counter): GatewayInterface {
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    load: async (options) => {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: loaded.executor && sharedExecutor(loaded.executor, shared) };
    },
  };
}

function sharedExecutor(executor: GatewayExecutor, shared: Counter): GatewayExecutor {
  const pending = new Map<string, ReturnType<GatewayExecutor>>();
  return (requestContext) => {
    if (requestContext.operation.operation !== 'query') return executor(requestContext);
    const { caller } = requestContext.context as { caller: Caller };
    const { variables } = requestContext.request;
    const key = `${JSON.stringify(caller)}\n${requestContext.queryHash}\n${requestContext.operationName ?? ''}\n${JSON.stringify(variables ?? {})}`;
    const already = pending.get(key);
    if (already) {
      shared.inc();
      // A copy per request: Apollo formats each response's errors and extensions for its own request.
      return already.then((result) => ({ ...result, ...(result.errors && { errors: [...result.errors] }) }));
    }
    const running = executor(requestContext).finally(() => pending.delete(key));
    pending.set(key, running);
    return running;
  };
}
