import { randomUUID } from 'node:crypto';

import { createMessage, readPrivateKey, sign } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';

import { canonicalJson } from '../../platform/canonical-json.js';
import { useGraph } from '../graph.js';
import { codes, hoursAgo, minimalReport, newOrganization, type TestOrganization } from '../incidents.js';
import { makeOpenPgpKey } from '../openpgp-keys.js';

/**
 * Signed reports: an organization signs a submission with a key registered for one of its points
 * of contact; every revision shows whether it was signed, whether the signature verified, and by
 * whom. Signatures are made here as a reporting tool would: over the input without `signature`,
 * as RFC 8785 canonical JSON (`platform/canonical-json.ts`, held to the RFC's own vectors by its unit test).
 */
const graph = useGraph({ subgraphs: ['organizations', 'incidents'] });

async function signInput(input: Record<string, unknown>, armoredPrivateKey: string): Promise<string> {
  const message = await createMessage({ binary: new TextEncoder().encode(canonicalJson(input)) });
  return (await sign({ message, signingKeys: await readPrivateKey({ armoredKey: armoredPrivateKey }), detached: true })) as string;
}

const REVISIONS = `revisions { number signatureStatus signature { status keyId fingerprint signedAt verifiedAt detail signedBy { id fullName pgpFingerprint } } }`;
const NOTIFY = `mutation ($input: NotifyIncidentInput!) { notifyIncident(input: $input) { id currentRevision ${REVISIONS} } }`;
const SUBMIT = `mutation ($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { id currentRevision ${REVISIONS} } }`;
const CLOSE = `mutation ($input: CloseIncidentInput!) { closeIncident(input: $input) { id currentRevision ${REVISIONS} } }`;
const ADD_CONTACT = `mutation ($org: ID!, $input: PointOfContactInput!) { addPointOfContact(organizationId: $org, input: $input) { id version pgpFingerprint } }`;

interface Revision {
  number: number;
  signatureStatus: string;
  signature: null | {
    status: string;
    keyId: string;
    fingerprint: string | null;
    signedAt: string | null;
    detail: string | null;
    signedBy: { id: string; fullName: string; pgpFingerprint: string } | null;
  };
}

interface Signer {
  contactId: string;
  fingerprint: string;
  privateKey: string;
  version: number;
}

/** Registers a point of contact with a fresh key for the organization, as the organization itself. */
async function registerSigner(organization: TestOrganization, fullName = 'สมศักดิ์ ผู้ลงนาม'): Promise<Signer> {
  const { publicKey, privateKey } = await makeOpenPgpKey(fullName, 'signer@bank.example');
  const res = await graph().query(ADD_CONTACT, {
    token: organization.token,
    variables: {
      org: organization.id,
      input: { fullName, email: `${randomUUID()}@bank.example`, mobilePhone: '081 234 5678', pgpPublicKey: publicKey },
    },
  });
  expect(res.errors).toBeUndefined();
  const contact = res.data!.addPointOfContact;
  return { contactId: contact.id, fingerprint: contact.pgpFingerprint, privateKey, version: contact.version };
}

const notificationInput = (organization: TestOrganization) => ({
  organizationId: organization.id,
  idempotencyKey: randomUUID(),
  continuity: 'NEW',
  report: minimalReport({ detectedAt: hoursAgo(2), trackingUnit: 'ศูนย์ SOC' }),
});

async function send(query: string, organization: TestOrganization, input: Record<string, unknown>) {
  return graph().query(query, { token: organization.token, variables: { input } });
}

let organization: TestOrganization;
let signer: Signer;

beforeAll(async () => {
  organization = await newOrganization(graph());
  signer = await registerSigner(organization);
});

describe('signed reports', () => {
  it('verifies a notification signed with a point of contact’s key registered a moment before, and names the signer', async () => {
    const fresh = await newOrganization(graph());
    const freshSigner = await registerSigner(fresh, 'วิไล ลงนามทันที');
    const input = notificationInput(fresh);
    const res = await send(NOTIFY, fresh, { ...input, signature: await signInput(input, freshSigner.privateKey) });
    expect(res.errors).toBeUndefined();
    const [revision] = res.data!.notifyIncident.revisions as Revision[];
    expect(revision).toMatchObject({
      number: 1,
      signatureStatus: 'VERIFIED',
      signature: {
        status: 'VERIFIED',
        fingerprint: freshSigner.fingerprint,
        detail: null,
        signedBy: { id: freshSigner.contactId, fullName: 'วิไล ลงนามทันที', pgpFingerprint: freshSigner.fingerprint },
      },
    });
    expect(Date.parse(revision!.signature!.signedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('shows an unsigned submission as UNSIGNED, with no signature', async () => {
    const res = await send(NOTIFY, organization, notificationInput(organization));
    expect(res.data!.notifyIncident.revisions[0]).toMatchObject({ signatureStatus: 'UNSIGNED', signature: null });
  });

  it('keeps a report whose content was changed after signing, marked INVALID', async () => {
    const incident = (await send(NOTIFY, organization, notificationInput(organization))).data!.notifyIncident;
    const signedFor = { incidentId: incident.id, basedOnRevision: 1, report: { severity: 'SERIOUS' } };
    const sent = { ...signedFor, report: { severity: 'NON_SERIOUS' }, signature: await signInput(signedFor, signer.privateKey) };
    const res = await send(SUBMIT, organization, sent);
    expect(res.errors).toBeUndefined();
    const revision = (res.data!.submitIncidentReport.revisions as Revision[])[1]!;
    expect(revision.signatureStatus).toBe('INVALID');
    expect(revision.signature).toMatchObject({ fingerprint: signer.fingerprint, signedBy: { id: signer.contactId } });
    expect(revision.signature!.detail).toMatch(/digest did not match/i);
  });

  it('refuses to count a signature made for another revision: replaying it onto the next one is INVALID', async () => {
    const incident = (await send(NOTIFY, organization, notificationInput(organization))).data!.notifyIncident;
    const first = { incidentId: incident.id, basedOnRevision: 1, report: { trackingUnit: 'ทีมตอบสนอง' } };
    const signature = await signInput(first, signer.privateKey);
    const accepted = await send(SUBMIT, organization, { ...first, signature });
    expect(accepted.data!.submitIncidentReport.revisions[1].signatureStatus).toBe('VERIFIED');
    const replayed = await send(SUBMIT, organization, { ...first, basedOnRevision: 2, signature });
    expect(replayed.data!.submitIncidentReport.revisions[2].signatureStatus).toBe('INVALID');
  });

  it('marks a signature by a key not registered for the organization UNKNOWN_KEY, even one registered for another organization', async () => {
    const other = await newOrganization(graph());
    const otherSigner = await registerSigner(other);
    const { privateKey: unregistered } = await makeOpenPgpKey('Nobody');
    for (const key of [unregistered, otherSigner.privateKey]) {
      const input = notificationInput(organization);
      const res = await send(NOTIFY, organization, { ...input, signature: await signInput(input, key) });
      expect(res.errors).toBeUndefined();
      const [revision] = res.data!.notifyIncident.revisions as Revision[];
      expect(revision).toMatchObject({ signatureStatus: 'UNKNOWN_KEY', signature: { fingerprint: null, signedBy: null } });
      expect(revision!.signature!.detail).toMatch(/not registered/);
    }
  });

  it('verifies the closing report too, each revision on its own', async () => {
    const notification = notificationInput(organization);
    const incident = (await send(NOTIFY, organization, { ...notification, signature: await signInput(notification, signer.privateKey) }))
      .data!.notifyIncident;
    const report = { incidentId: incident.id, basedOnRevision: 1, report: { severity: 'SERIOUS', occurredAt: hoursAgo(3) } };
    await send(SUBMIT, organization, report);
    const closing = {
      incidentId: incident.id,
      basedOnRevision: 2,
      idempotencyKey: randomUUID(),
      finalCategories: ['CAT4_MALICIOUS_LOGIC'],
    };
    const res = await send(CLOSE, organization, { ...closing, signature: await signInput(closing, signer.privateKey) });
    expect(res.errors).toBeUndefined();
    expect((res.data!.closeIncident.revisions as Revision[]).map((r) => r.signatureStatus)).toEqual(['VERIFIED', 'UNSIGNED', 'VERIFIED']);
  });

  it('refuses a signature that is not an OpenPGP signature with BAD_USER_INPUT, writing nothing', async () => {
    const incident = (await send(NOTIFY, organization, notificationInput(organization))).data!.notifyIncident;
    for (const signature of ['not a signature', '-----BEGIN PGP SIGNATURE-----\n\nAAAA\n-----END PGP SIGNATURE-----', 'x'.repeat(20_000)]) {
      const res = await send(SUBMIT, organization, {
        incidentId: incident.id,
        basedOnRevision: 1,
        report: { severity: 'SERIOUS' },
        signature,
      });
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions).toMatchObject({ field: 'signature' });
    }
    const after = await graph().query(`{ incident(id: "${incident.id}") { currentRevision } }`, { token: organization.token });
    expect(after.data!.incident.currentRevision).toBe(1);
  });

  it('stops verifying with a key once its contact is removed, while earlier verdicts stand', async () => {
    const leaving = await registerSigner(organization, 'ผู้ประสานงานที่ลาออก');
    const before = notificationInput(organization);
    const incident = (await send(NOTIFY, organization, { ...before, signature: await signInput(before, leaving.privateKey) })).data!
      .notifyIncident;
    expect(incident.revisions[0].signatureStatus).toBe('VERIFIED');

    const removed = await graph().query(`mutation ($id: ID!, $v: Int!) { removePointOfContact(id: $id, expectedVersion: $v) { id } }`, {
      token: organization.token,
      variables: { id: leaving.contactId, v: leaving.version },
    });
    expect(removed.errors).toBeUndefined();
    const after = { incidentId: incident.id, basedOnRevision: 1, report: { severity: 'CRITICAL_B' } };
    const res = await send(SUBMIT, organization, { ...after, signature: await signInput(after, leaving.privateKey) });
    expect((res.data!.submitIncidentReport.revisions as Revision[]).map((r) => r.signatureStatus)).toEqual(['VERIFIED', 'UNKNOWN_KEY']);
  });

  it('still takes a signed report while the organizations subgraph is down, verified against the copy of the keys', async () => {
    const incident = (await send(NOTIFY, organization, notificationInput(organization))).data!.notifyIncident;
    const input = { incidentId: incident.id, basedOnRevision: 1, report: { severity: 'CRITICAL_A' } };
    const signature = await signInput(input, signer.privateKey);
    let res: Awaited<ReturnType<typeof send>> | undefined;
    await graph().restartSubgraph('organizations', async () => {
      res = await send(
        `mutation ($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { revisions { signatureStatus } } }`,
        organization,
        { ...input, signature },
      );
    });
    expect(res!.errors).toBeUndefined();
    expect(res!.data!.submitIncidentReport.revisions[1].signatureStatus).toBe('VERIFIED');
  });

  it('shows the verdict to the supervising regulator and ThaiCERT as well', async () => {
    const input = notificationInput(organization);
    const id = (await send(NOTIFY, organization, { ...input, signature: await signInput(input, signer.privateKey) })).data!.notifyIncident
      .id;
    for (const token of [graph().tokens.regulator, graph().tokens.thaicert]) {
      const res = await graph().query(`{ incident(id: "${id}") { revisions { signatureStatus signature { signedBy { fullName } } } } }`, {
        token,
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.incident.revisions[0]).toEqual({
        signatureStatus: 'VERIFIED',
        signature: { signedBy: { fullName: 'สมศักดิ์ ผู้ลงนาม' } },
      });
    }
  });
});
