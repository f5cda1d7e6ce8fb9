import { randomUUID } from 'node:crypto';

import { expect } from 'vitest';

import { demo, organizationCaller, type TestGraph } from './graph.js';

const HOUR = 3_600_000;
export const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

export interface TestOrganization {
  id: string;
  token: string;
}

let serial = 0;

/** A fresh CII bank under the Bank of Thailand (or another regulator and its sector), so counts in a test are exact. */
export async function newOrganization(
  graph: TestGraph,
  regulatorId = demo.regulatorId,
  sectorId = 'BANKING_FINANCE',
): Promise<TestOrganization> {
  serial += 1;
  const res = await graph.query(`mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`, {
    token: graph.tokens.ncsa,
    variables: {
      input: {
        nameTh: `ธนาคารทดสอบที่ ${serial}`,
        nameEn: `Incident Test Bank ${serial} ${randomUUID().slice(0, 8)}`,
        kind: 'CII_ORGANIZATION',
        sectorId,
        regulatorId,
      },
    },
  });
  expect(res.errors).toBeUndefined();
  const id = res.data!.registerOrganization.id as string;
  return { id, token: await graph.token(organizationCaller(id)) };
}

/** The least a notification (ก1) must say. */
export const minimalReport = (overrides: Record<string, unknown> = {}) => ({
  severity: 'SERIOUS',
  categories: ['CAT4_MALICIOUS_LOGIC'],
  detectedAt: hoursAgo(1),
  ...overrides,
});

export const INCIDENT_FIELDS = `id status currentRevision reportedSeverity assessedSeverity severity categories detectedAt reportDueAt
  reportFiledAt overdue reportOnTime regulatorNotificationDueAt closedAt version`;

export async function notify(
  graph: TestGraph,
  organization: TestOrganization,
  report: Record<string, unknown> = minimalReport(),
  extra: Record<string, unknown> = {},
) {
  return graph.query(`mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { ${INCIDENT_FIELDS} } }`, {
    token: organization.token,
    variables: { input: { organizationId: organization.id, idempotencyKey: randomUUID(), report, ...extra } },
  });
}

/** Notifies and returns the incident, failing the test if that was refused. */
export async function notified(graph: TestGraph, organization: TestOrganization, report?: Record<string, unknown>) {
  const res = await notify(graph, organization, report);
  expect(res.errors).toBeUndefined();
  return res.data!.notifyIncident as { id: string; currentRevision: number; [field: string]: unknown };
}

export function submitReport(graph: TestGraph, token: string, input: Record<string, unknown>) {
  return graph.query(`mutation ($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { ${INCIDENT_FIELDS} } }`, {
    token,
    variables: { input },
  });
}

export function close(graph: TestGraph, token: string, input: Record<string, unknown>) {
  return graph.query(`mutation ($input: CloseIncidentInput!) { closeIncident(input: $input) { ${INCIDENT_FIELDS} } }`, {
    token,
    variables: { input },
  });
}

export const codes = (res: { errors?: { extensions?: { code?: string } }[] }) => (res.errors ?? []).map((e) => e.extensions?.code);

/** The submissions an organization had refused and kept (newest first), as it reads them back. */
export async function refusedSubmissions(graph: TestGraph, token: string) {
  const res = await graph.query(
    '{ refusedSubmissions(first: 100) { edges { node { operation incidentId errorCode errorMessage arguments } } } }',
    { token },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.refusedSubmissions.edges.map((e: { node: unknown }) => e.node) as {
    operation: string;
    incidentId: string | null;
    errorCode: string;
    errorMessage: string;
    arguments: Record<string, any>;
  }[];
}
