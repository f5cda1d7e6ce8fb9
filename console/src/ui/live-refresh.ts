import { useEffect, useState } from 'react';
import { gql, useSubscription } from 'urql';

export const LIVE_INCIDENT_EVENTS = gql`
  subscription ConsoleLiveIncidentEvents($incidentId: ID) {
    incidentEvents(incidentId: $incidentId) {
      sequence
      type
    }
  }
`;

export const LIVE_ADVISORY_EVENTS = gql`
  subscription ConsoleLiveAdvisoryEvents {
    advisoryEvents {
      sequence
      type
    }
  }
`;

/**
 * A counter that moves each time an event arrives on `incidentEvents` (or `advisoryEvents`), optionally only
 * for some event types or one incident: pass it to {@link useRefresh} so every list on the page asks again.
 */
export function useLiveTick(feed: 'incidents' | 'advisories', types?: readonly string[], incidentId?: string): number {
  const [tick, setTick] = useState(0);
  const request =
    feed === 'incidents' ? { query: LIVE_INCIDENT_EVENTS, variables: incidentId ? { incidentId } : {} } : { query: LIVE_ADVISORY_EVENTS };
  useSubscription(request, (_previous, event: unknown) => {
    const data = event as { incidentEvents?: { type: string } | null; advisoryEvents?: { type: string } | null };
    const type = (data.incidentEvents ?? data.advisoryEvents)?.type;
    if (!types || (type && types.includes(type))) setTick((n) => n + 1);
    return event;
  });
  return tick;
}

/** Re-asks a query over the network each time `tick` moves (a live event arrived); not on the first render. */
export function useRefresh(tick: number, reexecute: (options: { requestPolicy: 'network-only' }) => void): void {
  useEffect(() => {
    if (tick > 0) reexecute({ requestPolicy: 'network-only' });
    // Only a new event asks again: `reexecute` is a new function on every render.
  }, [tick]);
}
