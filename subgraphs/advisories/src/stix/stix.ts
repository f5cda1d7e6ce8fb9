import { isIPv6 } from 'node:net';

import { v5 as uuidv5 } from 'uuid';

import { AdvisoryStatus, HashAlgorithm, IndicatorKind, IndicatorStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import type { Advisory } from '../advisory/advisory.entity.js';
import type { Indicator } from '../indicator/indicator.entity.js';

/**
 * STIX 2.1 (OASIS, 2021) from our records: an advisory as a `report` tying its `vulnerability`
 * objects (one per CVE, with the CVE as an external reference), its `course-of-action` and the
 * `relationship`s between them; an indicator as an `indicator` (STIX patterning) and a `sighting`.
 * Ids are UUIDv5 of our ids, so exporting again gives the same ids; `created` and `modified` are
 * our records' own times, so a consumer tells a new version by `modified`. Every object is created
 * by ThaiCERT's `identity` and marked with its TLP 2.0 marking definition as OASIS published them.
 */

export type StixObject = { type: string; id: string; spec_version: '2.1'; [property: string]: unknown };
export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** Our namespace for UUIDv5 ids: fixed, so ids never change. */
const NAMESPACE = uuidv5('https://www.thaicert.or.th/stix', uuidv5.URL);
const stixId = (type: string, name: string) => `${type}--${uuidv5(name, NAMESPACE)}`;

/** When ThaiCERT's identity object was made: fixed, so it is one version everywhere. */
const IDENTITY_CREATED = '2026-01-01T00:00:00.000Z';

export const THAICERT_IDENTITY: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: stixId('identity', 'organization:thaicert'),
  created: IDENTITY_CREATED,
  modified: IDENTITY_CREATED,
  name: 'ThaiCERT',
  description: 'Thailand Computer Emergency Response Team (ThaiCERT), under the National Cyber Security Agency (NCSA).',
  identity_class: 'organization',
  sectors: ['government-national'],
  contact_information: 'https://www.thaicert.or.th/',
};

/** The TLP 2.0 extension definition (OASIS cti-stix-common-objects, extension-definition-specifications/tlp-2.0). */
export const TLP_2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The TLP 2.0 marking definitions exactly as OASIS publishes them, with their fixed ids. */
export const TLP_MARKINGS: Record<Tlp, StixObject> = Object.fromEntries(
  (
    [
      [Tlp.CLEAR, '94868c89-83c2-464b-929b-a1a8aa3c8487', 'TLP:CLEAR', 'clear'],
      [Tlp.GREEN, 'bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'TLP:GREEN', 'green'],
      [Tlp.AMBER, '55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'TLP:AMBER', 'amber'],
      [Tlp.AMBER_STRICT, '939a9414-2ddd-4d32-a0cd-375ea402b003', 'TLP:AMBER+STRICT', 'amber+strict'],
      [Tlp.RED, 'e828b379-4e03-4974-9ac4-e53a884c97c1', 'TLP:RED', 'red'],
    ] as const
  ).map(([tlp, uuid, name, level]) => [
    tlp,
    {
      type: 'marking-definition',
      spec_version: '2.1',
      id: `marking-definition--${uuid}`,
      created: '2022-10-01T00:00:00.000Z',
      name,
      extensions: { [TLP_2_EXTENSION]: { extension_type: 'property-extension', tlp_2_0: level } },
    },
  ]),
) as unknown as Record<Tlp, StixObject>;

const iso = (date: Date) => date.toISOString();

/** A STIX pattern's string literal: quote and backslash escaped (STIX 2.1 patterning §9.3). */
const literal = (text: string) => `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;

const HASH_NAMES: Record<HashAlgorithm, string> = {
  [HashAlgorithm.MD5]: 'MD5',
  [HashAlgorithm.SHA1]: 'SHA-1',
  [HashAlgorithm.SHA256]: 'SHA-256',
};

/** The STIX pattern matching an indicator's value. */
export function patternOf(indicator: Pick<Indicator, 'kind' | 'value' | 'hashAlgorithm'>): string {
  const value = literal(indicator.value);
  switch (indicator.kind) {
    case IndicatorKind.IP_ADDRESS:
      return `[${isIPv6(indicator.value) ? 'ipv6-addr' : 'ipv4-addr'}:value = ${value}]`;
    case IndicatorKind.DOMAIN_NAME:
      return `[domain-name:value = ${value}]`;
    case IndicatorKind.URL:
      return `[url:value = ${value}]`;
    case IndicatorKind.EMAIL_ADDRESS:
      return `[email-addr:value = ${value}]`;
    case IndicatorKind.FILE_HASH:
      return `[file:hashes.${literal(HASH_NAMES[indicator.hashAlgorithm ?? HashAlgorithm.SHA256])} = ${value}]`;
  }
}

/** What every object we create says of itself: ThaiCERT made it, under this TLP label, at these times. */
function common(type: string, id: string, tlp: Tlp, created: Date, modified: Date, revoked: boolean): StixObject {
  return {
    type,
    spec_version: '2.1',
    id,
    created_by_ref: THAICERT_IDENTITY.id,
    created: iso(created),
    modified: iso(modified < created ? created : modified),
    ...(revoked ? { revoked: true } : {}),
    object_marking_refs: [TLP_MARKINGS[tlp].id],
  };
}

/** An advisory's own objects (without the identity and marking they refer to), report last. */
export function advisoryObjects(advisory: Advisory): StixObject[] {
  const created = advisory.publishedAt ?? advisory.createdAt;
  const modified = advisory.lastRevisedAt ?? advisory.updatedAt;
  const revoked = advisory.status === AdvisoryStatus.WITHDRAWN;
  const base = (type: string, name: string) =>
    common(type, stixId(type, `advisory:${advisory.id}:${name}`), advisory.tlp, created, modified, revoked);
  const label = advisory.identifier ?? `draft ${advisory.id}`;
  const vulnerabilities = advisory.cveIds.map((cve) => ({
    ...base('vulnerability', cve),
    name: cve,
    external_references: [{ source_name: 'cve', external_id: cve, url: `https://www.cve.org/CVERecord?id=${cve}` }],
  }));
  const courseOfAction: StixObject = {
    ...base('course-of-action', 'recommendations'),
    name: `Recommendations of ${label}`,
    description: advisory.recommendationsEn,
  };
  const mitigations = vulnerabilities.map((vulnerability) => ({
    ...base('relationship', `mitigates:${vulnerability.name}`),
    relationship_type: 'mitigates',
    source_ref: courseOfAction.id,
    target_ref: vulnerability.id,
  }));
  const parts = [...vulnerabilities, courseOfAction, ...mitigations];
  const report: StixObject = {
    ...base('report', 'report'),
    name: advisory.titleEn,
    description: advisory.summaryEn,
    report_types: ['vulnerability'],
    published: iso(created),
    object_refs: parts.map((part) => part.id),
    lang: 'en',
    external_references: [
      ...(advisory.identifier ? [{ source_name: 'ThaiCERT', external_id: advisory.identifier }] : []),
      ...advisory.references.map((url) => ({ source_name: 'reference', url })),
    ],
  };
  if ((report.external_references as unknown[]).length === 0) delete report.external_references;
  // The Thai text, as STIX carries translations.
  const thai: StixObject = {
    ...base('language-content', 'th'),
    object_ref: report.id,
    object_modified: report.modified,
    contents: { th: { name: advisory.titleTh, description: advisory.summaryTh } },
  };
  const thaiRecommendations: StixObject = {
    ...base('language-content', 'recommendations:th'),
    object_ref: courseOfAction.id,
    object_modified: courseOfAction.modified,
    contents: { th: { name: `คำแนะนำของ ${label}`, description: advisory.recommendationsTh } },
  };
  return [...parts, thai, thaiRecommendations, report];
}

/** The identity of an organization: only ever shared at TLP:RED, for the recipients it names. */
function organizationIdentity(organizationId: string): StixObject {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: stixId('identity', `organization:${organizationId}`),
    created_by_ref: THAICERT_IDENTITY.id,
    created: IDENTITY_CREATED,
    modified: IDENTITY_CREATED,
    name: `Organization ${organizationId}`,
    identity_class: 'organization',
    object_marking_refs: [TLP_MARKINGS[Tlp.RED].id],
  };
}

const KIND_NAMES: Record<IndicatorKind, string> = {
  [IndicatorKind.IP_ADDRESS]: 'IP address',
  [IndicatorKind.DOMAIN_NAME]: 'Domain name',
  [IndicatorKind.URL]: 'URL',
  [IndicatorKind.FILE_HASH]: 'File hash',
  [IndicatorKind.EMAIL_ADDRESS]: 'E-mail address',
};

/**
 * An indicator's own objects: the `indicator`, and a `sighting` of it in the incident. The
 * affected organization is named (`where_sighted_refs`, with its `identity`) only at TLP:RED,
 * where the recipients are named too; below RED the sighting says only when it was seen.
 */
export function indicatorObjects(indicator: Indicator): StixObject[] {
  const revoked = indicator.status === IndicatorStatus.REVOKED;
  const base = (type: string, name: string) =>
    common(type, stixId(type, `indicator:${indicator.id}:${name}`), indicator.tlp, indicator.createdAt, indicator.updatedAt, revoked);
  const validFrom = indicator.validFrom;
  const stixIndicator: StixObject = {
    ...base('indicator', 'indicator'),
    name: `${KIND_NAMES[indicator.kind]} ${indicator.value}`,
    ...(indicator.descriptionEn ? { description: indicator.descriptionEn } : {}),
    indicator_types: ['malicious-activity'],
    pattern: patternOf(indicator),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: iso(validFrom),
    ...(indicator.validUntil && indicator.validUntil > validFrom ? { valid_until: iso(indicator.validUntil) } : {}),
  };
  const named =
    indicator.tlp === Tlp.RED && indicator.affectedOrganizationId ? organizationIdentity(indicator.affectedOrganizationId) : null;
  const firstSeen = indicator.firstSeenAt ?? null;
  const lastSeen = indicator.lastSeenAt && (!firstSeen || indicator.lastSeenAt >= firstSeen) ? indicator.lastSeenAt : null;
  const sighting: StixObject = {
    ...base('sighting', 'sighting'),
    sighting_of_ref: stixIndicator.id,
    ...(firstSeen ? { first_seen: iso(firstSeen) } : {}),
    ...(lastSeen ? { last_seen: iso(lastSeen) } : {}),
    ...(named ? { where_sighted_refs: [named.id] } : {}),
  };
  const objects = [...(named ? [named] : []), stixIndicator, sighting];
  if (indicator.descriptionTh) {
    objects.push({
      ...base('language-content', 'th'),
      object_ref: stixIndicator.id,
      object_modified: stixIndicator.modified,
      contents: { th: { description: indicator.descriptionTh } },
    });
  }
  return objects;
}

/** A bundle of a record's objects with the identity and marking definition they refer to. Its id is fixed by the record's version. */
export function bundleOf(name: string, tlp: Tlp, objects: StixObject[]): StixBundle {
  return { type: 'bundle', id: stixId('bundle', name), objects: [THAICERT_IDENTITY, TLP_MARKINGS[tlp], ...objects] };
}

export const advisoryBundle = (advisory: Advisory): StixBundle =>
  bundleOf(`advisory:${advisory.id}:${advisory.currentRevision}:${advisory.version}`, advisory.tlp, advisoryObjects(advisory));

export const indicatorBundle = (indicator: Indicator): StixBundle =>
  bundleOf(`indicator:${indicator.id}:${indicator.currentRevision}`, indicator.tlp, indicatorObjects(indicator));
