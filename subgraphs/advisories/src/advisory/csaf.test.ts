import { beforeAll, describe, expect, it } from 'vitest';

import { AdvisoryStatus, CvssSeverity, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { checkedCsaf, csafSchemaValidator } from '../../../../test/csaf-schema.js';
import type { AdvisoryRevision } from './advisory-records.entity.js';
import type { Advisory } from './advisory.entity.js';
import { toCsaf } from './csaf.js';

let validate: ReturnType<typeof csafSchemaValidator>;

// As test/e2e/advisories-csaf.e2e.ts validates what the API serves.
beforeAll(() => {
  validate = csafSchemaValidator();
});

/** Valid against OASIS's schema, and with no failure of BSI's validator (strict schema, every mandatory test). */
async function expectValid(document: Record<string, unknown>) {
  expect(validate(document), JSON.stringify(validate.errors, null, 2)).toBe(true);
  expect(await checkedCsaf(document, 'csaf.test.ts')).toEqual([]);
}

const CREATED = new Date('2026-02-01T03:00:00Z');
const PUBLISHED = new Date('2026-02-02T04:00:00Z');
const REVISED = new Date('2026-02-05T05:00:00Z');

/** A published advisory with two vendors' products, two CVEs and a CVSS 3.1 score; only the fields the export reads. */
const advisory = (overrides: Partial<Advisory> = {}) =>
  ({
    id: '0190a1b2-0000-7000-8000-000000000001',
    identifier: 'TH-CERT-2026-0007',
    status: AdvisoryStatus.UPDATED,
    tlp: Tlp.AMBER_STRICT,
    titleEn: 'PAN-OS command injection',
    titleTh: 'ช่องโหว่ PAN-OS',
    summaryEn: 'A command injection in GlobalProtect.',
    summaryTh: 'ช่องโหว่ใน GlobalProtect',
    recommendationsEn: 'Upgrade to a fixed version.',
    recommendationsTh: 'อัปเดตเป็นรุ่นที่แก้ไขแล้ว',
    affectedProducts: [
      { vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: ['< 10.2.9', '11.0'] },
      { vendor: 'Ivanti', product: 'Connect Secure', versions: [] },
      { vendor: 'Palo Alto Networks', product: 'Prisma Access', versions: [] },
    ],
    cveIds: ['CVE-2024-3400', 'CVE-2024-21887'],
    references: ['https://security.paloaltonetworks.com/CVE-2024-3400'],
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
    cvssBaseScore: 9.8,
    cvssSeverity: CvssSeverity.CRITICAL,
    currentRevision: 2,
    createdAt: CREATED,
    publishedAt: PUBLISHED,
    lastRevisedAt: REVISED,
    withdrawalReason: null,
    ...overrides,
  }) as Advisory;

const REVISIONS = [
  { number: 1, date: PUBLISHED, summary: 'Initial publication' },
  { number: 2, date: REVISED, summary: 'Fixed versions added' },
] as AdvisoryRevision[];

/** The exported document, read as the JSON it is: its shape is the CSAF schema's to describe, checked by {@link expectValid}. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const csafOf = (...args: Parameters<typeof toCsaf>) => toCsaf(...args) as Record<string, any>;

describe('an advisory as a CSAF 2.0 security advisory', () => {
  const csaf = csafOf(advisory(), REVISIONS);

  it('is valid against the OASIS CSAF 2.0 schema and passes every mandatory test of BSI’s validator', async () => {
    await expectValid(csaf);
  });

  it('is published by ThaiCERT as a coordinator, in English, with the Thai text as notes', () => {
    expect(csaf.document).toMatchObject({
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: 'en',
      title: 'PAN-OS command injection',
      publisher: { category: 'coordinator', namespace: 'https://www.thaicert.or.th' },
      aggregate_severity: { namespace: 'https://www.first.org/cvss/', text: 'CRITICAL' },
      references: [{ category: 'external', summary: 'Reference', url: 'https://security.paloaltonetworks.com/CVE-2024-3400' }],
    });
    expect(csaf.document.notes).toEqual([
      { category: 'summary', title: 'Summary', text: 'A command injection in GlobalProtect.' },
      { category: 'summary', title: 'สรุป (Thai)', text: 'ช่องโหว่ PAN-OS\n\nช่องโหว่ใน GlobalProtect' },
      { category: 'general', title: 'คำแนะนำ (Thai recommendations)', text: 'อัปเดตเป็นรุ่นที่แก้ไขแล้ว' },
    ]);
  });

  it('tracks the identifier, the current revision and every revision of the history', () => {
    expect(csaf.document.tracking).toMatchObject({
      id: 'TH-CERT-2026-0007',
      status: 'final',
      version: '2',
      initial_release_date: '2026-02-02T04:00:00.000Z',
      current_release_date: '2026-02-05T05:00:00.000Z',
      revision_history: [
        { date: '2026-02-02T04:00:00.000Z', number: '1', summary: 'Initial publication' },
        { date: '2026-02-05T05:00:00.000Z', number: '2', summary: 'Fixed versions added' },
      ],
      generator: { engine: { name: 'ncsa-cyber-threat-graph' } },
    });
  });

  it('groups the products by vendor, in the order they were given, a branch per version, each leaf with its own product id', () => {
    expect(csaf.product_tree.branches).toEqual([
      {
        category: 'vendor',
        name: 'Palo Alto Networks',
        branches: [
          {
            category: 'product_name',
            name: 'PAN-OS',
            branches: [
              {
                category: 'product_version_range',
                name: 'vers:generic/<10.2.9',
                product: { product_id: 'CSAFPID-0001', name: 'Palo Alto Networks PAN-OS < 10.2.9' },
              },
              {
                category: 'product_version',
                name: '11.0',
                product: { product_id: 'CSAFPID-0002', name: 'Palo Alto Networks PAN-OS 11.0' },
              },
            ],
          },
          {
            category: 'product_name',
            name: 'Prisma Access',
            product: { product_id: 'CSAFPID-0004', name: 'Palo Alto Networks Prisma Access' },
          },
        ],
      },
      {
        category: 'vendor',
        name: 'Ivanti',
        branches: [
          { category: 'product_name', name: 'Connect Secure', product: { product_id: 'CSAFPID-0003', name: 'Ivanti Connect Secure' } },
        ],
      },
    ]);
  });

  it('gives one vulnerability per CVE, each affecting every product, with the CVSS 3.1 score and the remediation', () => {
    const products = ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004'];
    expect(csaf.vulnerabilities.map((v: { cve: string }) => v.cve)).toEqual(['CVE-2024-3400', 'CVE-2024-21887']);
    expect(csaf.vulnerabilities[1]).toMatchObject({
      title: 'PAN-OS command injection',
      notes: [{ category: 'description', text: 'A command injection in GlobalProtect.' }],
      product_status: { known_affected: products },
      scores: [{ products, cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8 } }],
      remediations: [{ category: 'mitigation', details: 'Upgrade to a fixed version.', product_ids: products }],
    });
  });
});

describe('what CSAF 2.0 carries of each TLP label', () => {
  it.each([
    [Tlp.CLEAR, 'WHITE', 'TLP:CLEAR'],
    [Tlp.GREEN, 'GREEN', 'TLP:GREEN'],
    [Tlp.AMBER, 'AMBER', 'TLP:AMBER'],
    [Tlp.AMBER_STRICT, 'AMBER', 'TLP:AMBER+STRICT — share only within your own organization'],
    [Tlp.RED, 'RED', 'TLP:RED — for the named recipients only'],
  ])('%s travels as %s, named in the text', (tlp, label, text) => {
    const csaf = csafOf(advisory({ tlp }), REVISIONS);
    expect(csaf.document.distribution).toEqual({ text, tlp: { label, url: 'https://www.first.org/tlp/' } });
  });
});

describe('the other shapes an advisory takes', () => {
  it('a draft: tracked as version 0 under a draft id, with its creation as the only history', async () => {
    const csaf = csafOf(advisory({ status: AdvisoryStatus.DRAFT, identifier: null, publishedAt: null, lastRevisedAt: null }), []);
    await expectValid(csaf);
    expect(csaf.document.tracking).toMatchObject({
      id: 'TH-CERT-DRAFT-0190a1b2-0000-7000-8000-000000000001',
      status: 'draft',
      version: '0',
      initial_release_date: '2026-02-01T03:00:00.000Z',
      current_release_date: '2026-02-01T03:00:00.000Z',
      revision_history: [{ date: '2026-02-01T03:00:00.000Z', number: '0', summary: 'Draft, not yet published' }],
    });
  });

  it('withdrawn: says why in a note', async () => {
    const csaf = csafOf(advisory({ status: AdvisoryStatus.WITHDRAWN, withdrawalReason: 'Duplicate of TH-CERT-2026-0006' }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.document.notes.at(-1)).toEqual({ category: 'general', title: 'Withdrawn', text: 'Duplicate of TH-CERT-2026-0006' });
  });

  it('with a CVSS 4.0 vector, which CSAF 2.0 cannot score: the vector and score as a note, no scores', async () => {
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    const csaf = csafOf(advisory({ cvssVector: vector, cvssBaseScore: 9.3 }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.document.notes).toContainEqual({ category: 'other', title: 'CVSS v4.0', text: `${vector} (base score 9.3)` });
    expect(csaf.vulnerabilities[0].scores).toBeUndefined();
  });

  it('with a CVSS 3.0 vector, scored as 3.0', async () => {
    const csaf = csafOf(advisory({ cvssVector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', cvssBaseScore: 6.1 }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.vulnerabilities[0].scores[0].cvss_v3).toMatchObject({ version: '3.0', baseScore: 6.1, baseSeverity: 'MEDIUM' });
  });

  it('without products: an informational advisory, no product tree, no vulnerabilities, its CVEs as references and its score as a note', async () => {
    const csaf = csafOf(advisory({ affectedProducts: [] }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.document.category).toBe('csaf_informational_advisory');
    expect(csaf.product_tree).toBeUndefined();
    expect(csaf.vulnerabilities).toBeUndefined();
    expect(csaf.document.references).toEqual([
      { category: 'external', summary: 'Reference', url: 'https://security.paloaltonetworks.com/CVE-2024-3400' },
      { category: 'external', summary: 'CVE-2024-3400 in the CVE List', url: 'https://www.cve.org/CVERecord?id=CVE-2024-3400' },
      { category: 'external', summary: 'CVE-2024-21887 in the CVE List', url: 'https://www.cve.org/CVERecord?id=CVE-2024-21887' },
    ]);
    expect(csaf.document.notes).toContainEqual({
      category: 'other',
      title: 'CVSS v3.1',
      text: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H (base score 9.8)',
    });
  });

  it('without products, references, CVEs or a score: the publisher’s site as the one external reference', async () => {
    const csaf = csafOf(
      advisory({ affectedProducts: [], references: [], cveIds: [], cvssVector: null, cvssBaseScore: null, cvssSeverity: null }),
      REVISIONS,
    );
    await expectValid(csaf);
    expect(csaf.document.aggregate_severity).toBeUndefined();
    expect(csaf.document.references).toEqual([
      { category: 'external', summary: 'ThaiCERT, the publisher', url: 'https://www.thaicert.or.th' },
    ]);
  });

  it('with products but no references: no empty references array, which the schema forbids', async () => {
    const csaf = csafOf(advisory({ references: [] }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.document).not.toHaveProperty('references');
  });

  it('with a CVSS 4.0 vector with threat and environmental metrics: every FIRST-named score in the note, the base score as the base', async () => {
    const vector = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L';
    const csaf = csafOf(advisory({ cvssVector: vector, cvssBaseScore: 9.3 }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.document.notes).toContainEqual({
      category: 'other',
      title: 'CVSS v4.0',
      text: expect.stringMatching(/^CVSS:4\.0\/.+ \(base score 9\.3, CVSS-BT 8\.1, CVSS-BE \d+(\.\d)?, CVSS-BTE \d+(\.\d)?\)$/),
    });
  });

  it('with a CVSS 3.1 vector with temporal and environmental metrics: cvss_v3 carries the three scores', async () => {
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C/CR:H/MAV:L';
    const csaf = csafOf(advisory({ cvssVector: vector }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.vulnerabilities[0].scores[0].cvss_v3).toEqual({
      version: '3.1',
      vectorString: vector,
      baseScore: 9.8,
      baseSeverity: 'CRITICAL',
      temporalScore: 8.5,
      temporalSeverity: 'HIGH',
      environmentalScore: 7.3,
      environmentalSeverity: 'HIGH',
      attackVector: 'NETWORK',
      attackComplexity: 'LOW',
      privilegesRequired: 'NONE',
      userInteraction: 'NONE',
      scope: 'UNCHANGED',
      confidentialityImpact: 'HIGH',
      integrityImpact: 'HIGH',
      availabilityImpact: 'HIGH',
      exploitCodeMaturity: 'UNPROVEN',
      remediationLevel: 'OFFICIAL_FIX',
      reportConfidence: 'CONFIRMED',
      confidentialityRequirement: 'HIGH',
      modifiedAttackVector: 'LOCAL',
    });
  });
});

describe('versions as CSAF branches', () => {
  it.each([
    ['< 10.2.9-h1', 'vers:generic/<10.2.9-h1'],
    ['<= 2.4', 'vers:generic/<=2.4'],
    ['≥ 3.0', 'vers:generic/>=3.0'],
    ['11.0.0 – 11.0.4', 'vers:generic/>=11.0.0|<=11.0.4'],
    ['1.0 - 1.9', 'vers:generic/>=1.0|<=1.9'],
    ['7.0 to 7.4', 'vers:generic/>=7.0|<=7.4'],
    ['22.x', '22.x'],
    ['all versions before 5.1', 'all versions before 5.1'],
  ])('%s is a product_version_range named %s', async (version, name) => {
    const csaf = csafOf(advisory({ affectedProducts: [{ vendor: 'V', product: 'P', versions: [version] }] }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.product_tree.branches[0].branches[0].branches).toEqual([
      { category: 'product_version_range', name, product: { product_id: 'CSAFPID-0001', name: `V P ${version}` } },
    ]);
  });

  it.each(['11.0', '10.2.9-h1', '2024R2', '4'])('%s is a product_version', async (version) => {
    const csaf = csafOf(advisory({ affectedProducts: [{ vendor: 'V', product: 'P', versions: [version] }] }), REVISIONS);
    await expectValid(csaf);
    expect(csaf.product_tree.branches[0].branches[0].branches[0]).toMatchObject({ category: 'product_version', name: version });
  });
});
