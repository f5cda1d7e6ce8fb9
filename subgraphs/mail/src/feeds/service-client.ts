import { IDENTITY_HEADER, signIdentity, type IdentitySecret } from '../../../../platform/identity.js';

/** A contact as the organizations subgraph's `mailContacts` answers. */
export interface MailContact {
  contactId: string;
  organizationId: string;
  fullName: string;
  email: string;
  pgpPublicKey: string | null;
  pgpFingerprint: string | null;
  removed: boolean;
}

/** An advisory as the advisories subgraph's `advisoryMailing` answers: its content and who may read it. */
export interface AdvisoryMailing {
  advisoryId: string;
  identifier: string | null;
  tlp: string;
  status: string;
  revision: number;
  titleTh: string;
  titleEn: string;
  summaryTh: string;
  summaryEn: string;
  recommendationsTh: string;
  recommendationsEn: string;
  cveIds: string[];
  audienceOrganizationIds: string[];
}

/** An organization's names and current regulator, as the organizations subgraph's `mailOrganizations` answers. */
export interface MailOrganization {
  organizationId: string;
  nameTh: string;
  nameEn: string;
  regulatorId: string | null;
}

/** What the receipt of one submission states, as the incidents subgraph's `incidentReceipt` answers. */
export interface IncidentReceipt {
  referenceNumber: string | null;
  signatureStatus: string;
  signatureFingerprint: string | null;
}

/** Asks another subgraph's API as the `mail` service (never its tables). */
export async function serviceQuery<T>(
  url: string,
  identitySecret: IdentitySecret,
  query: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [IDENTITY_HEADER]: await signIdentity({ role: 'SERVICE', subject: 'mail' }, identitySecret, 60),
    },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { data?: T | null; errors?: { message: string }[] };
  if (body.errors?.length || !body.data)
    throw new Error(`${url} failed: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
  return body.data;
}

const CONTACT_FIELDS = 'contactId organizationId fullName email pgpPublicKey pgpFingerprint removed';

/** The directory of points of contact, read from the organizations subgraph at the moment it is needed (keys stay current). */
export class Directory {
  constructor(
    private readonly organizationsUrl: string,
    private readonly advisoriesUrl: string,
    private readonly identitySecret: IdentitySecret,
    private readonly incidentsUrl: string,
  ) {}

  /** A submission's reference number and signature verdict, as the incidents subgraph has them now. */
  async receipt(incidentId: string, revision: number): Promise<IncidentReceipt | null> {
    const data = await serviceQuery<{ incidentReceipt: IncidentReceipt | null }>(
      this.incidentsUrl,
      this.identitySecret,
      `query ($id: ID!, $revision: Int!) { incidentReceipt(incidentId: $id, revision: $revision) { referenceNumber signatureStatus signatureFingerprint } }`,
      { id: incidentId, revision },
    );
    return data.incidentReceipt;
  }

  /** The current contacts of these organizations (removed ones left out). */
  async contactsOf(organizationIds: string[]): Promise<MailContact[]> {
    const contacts: MailContact[] = [];
    // In pieces the organizations subgraph accepts (at most 5000 ids a call).
    for (let from = 0; from < organizationIds.length; from += 1000) {
      const data = await serviceQuery<{ mailContacts: MailContact[] }>(
        this.organizationsUrl,
        this.identitySecret,
        `query ($ids: [ID!]!) { mailContacts(organizationIds: $ids) { ${CONTACT_FIELDS} } }`,
        { ids: organizationIds.slice(from, from + 1000) },
      );
      contacts.push(...data.mailContacts);
    }
    return contacts;
  }

  /** These contacts as they stand now, removed ones too (the sender checks). */
  async contacts(contactIds: string[]): Promise<Map<string, MailContact>> {
    if (contactIds.length === 0) return new Map();
    const data = await serviceQuery<{ mailContacts: MailContact[] }>(
      this.organizationsUrl,
      this.identitySecret,
      `query ($ids: [ID!]!) { mailContacts(contactIds: $ids) { ${CONTACT_FIELDS} } }`,
      { ids: contactIds },
    );
    return new Map(data.mailContacts.map((c) => [c.contactId, c]));
  }

  /** The current contacts registered with this address, in whichever organizations (the sender of a report by mail). */
  async contactsWithEmail(email: string): Promise<MailContact[]> {
    const data = await serviceQuery<{ mailContacts: MailContact[] }>(
      this.organizationsUrl,
      this.identitySecret,
      `query ($emails: [String!]!) { mailContacts(emails: $emails) { ${CONTACT_FIELDS} } }`,
      { emails: [email] },
    );
    return data.mailContacts;
  }

  /** These organizations' names and the regulators that supervise them now. */
  async organizations(ids: string[]): Promise<Map<string, MailOrganization>> {
    if (ids.length === 0) return new Map();
    const data = await serviceQuery<{ mailOrganizations: MailOrganization[] }>(
      this.organizationsUrl,
      this.identitySecret,
      `query ($ids: [ID!]!) { mailOrganizations(ids: $ids) { organizationId nameTh nameEn regulatorId } }`,
      { ids },
    );
    return new Map(data.mailOrganizations.map((o) => [o.organizationId, o]));
  }

  /** The advisory and the organizations that may read it under TLP, as the advisories subgraph decides. */
  async advisory(advisoryId: string): Promise<AdvisoryMailing | null> {
    const data = await serviceQuery<{ advisoryMailing: AdvisoryMailing | null }>(
      this.advisoriesUrl,
      this.identitySecret,
      `query ($id: ID!) { advisoryMailing(id: $id) { advisoryId identifier tlp status revision titleTh titleEn summaryTh summaryEn recommendationsTh recommendationsEn cveIds audienceOrganizationIds } }`,
      { id: advisoryId },
    );
    return data.advisoryMailing;
  }
}
