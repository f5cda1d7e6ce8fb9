import pg from 'pg';

import { scopesReceiving } from './scopes.js';
import type { ResumingSubscriber } from './soak-subscribers.js';
import type { AcknowledgedWrite } from './soak-writes.js';

/** Acknowledged writes against what PostgreSQL holds. */
export interface WriteCheck {
  acknowledged: number;
  /** Acknowledged, but no revision of that number with that idempotency key on that organization's incident. */
  lost: number;
  lostExamples: AcknowledgedWrite[];
  /** Acknowledged and stored, but without the outbox event the change must have (NOTIFIED / REPORT_REVISED of that revision). */
  withoutEvent: number;
  /** One idempotency key stored as two revisions: a retry applied twice. */
  appliedTwice: number;
  /** Revisions of the soak's incidents in the database that no acknowledgement names (a write given up on that had committed). */
  storedUnacknowledged: number;
}

/** Checks every acknowledged write straight in the incidents subgraph's tables, not through the API under test. */
export async function checkWrites(db: pg.Client, acknowledged: readonly AcknowledgedWrite[]): Promise<WriteCheck> {
  const { rows } = await db.query<{ i: number; stored: boolean; evented: boolean }>(
    `select a.i, r.id is not null as stored,
            exists (select 1 from incidents.outbox_event e
                    where e.aggregate_id = a.incident_id and e.type in ('NOTIFIED', 'REPORT_REVISED') and (e.payload ->> 'revision')::int = a.number) as evented
     from unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[]) with ordinality as a(incident_id, organization_id, number, key, i)
     left join incidents.incident i on i.id = a.incident_id and i.organization_id = a.organization_id
     left join incidents.incident_revision r on r.incident_id = i.id and r.number = a.number and r.idempotency_key = a.key`,
    [
      acknowledged.map((a) => a.incidentId),
      acknowledged.map((a) => a.organizationId),
      acknowledged.map((a) => a.revision),
      acknowledged.map((a) => a.idempotencyKey),
    ],
  );
  const lost = rows.filter((r) => !r.stored).map((r) => acknowledged[Number(r.i) - 1]!);
  const incidents = [...new Set(acknowledged.map((a) => a.incidentId))];
  const { rows: stored } = await db.query<{ revisions: string; applied_twice: string }>(
    `select count(*) as revisions,
            (select count(*) from (select 1 from incidents.incident_revision where incident_id = any($1::uuid[]) and idempotency_key is not null
                                   group by incident_id, idempotency_key having count(*) > 1) twice) as applied_twice
     from incidents.incident_revision where incident_id = any($1::uuid[])`,
    [incidents],
  );
  return {
    acknowledged: acknowledged.length,
    lost: lost.length,
    lostExamples: lost.slice(0, 10),
    withoutEvent: rows.filter((r) => r.stored && !r.evented).length,
    appliedTwice: Number(stored[0]!.applied_twice),
    storedUnacknowledged: Number(stored[0]!.revisions) - (acknowledged.length - lost.length),
  };
}

/** A committed incident event and the scopes it reaches. */
export interface ScopedEvent {
  sequence: number;
  type: string;
  scopes: string[];
}

/**
 * Every committed incident event after `afterSequence`, with the scopes that should receive it:
 * the organization from the event, its regulator from the supervision copy the subgraph itself
 * filters by (nobody changes supervision during the soak, so now is as good as then).
 */
export async function committedEvents(db: pg.Client, afterSequence: number): Promise<ScopedEvent[]> {
  const { rows } = await db.query<{ sequence: string; type: string; organization_id: string; regulator_id: string | null }>(
    `select e.sequence, e.type, e.payload ->> 'organizationId' as organization_id, s.regulator_id
     from incidents.outbox_event e left join incidents.supervised_organization s on s.id = (e.payload ->> 'organizationId')::uuid
     where e.sequence > $1 order by e.sequence`,
    [afterSequence],
  );
  return rows.map((r) => ({ sequence: Number(r.sequence), type: r.type, scopes: scopesReceiving(r.organization_id, r.regulator_id) }));
}

/** The newest committed incident event. */
export async function newestEvent(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ max: string | null }>(`select max(sequence) as max from incidents.outbox_event`);
  return Number(rows[0]!.max ?? 0);
}

/** One subscriber's deliveries against the committed events in its scope. */
export interface SubscriberCheck {
  scope: string;
  role: string;
  expected: number;
  delivered: number;
  lost: number;
  /** Deliveries beyond the first of a sequence. */
  duplicates: number;
  /** Sequences delivered that its scope should not have received (or that were never committed). */
  outOfScope: number;
  lostExamples: number[];
}

/** Compares what a subscriber received with what it should have, up to `head` (later events are still on their way). */
function checkSubscriber(subscriber: ResumingSubscriber, events: readonly ScopedEvent[], head: number): SubscriberCheck {
  const expected = events
    .filter((e) => e.sequence > subscriber.startSequence && e.sequence <= head && e.scopes.includes(subscriber.scope))
    .map((e) => e.sequence);
  const expectedSet = new Set(expected);
  const lost = expected.filter((sequence) => !subscriber.received.has(sequence));
  let duplicates = 0;
  let outOfScope = 0;
  for (const [sequence, count] of subscriber.received) {
    if (sequence > head) continue;
    duplicates += count - 1;
    if (!expectedSet.has(sequence)) outOfScope += 1;
  }
  return {
    scope: subscriber.scope,
    role: subscriber.caller.role,
    expected: expected.length,
    delivered: [...subscriber.received].filter(([sequence]) => sequence <= head).reduce((sum, [, count]) => sum + count, 0),
    lost: lost.length,
    duplicates,
    outOfScope,
    lostExamples: lost.slice(0, 10),
  };
}

/** Waits (up to `timeoutMs`) until every subscriber has every event it should have up to `head`; returns the checks then. */
export async function awaitDeliveries(
  subscribers: readonly ResumingSubscriber[],
  events: readonly ScopedEvent[],
  head: number,
  timeoutMs: number,
): Promise<SubscriberCheck[]> {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const checks = subscribers.map((s) => checkSubscriber(s, events, head));
    if (checks.every((c) => c.lost === 0) || Date.now() > deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000)); // a repeat sent late would still show up as a duplicate
      return subscribers.map((s) => checkSubscriber(s, events, head));
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
