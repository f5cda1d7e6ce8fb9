import { ErrorCode } from '../../platform/errors.js';
import { NotReady } from '../../platform/http-server.js';
import type { IdentitySigner } from '../../platform/identity.js';
import { identityRefusalHint, refusesForwardedIdentity, type IdentityRefusals } from './identity-refusals.js';
import { serviceRequest } from './service-requests.js';

/** Answered by a subgraph only to one of our services, and only when its database answers (see `serviceOnlyIntrospection`). */
const PROBE = '{ _service { __typename } }';

/** Why a subgraph is not ready for this gateway, or null when it is. */
async function probe(name: string, url: string, identities: IdentitySigner, refusals: IdentityRefusals): Promise<string | null> {
  let answer;
  try {
    answer = await serviceRequest(url, identities, PROBE);
  } catch {
    return `${name} does not answer`;
  }
  if (refusesForwardedIdentity(answer.errors)) {
    refusals.report(name);
    return identityRefusalHint(name);
  }
  const code = answer.errors?.[0]?.extensions?.code;
  if (code === ErrorCode.SERVICE_UNAVAILABLE) return `${name} cannot reach its database`;
  if (code !== undefined || !answer.data?._service) return `${name} answers ${String(code ?? 'no data')}`;
  return null;
}

/**
 * The gateway's readiness: every subgraph answers a probe sent with the gateway's own service
 * identity, which proves at once that it answers, reaches its database and accepts the identities
 * this gateway signs — a gateway whose `INTERNAL_IDENTITY_SECRET` differs is not ready, rather
 * than ready and failing every signed-in request. The 503 names each subgraph that is not, and why.
 */
export function subgraphsReady(
  urls: Readonly<Record<string, string>>,
  identities: IdentitySigner,
  refusals: IdentityRefusals,
): () => Promise<void> {
  return async () => {
    const reasons = await Promise.all(Object.entries(urls).map(([name, url]) => probe(name, url, identities, refusals)));
    const failing = reasons.filter((reason) => reason !== null);
    if (failing.length > 0) throw new NotReady(`subgraphs not ready: ${failing.join('; ')}`);
  };
}
