import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demo, regulatorCaller, useGraph } from '../graph.js';
import { minimalReport, newOrganization, notified, type TestOrganization } from '../incidents.js';
import { connect, type WsConnection } from '../ws-client.js';

const graph = useGraph();
let underBot: TestOrganization;
let underNbtc: TestOrganization;
const open: WsConnection[] = [];
const connection = (token?: string, url = graph().gatewayUrl) => {
  const c = connect(url, token);
  open.push(c);
  return c;
};

beforeAll(async () => {
  underBot = await newOrganization(graph());
  underNbtc = await newOrganization(graph(), demo.regulator('nbtc'), 'IT_TELECOM');
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
});

const EVENTS = `subscription ($after: Int) { incidentEvents(afterSequence: $after) {
  sequence type occurredAt
  incident { id status organization { id nameEn pointsOfContact { fullName } } }
} }`;

describe('incident events through the gateway', () => {
  it('delivers an event with fields resolved from another subgraph', async () => {
    const sub = connection(graph().tokens.ncsa).subscribe(EVENTS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const incident = await notified(graph(), underBot, minimalReport());
    const [first] = await sub.waitFor(1);
    expect(first!.errors).toBeUndefined();
    expect(first!.data!.incidentEvents).toMatchObject({
      type: 'NOTIFIED',
      sequence: expect.any(Number),
      incident: { id: incident.id, status: 'NOTIFIED', organization: { id: underBot.id, nameEn: expect.stringMatching(/Incident Test Bank/) } },
    });
  });
});
