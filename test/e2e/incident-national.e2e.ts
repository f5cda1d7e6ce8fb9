import { beforeAll, describe, expect, it } from 'vitest';

import { useGraph } from '../graph.js';
import { close, codes, newOrganization, notified, type TestOrganization } from '../incidents.js';

const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });
let bank: TestOrganization;

beforeAll(async () => {
  bank = await newOrganization(graph());
});

const ASSESS = `mutation ($input: AssessIncidentSeverityInput!) { assessIncidentSeverity(input: $input) {
  reportedSeverity assessedSeverity severity assessment { severity recommendations assessedAt }
} }`;
const assessInput = (incidentId: string) => ({
  incidentId,
  severity: 'CRITICAL_A',
  reason: 'กระทบระบบชำระเงินระดับประเทศ',
  recommendations: 'ตัดการเชื่อมต่อระบบที่ติดมัลแวร์ทันที',
});

describe('ThaiCERT’s severity assessment (ThaiCERT 2.2)', () => {
  it('keeps the reported level and adds the assessed one, with who, when, why and recommendations', async () => {
    const incident = await notified(graph(), bank);
    const res = await graph().query(ASSESS, { token: graph().tokens.thaicert, variables: { input: assessInput(incident.id) } });
    expect(res.data?.assessIncidentSeverity).toMatchObject({
      reportedSeverity: 'SERIOUS',
      assessedSeverity: 'CRITICAL_A',
      severity: 'CRITICAL_A',
      assessment: { severity: 'CRITICAL_A', recommendations: 'ตัดการเชื่อมต่อระบบที่ติดมัลแวร์ทันที' },
    });
    const internals = await graph().query(
      `query ($id: ID!) { incident(id: $id) { severityAssessments { severity reason assessedBy assessedAt } } }`,
      {
        token: graph().tokens.ncsa,
        variables: { id: incident.id },
      },
    );
    expect(internals.data?.incident.severityAssessments).toEqual([
      expect.objectContaining({ severity: 'CRITICAL_A', reason: 'กระทบระบบชำระเงินระดับประเทศ', assessedBy: 'test-thaicert' }),
    ]);
    // The organization sees the outcome and the recommendations.
    const seen = await graph().query(`query ($id: ID!) { incident(id: $id) { severity assessment { recommendations } } }`, {
      token: bank.token,
      variables: { id: incident.id },
    });
    expect(seen.data?.incident).toEqual({ severity: 'CRITICAL_A', assessment: { recommendations: 'ตัดการเชื่อมต่อระบบที่ติดมัลแวร์ทันที' } });
  });

  it.each([['organization'], ['regulator']] as const)('is refused to a %s', async (who) => {
    const incident = await notified(graph(), bank);
    const token = who === 'organization' ? bank.token : graph().tokens.regulator;
    const res = await graph().query(ASSESS, { token, variables: { input: assessInput(incident.id) } });
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });

  it('keeps the reported level when the organization later revises it', async () => {
    const incident = await notified(graph(), bank);
    await graph().query(ASSESS, { token: graph().tokens.thaicert, variables: { input: assessInput(incident.id) } });
    const revised = await graph().query(
      `mutation ($id: ID!) { submitIncidentReport(input: { incidentId: $id, basedOnRevision: 1, report: { severity: NON_SERIOUS } }) { reportedSeverity assessedSeverity severity } }`,
      { token: bank.token, variables: { id: incident.id } },
    );
    expect(revised.data?.submitIncidentReport).toEqual({
      reportedSeverity: 'NON_SERIOUS',
      assessedSeverity: 'CRITICAL_A',
      severity: 'CRITICAL_A',
    });
  });
});

describe('NCSA reference numbers', () => {
  const assign = (incidentId: string, referenceNumber: string, token = graph().tokens.ncsa) =>
    graph().query(
      `mutation ($id: ID!, $ref: String!) { assignReferenceNumber(incidentId: $id, referenceNumber: $ref) { referenceNumber } }`,
      {
        token,
        variables: { id: incidentId, ref: referenceNumber },
      },
    );

  it('are NCSA’s alone to assign, unique, and assigned once', async () => {
    const [a, b] = [await notified(graph(), bank), await notified(graph(), bank)];
    expect(codes(await assign(a.id, 'NCSA-2026-000001', graph().tokens.thaicert))).toEqual(['FORBIDDEN']);
    expect(codes(await assign(a.id, 'NCSA-2026-000001', bank.token))).toEqual(['FORBIDDEN']);
    expect((await assign(a.id, 'ncsa-2026-000001')).data?.assignReferenceNumber).toEqual({ referenceNumber: 'NCSA-2026-000001' });
    expect(codes(await assign(b.id, 'NCSA-2026-000001'))).toEqual(['CONFLICT']);
    expect(codes(await assign(a.id, 'NCSA-2026-000002'))).toEqual(['CONFLICT']);
    expect(codes(await assign(b.id, 'not a reference!'))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('assistance requests (ThaiCERT 2.4)', () => {
  const REQUEST = `mutation ($input: AssistanceRequestInput!) { requestAssistance(input: $input) { id status version mode kinds requestedAt } }`;
  const ANSWER = `mutation ($input: AssistanceAnswerInput!) { answerAssistanceRequest(input: $input) { status version response firstRespondedAt resolvedAt } }`;

  it('an organization asks for help; ThaiCERT answers, with the time of each step kept', async () => {
    const incident = await notified(graph(), bank);
    const asked = await graph().query(REQUEST, {
      token: bank.token,
      variables: {
        input: {
          incidentId: incident.id,
          kinds: ['FORENSICS', 'CONTAINMENT'],
          mode: 'ON_SITE',
          description: 'ต้องการทีมพิสูจน์หลักฐานที่สำนักงานใหญ่',
        },
      },
    });
    expect(asked.data?.requestAssistance).toMatchObject({ status: 'REQUESTED', mode: 'ON_SITE', kinds: ['FORENSICS', 'CONTAINMENT'] });
    const id = asked.data!.requestAssistance.id;
    const accepted = await graph().query(ANSWER, {
      token: graph().tokens.thaicert,
      variables: { input: { id, expectedVersion: 1, status: 'ACCEPTED', response: 'ทีมจะถึงภายใน 2 ชั่วโมง' } },
    });
    expect(accepted.data?.answerAssistanceRequest).toMatchObject({ status: 'ACCEPTED', version: 2, resolvedAt: null });
    expect(accepted.data?.answerAssistanceRequest.firstRespondedAt).not.toBeNull();
    const done = await graph().query(ANSWER, {
      token: graph().tokens.thaicert,
      variables: { input: { id, expectedVersion: 2, status: 'COMPLETED', response: 'เก็บหลักฐานเรียบร้อย' } },
    });
    expect(done.data?.answerAssistanceRequest.resolvedAt).not.toBeNull();
    const reopened = await graph().query(ANSWER, {
      token: graph().tokens.thaicert,
      variables: { input: { id, expectedVersion: 3, status: 'IN_PROGRESS', response: 'x' } },
    });
    expect(codes(reopened)).toEqual(['BAD_USER_INPUT']);
    const listed = await graph().query(`query ($id: ID!) { incident(id: $id) { assistanceRequests { status response } } }`, {
      token: graph().tokens.regulator,
      variables: { id: incident.id },
    });
    expect(listed.data?.incident.assistanceRequests).toEqual([{ status: 'COMPLETED', response: 'เก็บหลักฐานเรียบร้อย' }]);
  });

  it('is not for a closed incident, nor for another organization’s, nor answered by the organization', async () => {
    const incident = await notified(graph(), bank);
    const answerAsOrg = await graph().query(ANSWER, {
      token: bank.token,
      variables: { input: { id: '00000000-0000-4000-8000-000000000000', expectedVersion: 1, status: 'ACCEPTED', response: 'x' } },
    });
    expect(codes(answerAsOrg)).toEqual(['FORBIDDEN']);
    const other = await newOrganization(graph());
    const foreign = await graph().query(REQUEST, {
      token: other.token,
      variables: { input: { incidentId: incident.id, kinds: ['ANALYSIS'], mode: 'REMOTE', description: 'x' } },
    });
    expect(codes(foreign)).toEqual(['NOT_FOUND']); // as for an unknown id: see incident-scope.e2e.ts
    await close(graph(), bank.token, { incidentId: incident.id, basedOnRevision: 1, finalCategories: ['CAT4_MALICIOUS_LOGIC'] });
    const late = await graph().query(REQUEST, {
      token: bank.token,
      variables: { input: { incidentId: incident.id, kinds: ['RECOVERY'], mode: 'REMOTE', description: 'x' } },
    });
    expect(codes(late)).toEqual(['BAD_USER_INPUT']);
  });
});
