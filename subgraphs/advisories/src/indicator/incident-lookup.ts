import type { SignedInCaller } from '../../../../platform/caller.js';
import { ErrorCode, serviceUnavailable } from '../../../../platform/errors.js';
import { IDENTITY_HEADER, signIdentity, type IdentitySecret } from '../../../../platform/identity.js';

/** Whether an incident the caller names exists and is theirs to see. */
export type IncidentLookup = (caller: SignedInCaller, incidentId: string) => Promise<boolean>;

/**
 * Asks the incidents subgraph, which owns incidents, whether one exists — as the caller, so its
 * row scope decides (ThaiCERT and NCSA see every incident). An indicator is never recorded on an
 * incident that is not there, and a refusal tells no more than a read of that incident would.
 */
export function incidentLookup(incidentsUrl: string, identitySecret: IdentitySecret): IncidentLookup {
  return async (caller, incidentId) => {
    let answer: { data?: { incident?: { id: string } | null } | null; errors?: { extensions?: { code?: string } }[] };
    try {
      const response = await fetch(incidentsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: await signIdentity(caller, identitySecret, 60) },
        body: JSON.stringify({ query: 'query IndicatorIncident($id: ID!) { incident(id: $id) { id } }', variables: { id: incidentId } }),
        signal: AbortSignal.timeout(10_000),
      });
      answer = (await response.json()) as typeof answer;
    } catch {
      throw unavailable();
    }
    if (answer.data?.incident) return true;
    if (answer.errors?.every((error) => error.extensions?.code === ErrorCode.NOT_FOUND)) return false;
    throw unavailable();
  };
}

const unavailable = () =>
  serviceUnavailable('The incidents service could not say whether the incident exists; nothing was recorded. Try again shortly.');
