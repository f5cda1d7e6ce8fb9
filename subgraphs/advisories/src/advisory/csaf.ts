import cvssCalculator from 'ae-cvss-calculator';

import { AdvisoryStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import type { AdvisoryRevision } from './advisory-records.entity.js';
import type { Advisory } from './advisory.entity.js';

// A CommonJS package whose named exports Node's ESM loader cannot see.
const { Cvss3P0, Cvss3P1 } = cvssCalculator;

/** Who publishes: ThaiCERT, a national coordinator, in CSAF's terms. */
const PUBLISHER = {
  category: 'coordinator',
  name: 'ThaiCERT (National Computer Security Coordination Center, Thailand)',
  namespace: 'https://www.thaicert.or.th',
  contact_details: 'https://www.thaicert.or.th',
  issuing_authority: 'ThaiCERT under the Cybersecurity Act B.E. 2562 (2019)',
};

/** CSAF 2.0 carries TLP 1.0 labels: CLEAR is WHITE; AMBER+STRICT travels as AMBER, named in the text. */
const TLP_LABEL: Record<Tlp, string> = {
  [Tlp.CLEAR]: 'WHITE',
  [Tlp.GREEN]: 'GREEN',
  [Tlp.AMBER]: 'AMBER',
  [Tlp.AMBER_STRICT]: 'AMBER',
  [Tlp.RED]: 'RED',
};
const TLP_TEXT: Record<Tlp, string> = {
  [Tlp.CLEAR]: 'TLP:CLEAR',
  [Tlp.GREEN]: 'TLP:GREEN',
  [Tlp.AMBER]: 'TLP:AMBER',
  [Tlp.AMBER_STRICT]: 'TLP:AMBER+STRICT — share only within your own organization',
  [Tlp.RED]: 'TLP:RED — for the named recipients only',
};

/** CVSS v3 as CSAF 2.0 embeds it (FIRST's JSON schema); CSAF 2.0 has no place for v4.0 scores. */
function cvssV3(vector: string): Record<string, unknown> | undefined {
  if (vector.startsWith('CVSS:3.1/')) return new Cvss3P1(vector).createJsonSchema() as Record<string, unknown>;
  if (vector.startsWith('CVSS:3.0/')) return new Cvss3P0(vector).createJsonSchema() as Record<string, unknown>;
  return undefined;
}

const iso = (date: Date) => date.toISOString();

/** An affected product with the CSAF product id it is referenced by (`CSAFPID-0001` on). */
type NumberedProduct = Advisory['affectedProducts'][number] & { productId: string };

/** The document's notes: both languages' summaries, the Thai recommendations, a v4.0 vector CSAF 2.0 cannot score, a withdrawal. */
function csafNotes(advisory: Advisory, score: Record<string, unknown> | undefined): Record<string, unknown>[] {
  return [
    { category: 'summary', title: 'Summary', text: advisory.summaryEn },
    { category: 'summary', title: 'สรุป (Thai)', text: `${advisory.titleTh}\n\n${advisory.summaryTh}` },
    { category: 'general', title: 'คำแนะนำ (Thai recommendations)', text: advisory.recommendationsTh },
    ...(advisory.cvssVector && !score
      ? [{ category: 'other', title: 'CVSS v4.0', text: `${advisory.cvssVector} (base score ${advisory.cvssBaseScore})` }]
      : []),
    ...(advisory.status === AdvisoryStatus.WITHDRAWN
      ? [{ category: 'general', title: 'Withdrawn', text: advisory.withdrawalReason ?? 'Withdrawn' }]
      : []),
  ];
}

/**
 * The document's tracking: a draft is version 0 with one draft entry (its id a placeholder until
 * it is published); a published advisory carries its revision history.
 */
function csafTracking(advisory: Advisory, revisions: AdvisoryRevision[]): Record<string, unknown> {
  const draft = advisory.status === AdvisoryStatus.DRAFT;
  const history = draft
    ? [{ date: iso(advisory.createdAt), number: '0', summary: 'Draft, not yet published' }]
    : revisions.map((r) => ({ date: iso(r.date), number: String(r.number), summary: r.summary }));
  return {
    id: advisory.identifier ?? `TH-CERT-DRAFT-${advisory.id}`,
    status: draft ? 'draft' : 'final',
    version: draft ? '0' : String(advisory.currentRevision),
    initial_release_date: iso(advisory.publishedAt ?? advisory.createdAt),
    current_release_date: iso(advisory.lastRevisedAt ?? advisory.createdAt),
    revision_history: history,
    generator: { engine: { name: 'ncsa-cyber-threat-graph' }, date: iso(new Date()) },
  };
}

/** The product tree: one vendor branch per vendor, in first-mention order, with its products and their versions. */
function csafProductTree(products: NumberedProduct[]): Record<string, unknown> {
  const vendors = [...new Set(products.map((p) => p.vendor))];
  return {
    branches: vendors.map((vendor) => ({
      category: 'vendor',
      name: vendor,
      branches: products
        .filter((p) => p.vendor === vendor)
        .map((p) => ({
          category: 'product_name',
          name: p.product,
          product: { product_id: p.productId, name: `${p.vendor} ${p.product}${p.versions.length ? ` ${p.versions.join(', ')}` : ''}` },
        })),
    })),
  };
}

/**
 * One vulnerability per CVE (one without a CVE when the advisory names none), each affecting every
 * product, with the CVSS v3 score and the remediation when there are products to attach them to.
 */
function csafVulnerabilities(
  advisory: Advisory,
  productIds: string[],
  score: Record<string, unknown> | undefined,
): Record<string, unknown>[] {
  return (advisory.cveIds.length > 0 ? advisory.cveIds : [undefined]).map((cve) => ({
    ...(cve && { cve }),
    title: advisory.titleEn,
    notes: [{ category: 'description', text: advisory.summaryEn }],
    ...(productIds.length > 0 && { product_status: { known_affected: productIds } }),
    ...(score && productIds.length > 0 && { scores: [{ products: productIds, cvss_v3: score }] }),
    ...(productIds.length > 0 && {
      remediations: [{ category: 'mitigation', details: advisory.recommendationsEn, product_ids: productIds }],
    }),
  }));
}

/**
 * The advisory as a CSAF 2.0 document, profile csaf_security_advisory: publisher ThaiCERT,
 * tracking with the revision history, TLP as CSAF's distribution label, a product tree of the
 * affected products and one vulnerability per CVE with its CVSS score and the remediation.
 */
export function toCsaf(advisory: Advisory, revisions: AdvisoryRevision[]): Record<string, unknown> {
  const products: NumberedProduct[] = advisory.affectedProducts.map((product, index) => ({
    ...product,
    productId: `CSAFPID-${String(index + 1).padStart(4, '0')}`,
  }));
  const productIds = products.map((p) => p.productId);
  const score = advisory.cvssVector ? cvssV3(advisory.cvssVector) : undefined;

  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: 'en',
      title: advisory.titleEn,
      publisher: PUBLISHER,
      distribution: { text: TLP_TEXT[advisory.tlp], tlp: { label: TLP_LABEL[advisory.tlp], url: 'https://www.first.org/tlp/' } },
      ...(advisory.cvssSeverity && { aggregate_severity: { namespace: 'https://www.first.org/cvss/', text: advisory.cvssSeverity } }),
      notes: csafNotes(advisory, score),
      references: advisory.references.map((url) => ({ category: 'external', summary: 'Reference', url })),
      tracking: csafTracking(advisory, revisions),
    },
    ...(products.length > 0 && { product_tree: csafProductTree(products) }),
    vulnerabilities: csafVulnerabilities(advisory, productIds, score),
  };
}
