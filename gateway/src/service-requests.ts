import type { ServiceCaller } from '../../platform/caller.js';
import { IDENTITY_HEADER, type IdentitySigner } from '../../platform/identity.js';
import { tracedFetch } from '../../platform/telemetry.js';

/** The gateway acting for itself (readiness, registry lookups), not for a caller. */
export const GATEWAY_SERVICE: ServiceCaller = Object.freeze({ role: 'SERVICE', subject: 'gateway' });

/** A GraphQL response as a subgraph sends it. */
export interface ServiceResponse {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** How long the gateway waits for a subgraph to answer one of its own requests. */
const SERVICE_REQUEST_TIMEOUT_MS = 2_000;

/**
 * A GraphQL request from the gateway itself to a subgraph, with its own SERVICE identity. Resolves
 * to the subgraph's GraphQL response, errors included (a refusal is an answer); rejects when none
 * comes within two seconds. Off the subgraph clients' circuit breakers: these requests are about
 * the subgraph, so they must not open its circuit for the callers' fetches. `subgraph` names it in traces.
 */
export async function serviceRequest(
  url: string,
  identities: IdentitySigner,
  query: string,
  variables: Record<string, unknown> = {},
  subgraph = new URL(url).host,
): Promise<ServiceResponse> {
  const headers = { 'content-type': 'application/json', [IDENTITY_HEADER]: await identities.sign(GATEWAY_SERVICE) };
  // Traced as a fetch to `subgraph` when made for a traced request (a registry lookup), not for a probe.
  const response = await tracedFetch(subgraph, url, headers, (carried) =>
    fetch(url, {
      method: 'POST',
      headers: carried,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(SERVICE_REQUEST_TIMEOUT_MS),
    }),
  );
  const body = (await response.json()) as ServiceResponse | null;
  if (typeof body !== 'object' || body === null || (!('data' in body) && !Array.isArray(body.errors))) {
    throw new Error(`answered HTTP ${response.status} without a GraphQL response`);
  }
  return body;
}
