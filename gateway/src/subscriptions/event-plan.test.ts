import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { composeServices } from '@apollo/composition';
import { parse, print } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';

import { PUBLIC_CALLER } from '../../../platform/caller.js';
import { resumedOperation, SubscriptionPlanner } from './event-plan.js';

const SUPERGRAPH = readFileSync(join(import.meta.dirname, '..', '..', '..', 'schema', 'supergraph.graphql'), 'utf8');
/** The same document as graphql-js prints it, so a comparison ignores layout. */
const normal = (document: string) => print(parse(document));

let planner: SubscriptionPlanner;
beforeAll(() => {
  planner = new SubscriptionPlanner(SUPERGRAPH);
});
const plan = (document: string, operationName?: string) => planner.plan(parse(document), operationName);

describe('planning a subscription on the checked-in supergraph', () => {
  it('streams from the subgraph that owns the root field, from its head, with sequence always selected', () => {
    const planned = plan('subscription { incidentEvents { type } }');
    expect(planned).toMatchObject({
      serviceName: 'incidents',
      rootField: 'incidentEvents',
      headField: 'incidentEventsHead',
      upstreamVariableNames: [],
      startVariable: undefined,
      readsAuditedData: false,
    });
    expect(planned.upstreamOperation).toBe(normal('subscription { incidentEvents { type sequence } }'));
    expect(planned.requestedStart({})).toBeUndefined();
  });

  it('does not select sequence twice when the client asked for it', () => {
    expect(plan('subscription { advisoryEvents { sequence type } }').upstreamOperation).toBe(
      normal('subscription { advisoryEvents { sequence type } }'),
    );
  });

  it('leaves where to start out of the upstream operation and of what subscribers share', () => {
    const literal = plan('subscription { incidentEvents(afterSequence: 5) { type } }');
    expect(literal.upstreamOperation).toBe(normal('subscription { incidentEvents { type sequence } }'));
    expect(literal.requestedStart({})).toBe(5);
    expect(literal.sharedAs).toBe(plan('subscription { incidentEvents { type } }').sharedAs);
  });

  it('names a variable that only says where to start, and reads the start from it', () => {
    const planned = plan('subscription ($after: Int, $id: ID) { incidentEvents(afterSequence: $after, incidentId: $id) { type } }');
    expect(planned.startVariable).toBe('after');
    expect(planned.upstreamVariableNames).toEqual(['id']);
    expect(planned.upstreamOperation).toBe(normal('subscription ($id: ID) { incidentEvents(incidentId: $id) { type sequence } }'));
    expect(planned.requestedStart({ after: 7, id: 'x' })).toBe(7);
    expect(planned.requestedStart({ after: 'seven' })).toBeUndefined();
  });

  it('does not treat a start variable used elsewhere too as only a start: it still tells subscribers apart', () => {
    const planned = plan(
      'subscription ($n: Int!) { incidentEvents(afterSequence: $n) { type incident { organization { incidents(first: $n) { totalCount } } } } }',
    );
    expect(planned.startVariable).toBeUndefined();
    expect(planned.requestedStart({ n: 9 })).toBe(9);
  });

  it('answers the primary fetch from the event alone when the owning subgraph serves the whole selection', () => {
    const node = plan('subscription { incidentEvents { type incident { id status } } }').completion.node;
    expect(node).toMatchObject({ kind: 'Fetch', serviceName: '__subscription_event__' });
  });

  it('completes each event with fetches to other subgraphs after the event', () => {
    const node = plan('subscription { incidentEvents { type incident { organization { createdAt } } } }').completion.node;
    expect(node).toMatchObject({
      kind: 'Sequence',
      nodes: [
        { kind: 'Fetch', serviceName: '__subscription_event__' },
        { kind: 'Sequence', nodes: [{ kind: 'Flatten', node: { kind: 'Fetch', serviceName: 'organizations' } }] },
      ],
    });
  });

  it('knows when a selection reads audited data', () => {
    expect(plan('subscription { incidentEvents { incident { report { partTwo { endedAt } } } } }').readsAuditedData).toBe(true);
    expect(plan('subscription { incidentEvents { incident { report { severity } } } }').readsAuditedData).toBe(false);
  });

  it('plans each distinct document once', () => {
    expect(plan('subscription { incidentEvents { type } }')).toBe(plan('subscription { incidentEvents { type } }'));
    expect(plan('subscription A { incidentEvents { type } }', 'A')).not.toBe(plan('subscription A { incidentEvents { type } }'));
  });

  it('keeps the plans of the thousand most recent documents only, so unseen documents cannot grow it without end', () => {
    const first = plan('subscription { incidentEvents { type } }');
    for (let i = 0; i < 1_000; i++) plan(`subscription Other${i} { incidentEvents { type } }`, `Other${i}`);
    expect(plan('subscription { incidentEvents { type } }')).not.toBe(first);
  });

  it('refuses a query or mutation over WebSocket', () => {
    expect(() => plan('{ incidentEventsHead }')).toThrow(
      'Only subscription operations are served over WebSocket; use HTTP for queries and mutations',
    );
  });
});

describe('a supergraph without a stream’s head', () => {
  it('is refused, since a subscriber could not tell where its stream starts', () => {
    const typeDefs = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.10", import: ["@key"])
      type Query { tickEventsStart: Int }
      type Subscription { tickEvents(afterSequence: Int): Tick }
      type Tick { sequence: Int! }
    `);
    const composed = composeServices([{ name: 'ticks', url: 'http://127.0.0.1:1/graphql', typeDefs }]);
    expect(composed.errors).toBeUndefined();
    expect(() => new SubscriptionPlanner(composed.supergraphSdl!)).toThrow(
      'subgraph ticks serves Subscription.tickEvents without Query.tickEventsHead, where its stream starts',
    );
  });
});

describe('resumedOperation', () => {
  const upstream = normal('subscription ($id: ID) { incidentEvents(incidentId: $id) { type sequence } }');

  it('starts after a sequence', () => {
    expect(resumedOperation(upstream, 'incidentEvents', 41)).toBe(
      normal('subscription ($id: ID) { incidentEvents(incidentId: $id, afterSequence: 41) { type sequence } }'),
    );
  });

  it('ends at a sequence, for a subscriber catching up to a shared stream', () => {
    expect(resumedOperation(upstream, 'incidentEvents', 41, 50)).toBe(
      normal('subscription ($id: ID) { incidentEvents(incidentId: $id, afterSequence: 41, untilSequence: 50) { type sequence } }'),
    );
  });

  it('replaces stream arguments already there and drops the variables only they used', () => {
    const given = 'subscription ($a: Int, $u: Int) { incidentEvents(afterSequence: $a, untilSequence: $u) { type } }';
    expect(resumedOperation(given, 'incidentEvents', 3)).toBe(normal('subscription { incidentEvents(afterSequence: 3) { type } }'));
  });
});

describe('completing an event', () => {
  it('shapes the event as the client asked, dropping the sequence the gateway added', async () => {
    const planned = plan('subscription { incidentEvents { type } }');
    const result = await planner.complete(
      planned,
      { data: { incidentEvents: { type: 'NOTIFIED', sequence: 12 } } },
      {},
      { caller: PUBLIC_CALLER, requestId: 'r1' },
      {},
    );
    expect(result).toEqual({ data: { incidentEvents: { type: 'NOTIFIED' } }, errors: undefined });
  });

  it('keeps the sequence when the client asked for it, and passes the owning subgraph’s errors on', async () => {
    const planned = plan('subscription { incidentEvents { sequence type incident { id } } }');
    const result = await planner.complete(
      planned,
      {
        data: { incidentEvents: { sequence: 13, type: 'NOTIFIED', incident: null } },
        errors: [
          { message: 'Incident is not available to your role', path: ['incidentEvents', 'incident'], extensions: { code: 'FORBIDDEN' } },
        ],
      },
      {},
      { caller: PUBLIC_CALLER, requestId: 'r2' },
      {},
    );
    expect(result.data).toEqual({ incidentEvents: { sequence: 13, type: 'NOTIFIED', incident: null } });
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([['Incident is not available to your role', 'FORBIDDEN']]);
  });
});
