import { expect } from 'vitest';

import { demo, type TestGraph } from './graph.js';
import { notified } from './incidents.js';

export const INDICATOR_FIELDS = `id kind value hashAlgorithm tlp status version currentRevision validFrom validUntil firstSeenAt lastSeenAt
  targetSectorIds recipientOrganizationIds descriptionTh descriptionEn revokedAt revocationReason createdAt updatedAt`;

/** A new incident of the demo organization, for indicators to be recorded on (one on an unknown incident is NOT_FOUND). */
export async function newIncident(graph: TestGraph): Promise<string> {
  return (await notified(graph, { id: demo.organizationId, token: graph.tokens.organization })).id;
}

const incidents = new WeakMap<TestGraph, Promise<string>>();

/** A complete indicator input on `incidentId`; `overrides` change or add fields. */
export function indicatorInput(incidentId: string, overrides: Record<string, unknown> = {}) {
  return {
    incidentId,
    kind: 'IP_ADDRESS',
    value: '203.0.113.7',
    tlp: 'CLEAR',
    descriptionTh: 'เซิร์ฟเวอร์สั่งการของมัลแวร์',
    descriptionEn: 'Command-and-control server',
    firstSeenAt: '2026-11-30T02:00:00.000Z',
    lastSeenAt: '2026-12-01T02:00:00.000Z',
    ...overrides,
  };
}

/** Adds an indicator, on the graph's one incident for indicators unless `overrides` name another. */
export async function addIndicator(graph: TestGraph, overrides: Record<string, unknown> = {}, token = graph.tokens.thaicert) {
  if (!incidents.has(graph)) incidents.set(graph, newIncident(graph));
  return graph.query(`mutation ($input: IndicatorInput!) { addIndicator(input: $input) { ${INDICATOR_FIELDS} } }`, {
    token,
    variables: { input: indicatorInput(await incidents.get(graph)!, overrides) },
  });
}

/** Adds an indicator, failing the test if it was refused. */
export async function added(graph: TestGraph, overrides: Record<string, unknown> = {}) {
  const res = await addIndicator(graph, overrides);
  expect(res.errors).toBeUndefined();
  return res.data!.addIndicator as { id: string; version: number; value: string; [field: string]: unknown };
}
