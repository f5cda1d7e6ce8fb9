import { expect } from 'vitest';

import type { TestGraph } from './graph.js';

let serial = 0;

export const ADVISORY_FIELDS = `id identifier status tlp version currentRevision cveIds cvssVector cvssBaseScore cvssSeverity
  targetSectorIds recipientOrganizationIds publishedAt withdrawnAt`;

/** A complete advisory input; `overrides` change or add fields. */
export function advisoryInput(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    tlp: 'CLEAR',
    titleTh: `คำเตือนทดสอบที่ ${serial}`,
    titleEn: `Test advisory ${serial}`,
    summaryTh: 'สรุปภาษาไทย',
    summaryEn: 'English summary',
    recommendationsTh: 'คำแนะนำภาษาไทย',
    recommendationsEn: 'English recommendations',
    cveIds: ['CVE-2024-3400'],
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    affectedProducts: [{ vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: ['< 10.2.9'] }],
    references: ['https://security.paloaltonetworks.com/CVE-2024-3400'],
    ...overrides,
  };
}

export function draft(graph: TestGraph, overrides: Record<string, unknown> = {}, token = graph.tokens.thaicert) {
  return graph.query(`mutation ($input: AdvisoryInput!) { draftAdvisory(input: $input) { ${ADVISORY_FIELDS} } }`, {
    token,
    variables: { input: advisoryInput(overrides) },
  });
}

export function publish(graph: TestGraph, id: string, expectedVersion: number, token = graph.tokens.thaicert) {
  return graph.query(`mutation ($id: ID!, $v: Int!) { publishAdvisory(id: $id, expectedVersion: $v) { ${ADVISORY_FIELDS} } }`, {
    token,
    variables: { id, v: expectedVersion },
  });
}

/** Drafts and publishes an advisory, failing the test if either was refused. */
export async function published(graph: TestGraph, overrides: Record<string, unknown> = {}) {
  const drafted = await draft(graph, overrides);
  expect(drafted.errors).toBeUndefined();
  const done = await publish(graph, drafted.data!.draftAdvisory.id, drafted.data!.draftAdvisory.version);
  expect(done.errors).toBeUndefined();
  return done.data!.publishAdvisory as { id: string; identifier: string; version: number; [field: string]: unknown };
}
