import type { GraphQLError } from 'graphql';

import { ErrorCode } from '../../platform/errors.js';
import { FORWARDED_IDENTITY_REFUSED } from '../../platform/identity.js';
import type { Logger } from '../../platform/logger.js';
import { subgraphUnavailable } from './subgraph-fetcher.js';

/** Whether a subgraph's errors say it refused the identity the gateway forwarded, rather than anything of the caller's. */
export function refusesForwardedIdentity(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): boolean {
  return (
    errors?.some(
      (error) => error.extensions?.code === ErrorCode.UNAUTHENTICATED && error.extensions.reason === FORWARDED_IDENTITY_REFUSED,
    ) ?? false
  );
}

/** What the operator reads, in the gateway's log and on its `/ready`. */
export const identityRefusalHint = (subgraph: string) =>
  `subgraph ${subgraph} refuses the gateway's forwarded identity: INTERNAL_IDENTITY_SECRET differs`;

/** How often the hint is logged per subgraph, however many requests meet the refusal. */
const HINT_INTERVAL_MS = 60_000;

/**
 * A subgraph refusing the identity the gateway signed is the deployment's fault (the gateway and
 * the subgraph hold different `INTERNAL_IDENTITY_SECRET`s), never the caller's: the client gets
 * SERVICE_UNAVAILABLE naming the service, as for a subgraph that is down, instead of an
 * UNAUTHENTICATED that reads as its own token's fault; the operator gets the hint in the log.
 */
export class IdentityRefusals {
  private readonly logged = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  /** Logs the hint (at most once a minute per subgraph) and returns the error the client gets. */
  report(subgraph: string): GraphQLError {
    const now = Date.now();
    if (now - (this.logged.get(subgraph) ?? -Infinity) >= HINT_INTERVAL_MS) {
      this.logged.set(subgraph, now);
      this.logger.error({ subgraph }, identityRefusalHint(subgraph));
    }
    return subgraphUnavailable(subgraph, "a deployment fault: it does not accept the gateway's forwarded identity");
  }
}
