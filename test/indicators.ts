import { randomUUID } from 'node:crypto';

import { expect } from 'vitest';

import type { TestGraph } from './graph.js';

export const INDICATOR_FIELDS = `id kind value hashAlgorithm tlp status version currentRevision validFrom validUntil firstSeenAt lastSeenAt
  targetSectorIds recipientOrganizationIds descriptionTh descriptionEn revokedAt revocationReason createdAt updatedAt`;

/** A complete indicator input; `overrides` change or add fields. */
export function indicatorInput(overrides: Record<string, unknown> = {}) {
  return {
    incidentId: randomUUID(),
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

export function addIndicator(graph: TestGraph, overrides: Record<string, unknown> = {}, token = graph.tokens.thaicert) {
  return graph.query(`mutation ($input: IndicatorInput!) { addIndicator(input: $input) { ${INDICATOR_FIELDS} } }`, {
    token,
    variables: { input: indicatorInput(overrides) },
  });
}

/** Adds an indicator, failing the test if it was refused. */
export async function added(graph: TestGraph, overrides: Record<string, unknown> = {}) {
  const res = await addIndicator(graph, overrides);
  expect(res.errors).toBeUndefined();
  return res.data!.addIndicator as { id: string; version: number; value: string; [field: string]: unknown };
}
