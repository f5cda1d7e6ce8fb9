import { AdvisoryStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import type { AdvisoryRevision } from './advisory-records.entity.js';
import type { Advisory } from './advisory.entity.js';
import { cvssScoresOf, cvssV3Json, type CvssScores } from './cvss.js';

/** Who publishes: ThaiCERT, a national coordinator, in CSAF's terms (the provider metadata names it too). */
export const PUBLISHER = {
  category: 'coordinator',
  name: 'ThaiCERT (National Computer Security Coordination Center, Thailand)',
  namespace: 'https://www.thaicert.or.th',
  contact_details: 'https://www.thaicert.or.th',
  issuing_authority: 'ThaiCERT under the Cybersecurity Act B.E. 2562 (2019)',
};

/** CSAF 2.0 carries TLP 1.0 labels: CLEAR is WHITE; AMBER+STRICT travels as AMBER, named in the text. */
export const TLP_LABEL: Record<Tlp, 'WHITE' | 'GREEN' | 'AMBER' | 'RED'> = {
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

/**
 * A vector's scores as a note's text, each beyond the base score under FIRST's name:
 * `base score 9.3, CVSS-BT 8.1` (v4.0), `base score 9.8, Temporal 8.5` (v3.x).
 */
function scoresText(vector: string, scores: CvssScores): string {
  const named: [string, number | null][] =
    scores.version === '4.0'
      ? [
          ['base score', scores.base],
          ['CVSS-BT', scores.baseThreat],
          ['CVSS-BE', scores.baseEnvironmental],
          ['CVSS-BTE', scores.baseThreatEnvironmental],
        ]
      : [
          ['base score', scores.base],
          ['Temporal', scores.temporal],
          ['Environmental', scores.environmental],
        ];
  return `${vector} (${named
    .filter(([, score]) => score !== null)
    .map(([name, score]) => `${name} ${score}`)
    .join(', ')})`;
}

const iso = (date: Date) => date.toISOString();

/** The document's notes: both languages' summaries, the Thai recommendations, the scores no vulnerability carries, a withdrawal. */
function csafNotes(advisory: Advisory, scores: { title: string; text: string } | undefined): Record<string, unknown>[] {
  return [
    { category: 'summary', title: 'Summary', text: advisory.summaryEn },
    { category: 'summary', title: 'สรุป (Thai)', text: `${advisory.titleTh}\n\n${advisory.summaryTh}` },
    { category: 'general', title: 'คำแนะนำ (Thai recommendations)', text: advisory.recommendationsTh },
    ...(scores ? [{ category: 'other', ...scores }] : []),
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
    // The document's date, not the request's: the same revision is the same bytes, so its hashes and signature hold.
    generator: { engine: { name: 'ncsa-cyber-threat-graph' }, date: iso(advisory.lastRevisedAt ?? advisory.createdAt) },
  };
}

/** A product leaf of the tree: what `product_status`, `scores` and `remediations` refer to by its id. */
interface ProductLeaf {
  productId: string;
  name: string;
}

/** One affected product's branch, its leaves numbered from `next` on. */
interface ProductBranch {
  vendor: string;
  branch: Record<string, unknown>;
  leaves: ProductLeaf[];
}

const productId = (n: number) => `CSAFPID-${String(n).padStart(4, '0')}`;

/**
 * A single version: one token such as `11.0`, `10.2.9-h1`, `2024R2` — no spaces, no comparison,
 * no wildcard segment (`22.x`, `*`). CSAF's mandatory test 6.1.31 refuses a range in a
 * `product_version`; anything not plainly one version is a `product_version_range`.
 */
const SINGLE_VERSION = /^[\w.+~:-]+$/;
const WILDCARD = /(^|[.-])(x|\*)([.-]|$)/i;
const RANGE_WORDS = new Set(['after', 'all', 'before', 'earlier', 'later', 'prior', 'versions']);
const isSingleVersion = (version: string) =>
  SINGLE_VERSION.test(version) && !WILDCARD.test(version) && !RANGE_WORDS.has(version.toLowerCase());

/** A version token vers may carry as it is (vers's reserved characters are `|`, `<`, `>`, `=`, `!`, `*`, `,`). */
const VERS_VERSION = /^[\w.+~-]+$/;

/**
 * A range as CSAF 2.0 §3.1.2.3 prefers it, in vers (`vers:generic/<10.2.9`, `vers:generic/>=11.0.0|<=11.0.4`)
 * when it reads unambiguously as one — a comparison, or `a – b` — and otherwise as written (CSAF's
 * "vls", vendor-like string; the optional test 6.2.18 reports it).
 */
export function versionRange(range: string): string {
  const comparison = /^(<=|>=|<|>|≤|≥|=)\s*(\S+)$/.exec(range);
  if (comparison && VERS_VERSION.test(comparison[2]!)) {
    const operator = { '≤': '<=', '≥': '>=', '=': '' }[comparison[1]!] ?? comparison[1];
    return `vers:generic/${operator}${comparison[2]}`;
  }
  const between = /^(\S+)\s+(?:–|—|-|to)\s+(\S+)$/.exec(range) ?? /^([^\s–—]+)\s*[–—]\s*([^\s–—]+)$/.exec(range);
  if (between && VERS_VERSION.test(between[1]!) && VERS_VERSION.test(between[2]!)) return `vers:generic/>=${between[1]}|<=${between[2]}`;
  return range;
}

/**
 * The product tree: one vendor branch per vendor, in first-mention order; under it each product as a
 * `product_name` branch. A product given without versions is itself the leaf; one with versions has
 * a `product_version` (a single version) or `product_version_range` branch per version, each a leaf
 * named "vendor product version" as CSAF's examples name them.
 */
function csafProductTree(advisory: Advisory): { tree: Record<string, unknown>; leaves: ProductLeaf[] } {
  let next = 1;
  const leaf = (name: string): ProductLeaf => ({ productId: productId(next++), name });
  const product = (l: ProductLeaf) => ({ product_id: l.productId, name: l.name });
  const branches: ProductBranch[] = advisory.affectedProducts.map((p) => {
    const versions = [...new Set(p.versions.map((v) => v.trim()).filter((v) => v.length > 0))];
    const fullName = `${p.vendor} ${p.product}`;
    if (versions.length === 0) {
      const only = leaf(fullName);
      return { vendor: p.vendor, leaves: [only], branch: { category: 'product_name', name: p.product, product: product(only) } };
    }
    const leaves = versions.map((v) => leaf(`${fullName} ${v}`));
    const versionBranches = versions.map((v, i) =>
      isSingleVersion(v)
        ? { category: 'product_version', name: v, product: product(leaves[i]!) }
        : { category: 'product_version_range', name: versionRange(v), product: product(leaves[i]!) },
    );
    return { vendor: p.vendor, leaves, branch: { category: 'product_name', name: p.product, branches: versionBranches } };
  });
  const vendors = [...new Set(branches.map((b) => b.vendor))];
  return {
    tree: {
      branches: vendors.map((vendor) => ({
        category: 'vendor',
        name: vendor,
        branches: branches.filter((b) => b.vendor === vendor).map((b) => b.branch),
      })),
    },
    leaves: branches.flatMap((b) => b.leaves),
  };
}

/**
 * One vulnerability per CVE (one without a CVE when the advisory names none), each affecting every
 * product, with the CVSS v3 score and the remediation.
 */
function csafVulnerabilities(
  advisory: Advisory,
  productIds: string[],
  cvssV3: Record<string, unknown> | undefined,
): Record<string, unknown>[] {
  return (advisory.cveIds.length > 0 ? advisory.cveIds : [undefined]).map((cve) => ({
    ...(cve && { cve }),
    title: advisory.titleEn,
    notes: [{ category: 'description', text: advisory.summaryEn }],
    product_status: { known_affected: productIds },
    ...(cvssV3 && { scores: [{ products: productIds, cvss_v3: cvssV3 }] }),
    remediations: [{ category: 'mitigation', details: advisory.recommendationsEn, product_ids: productIds }],
  }));
}

/**
 * The document's references, an array CSAF forbids empty. An informational advisory must have an
 * external one (mandatory test 6.1.27.2): its CVEs' records at cve.org, and when it names neither a
 * reference nor a CVE, the publisher's own site.
 */
function csafReferences(advisory: Advisory, informational: boolean, selfUrl: string | undefined): Record<string, unknown>[] {
  const self = selfUrl ? [{ category: 'self', summary: 'This document, as ThaiCERT publishes it', url: selfUrl }] : [];
  const references = [...self, ...advisory.references.map((url) => ({ category: 'external', summary: 'Reference', url }))];
  if (!informational) return references;
  const cves = advisory.cveIds.map((cve) => ({
    category: 'external',
    summary: `${cve} in the CVE List`,
    url: `https://www.cve.org/CVERecord?id=${cve}`,
  }));
  const all = [...references, ...cves];
  return all.length > self.length ? all : [...all, { category: 'external', summary: 'ThaiCERT, the publisher', url: PUBLISHER.namespace }];
}

/**
 * The advisory as a CSAF 2.0 document: publisher ThaiCERT, tracking with the revision history, TLP
 * as CSAF's distribution label; with `selfUrl` (a released advisory: where the CSAF provider
 * serves it), that URL as its `self` reference.
 *
 * Its profile follows from what it names. With affected products it is a `csaf_security_advisory`
 * (§4.5): a product tree with a branch per product and version, one vulnerability per CVE with
 * its CVSS v3 score and the remediation. Without affected products it cannot be one — that profile
 * requires a product tree and every vulnerability's product status (mandatory tests 6.1.27.4 and
 * 6.1.27.6) — so it is a `csaf_informational_advisory` (§4.2): the same text, no vulnerabilities
 * (6.1.27.3 forbids them), its CVEs and scores in the references and notes instead. A CVSS v4.0
 * vector, for which CSAF 2.0 has no field (`cvss_v3` validates against FIRST's v3 schema only, and
 * the strict schema allows no other property), is a note with its FIRST-named scores, as is any
 * score of an informational advisory.
 */
export function toCsaf(advisory: Advisory, revisions: AdvisoryRevision[], selfUrl?: string): Record<string, unknown> {
  return sortedKeys(csafDocument(advisory, revisions, selfUrl)) as Record<string, unknown>;
}

/** Every object's keys in alphabetical order, as CSAF's optional test 6.2.13 asks (arrays keep their order). */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

function csafDocument(advisory: Advisory, revisions: AdvisoryRevision[], selfUrl: string | undefined): Record<string, unknown> {
  const informational = advisory.affectedProducts.length === 0;
  const { tree, leaves } = csafProductTree(advisory);
  const cvssV3 = advisory.cvssVector ? cvssV3Json(advisory.cvssVector) : undefined;
  const scoresNote = advisory.cvssVector && (informational || !cvssV3) ? cvssScoresOf(advisory.cvssVector) : undefined;
  const references = csafReferences(advisory, informational, selfUrl);

  return {
    document: {
      category: informational ? 'csaf_informational_advisory' : 'csaf_security_advisory',
      csaf_version: '2.0',
      lang: 'en',
      title: advisory.titleEn,
      publisher: PUBLISHER,
      distribution: { text: TLP_TEXT[advisory.tlp], tlp: { label: TLP_LABEL[advisory.tlp], url: 'https://www.first.org/tlp/' } },
      ...(advisory.cvssSeverity && { aggregate_severity: { namespace: 'https://www.first.org/cvss/', text: advisory.cvssSeverity } }),
      notes: csafNotes(
        advisory,
        scoresNote && { title: `CVSS v${scoresNote.version}`, text: scoresText(advisory.cvssVector!, scoresNote) },
      ),
      ...(references.length > 0 && { references }),
      tracking: csafTracking(advisory, revisions),
    },
    ...(!informational && {
      product_tree: tree,
      vulnerabilities: csafVulnerabilities(
        advisory,
        leaves.map((l) => l.productId),
        cvssV3,
      ),
    }),
  };
}
