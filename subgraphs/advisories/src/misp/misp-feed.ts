import { createHash } from 'node:crypto';

import type { EntityManager } from '@mikro-orm/postgresql';
import { v5 as uuidv5 } from 'uuid';

import {
  AdvisoryStatus,
  CvssSeverity,
  HashAlgorithm,
  IndicatorKind,
  IndicatorStatus,
  Tlp,
} from '../../../../contracts/advisory-vocabulary.js';
import type { Caller } from '../../../../platform/caller.js';
import { readableBy, RELEASED } from '../advisory/advisory-scope.js';
import { Advisory } from '../advisory/advisory.entity.js';
import { Indicator } from '../indicator/indicator.entity.js';
import type { TlpRecordRef } from '../tlp/tlp-audit.js';
import { tlpReadableBy } from '../tlp/tlp-scope.js';

/**
 * The advisories and indicators as a MISP feed (MISP's feed format, as PyMISP's feed generator
 * writes it): `manifest.json` (each event's uuid → its metadata), `hashes.csv` (the MD5 of each
 * attribute value, with its event's uuid) and one `<uuid>.json` per event — an event per advisory,
 * and per incident and TLP label the set of that incident's indicators under the label. Each event
 * carries its TLP tag (`tlp:clear` …) and the MISP distribution it means. What a caller's feed
 * holds is the TLP scope of GraphQL (advisory-scope.ts, tlp-scope.ts).
 */

const NAMESPACE = uuidv5('https://www.thaicert.or.th/misp', uuidv5.URL);
const ORGANIZATION = { name: 'ThaiCERT', uuid: uuidv5('organization:thaicert', NAMESPACE) };

/** MISP's TLP taxonomy tags (TLP 2.0) and their colours. */
const TAGS: Record<Tlp, { name: string; colour: string }> = {
  [Tlp.CLEAR]: { name: 'tlp:clear', colour: '#ffffff' },
  [Tlp.GREEN]: { name: 'tlp:green', colour: '#339900' },
  [Tlp.AMBER]: { name: 'tlp:amber', colour: '#ffc000' },
  [Tlp.AMBER_STRICT]: { name: 'tlp:amber+strict', colour: '#ffc000' },
  [Tlp.RED]: { name: 'tlp:red', colour: '#cc0033' },
};

/**
 * MISP distribution per label: CLEAR all communities (3), GREEN this community (1), AMBER and
 * stricter your organisation only (0) — a receiving MISP shares it no further.
 */
const DISTRIBUTION: Record<Tlp, number> = { [Tlp.CLEAR]: 3, [Tlp.GREEN]: 1, [Tlp.AMBER]: 0, [Tlp.AMBER_STRICT]: 0, [Tlp.RED]: 0 };

/** MISP threat levels: 1 high, 2 medium, 3 low, 4 undefined. */
const THREAT_LEVEL: Record<CvssSeverity, number> = {
  [CvssSeverity.CRITICAL]: 1,
  [CvssSeverity.HIGH]: 1,
  [CvssSeverity.MEDIUM]: 2,
  [CvssSeverity.LOW]: 3,
  [CvssSeverity.NONE]: 3,
};

const HASH_TYPES: Record<HashAlgorithm, string> = {
  [HashAlgorithm.MD5]: 'md5',
  [HashAlgorithm.SHA1]: 'sha1',
  [HashAlgorithm.SHA256]: 'sha256',
};

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  timestamp: string;
  distribution: string;
  comment: string;
  first_seen?: string;
  last_seen?: string;
}

export interface MispEvent {
  uuid: string;
  info: string;
  date: string;
  threat_level_id: string;
  analysis: string;
  timestamp: string;
  publish_timestamp: string;
  published: boolean;
  distribution: string;
  Orgc: { name: string; uuid: string };
  Tag: { name: string; colour: string }[];
  Attribute: MispAttribute[];
}

const seconds = (date: Date) => String(Math.floor(date.getTime() / 1000));
const day = (date: Date) => date.toISOString().slice(0, 10);

function advisoryEvent(advisory: Advisory): MispEvent {
  const published = advisory.publishedAt ?? advisory.createdAt;
  const changed = advisory.lastRevisedAt ?? advisory.updatedAt;
  const distribution = String(DISTRIBUTION[advisory.tlp]);
  const withdrawn = advisory.status === AdvisoryStatus.WITHDRAWN;
  const attribute = (name: string, type: string, value: string, comment: string): MispAttribute => ({
    uuid: uuidv5(`advisory:${advisory.id}:${name}`, NAMESPACE),
    type,
    category: 'External analysis',
    value,
    to_ids: false,
    timestamp: seconds(changed),
    distribution,
    comment,
  });
  return {
    uuid: uuidv5(`advisory:${advisory.id}`, NAMESPACE),
    info: `${advisory.identifier}: ${advisory.titleEn}${withdrawn ? ' (withdrawn)' : ''}`,
    date: day(published),
    threat_level_id: String(advisory.cvssSeverity ? THREAT_LEVEL[advisory.cvssSeverity] : 4),
    analysis: '2',
    timestamp: seconds(changed),
    publish_timestamp: seconds(changed),
    published: true,
    distribution,
    Orgc: ORGANIZATION,
    Tag: [TAGS[advisory.tlp]],
    Attribute: [
      ...advisory.cveIds.map((cve) => attribute(`cve:${cve}`, 'vulnerability', cve, advisory.titleEn)),
      ...advisory.references.map((url) => attribute(`reference:${url}`, 'link', url, 'Reference')),
      attribute('summary', 'text', advisory.summaryEn, 'Summary'),
      attribute('recommendations', 'text', advisory.recommendationsEn, 'Recommendations'),
    ],
  };
}

function indicatorAttribute(indicator: Indicator): MispAttribute {
  const [type, category] = ((): [string, string] => {
    switch (indicator.kind) {
      case IndicatorKind.IP_ADDRESS:
        return ['ip-dst', 'Network activity'];
      case IndicatorKind.DOMAIN_NAME:
        return ['domain', 'Network activity'];
      case IndicatorKind.URL:
        return ['url', 'Network activity'];
      case IndicatorKind.EMAIL_ADDRESS:
        return ['email-src', 'Payload delivery'];
      case IndicatorKind.FILE_HASH:
        return [HASH_TYPES[indicator.hashAlgorithm ?? HashAlgorithm.SHA256], 'Payload delivery'];
    }
  })();
  const revoked = indicator.status === IndicatorStatus.REVOKED;
  return {
    uuid: uuidv5(`indicator:${indicator.id}`, NAMESPACE),
    type,
    category,
    value: indicator.value,
    // A revoked indicator stays, no longer for detection (MISP's to_ids), saying why.
    to_ids: !revoked,
    timestamp: seconds(indicator.updatedAt),
    distribution: String(DISTRIBUTION[indicator.tlp]),
    comment: revoked ? `Revoked: ${indicator.revocationReason ?? ''}` : (indicator.descriptionEn ?? ''),
    ...(indicator.firstSeenAt && { first_seen: indicator.firstSeenAt.toISOString() }),
    ...(indicator.lastSeenAt && { last_seen: indicator.lastSeenAt.toISOString() }),
  };
}

/** An incident's indicators under one TLP label, as one event. The organization that reported the incident is never named. */
function indicatorSetEvent(incidentId: string, tlp: Tlp, indicators: Indicator[]): MispEvent {
  const first = indicators.reduce((a, b) => (a.createdAt <= b.createdAt ? a : b));
  const last = indicators.reduce((a, b) => (a.updatedAt >= b.updatedAt ? a : b));
  return {
    uuid: uuidv5(`incident:${incidentId}:indicators:${tlp}`, NAMESPACE),
    info: `ThaiCERT: indicators of incident ${incidentId} (${TAGS[tlp].name.toUpperCase()})`,
    date: day(first.createdAt),
    threat_level_id: '4',
    analysis: '2',
    timestamp: seconds(last.updatedAt),
    publish_timestamp: seconds(last.updatedAt),
    published: true,
    distribution: String(DISTRIBUTION[tlp]),
    Orgc: ORGANIZATION,
    Tag: [TAGS[tlp]],
    Attribute: indicators.map(indicatorAttribute),
  };
}

/** An event, and the records it tells of (for the audit trail). */
export interface MispEventOf {
  event: MispEvent;
  records: TlpRecordRef[];
}

/** Every event the caller may read: released advisories, then incidents' indicator sets. */
export async function mispEvents(em: EntityManager, caller: Caller): Promise<MispEventOf[]> {
  const advisories = await em.find(
    Advisory,
    { $and: [await readableBy(em, caller), { status: { $in: RELEASED } }] },
    { orderBy: { publishedAt: 'asc', id: 'asc' } },
  );
  const indicators = await em.find(Indicator, await tlpReadableBy<Indicator>(em, caller), { orderBy: { createdAt: 'asc', id: 'asc' } });
  const sets = new Map<string, Indicator[]>();
  for (const indicator of indicators) {
    const key = `${indicator.incidentId} ${indicator.tlp}`;
    sets.set(key, [...(sets.get(key) ?? []), indicator]);
  }
  return [
    ...advisories.map((advisory) => ({
      event: advisoryEvent(advisory),
      records: [{ type: 'Advisory' as const, id: advisory.id, tlp: advisory.tlp }],
    })),
    ...[...sets.values()].map((set) => ({
      event: indicatorSetEvent(set[0]!.incidentId, set[0]!.tlp, set),
      records: set.map((indicator) => ({ type: 'Indicator' as const, id: indicator.id, tlp: indicator.tlp })),
    })),
  ];
}

/** `manifest.json`: each event's uuid → the metadata a MISP instance reads before fetching it. */
export function manifestOf(events: MispEvent[]): Record<string, unknown> {
  return Object.fromEntries(
    events.map((event) => [
      event.uuid,
      {
        Orgc: event.Orgc,
        Tag: event.Tag,
        info: event.info,
        date: event.date,
        analysis: Number(event.analysis),
        threat_level_id: Number(event.threat_level_id),
        timestamp: Number(event.timestamp),
      },
    ]),
  );
}

/** `hashes.csv`: for each attribute value, its MD5 and its event's uuid (MISP's feed cache lookup). */
export function hashesOf(events: MispEvent[]): string {
  return events
    .flatMap((event) => event.Attribute.map((a) => `${createHash('md5').update(a.value).digest('hex')},${event.uuid}\n`))
    .join('');
}
