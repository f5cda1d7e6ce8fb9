import { createHash } from 'node:crypto';

import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';

import { Tlp } from '../../../../contracts/advisory-vocabulary.js';
import type { Caller } from '../../../../platform/caller.js';
import { badUserInput, unauthenticated } from '../../../../platform/errors.js';
import type { ThaicertOpenpgpKey } from '../../../../platform/thaicert-openpgp-key.js';
import type { AuditLog } from '../../../kit/audit/audit-log.js';
import type { AdvisoryRevision } from './advisory-records.entity.js';
import { readableBy, RELEASED } from './advisory-scope.js';
import { Advisory } from './advisory.entity.js';
import { PUBLISHER, TLP_LABEL, toCsaf } from './csaf.js';

/**
 * ThaiCERT as a CSAF 2.0 trusted provider (§7.2.3): provider metadata, a ROLIE feed per TLP label,
 * each document with its hashes and signature, `index.txt` and `changes.csv`. Everything here is
 * produced once, in this subgraph, which owns the advisories; the gateway serves it under
 * `/.well-known/csaf/` by running the fields as the caller (gateway/src/exchange/csaf.ts).
 *
 * TLP: CSAF 2.0 carries TLP 1.0 labels, one feed and folder each (§7.1.15). CLEAR is WHITE (public,
 * §7.1.4); GREEN is GREEN; AMBER and AMBER+STRICT are AMBER (the document's distribution text says
 * AMBER+STRICT); RED is RED. A feed is never a wider audience than the advisory: every entry, index
 * line and document is the caller's under `readableBy` — the same predicate as every advisory
 * query — so the AMBER feed lists an AMBER+STRICT advisory only to the organizations it addresses.
 * Drafts are never published. A withdrawn advisory stays at its URL (CSAF 2.0 has no withdrawn
 * status): `final`, one revision more saying it was withdrawn and why, with a note.
 */

/** CSAF's TLP labels, in feed order. */
export const CSAF_TLP_LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const;
export type CsafTlpLabel = (typeof CSAF_TLP_LABELS)[number];

/** The TLP 2.0 labels each CSAF label's feed carries. */
const TLPS_OF: Record<CsafTlpLabel, Tlp[]> = {
  WHITE: [Tlp.CLEAR],
  GREEN: [Tlp.GREEN],
  AMBER: [Tlp.AMBER, Tlp.AMBER_STRICT],
  RED: [Tlp.RED],
};

export const WELL_KNOWN = '/.well-known/csaf';
const ROLIE_CATEGORY = { scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' };
const CSAF_SCHEMA = 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json';

/** A label given as an argument: one of CSAF's four, case as given refused otherwise. */
export function csafTlpLabel(label: string): CsafTlpLabel {
  const known = CSAF_TLP_LABELS.find((l) => l === label);
  if (!known) throw badUserInput(`tlp is one of CSAF's TLP labels ${CSAF_TLP_LABELS.join(', ')}, got ${JSON.stringify(label)}`);
  return known;
}

/** A CSAF document's file name (CSAF 2.0 §5.1): the tracking id lower-cased, other characters than a–z, 0–9, + and - as `_`. */
export const csafFilename = (trackingId: string) => `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, '_')}.json`;

const iso = (date: Date) => date.toISOString();

/** Where a released advisory is published: its label's folder, the year of its initial release (§7.1.11), its file name. */
export interface CsafLocation {
  tlp: CsafTlpLabel;
  /** Within the label's folder: `2026/th-cert-2026-0001.json`, as index.txt and changes.csv list it. */
  path: string;
  url: string;
  initialReleaseDate: string;
  currentReleaseDate: string;
}

/** A released advisory's document as served: the exact text, and the hash files and signature over its bytes. */
export interface CsafPublication extends CsafLocation {
  text: string;
  /** The `.sha256` file: the hex digest, two spaces, the file name. */
  sha256: string;
  sha512: string;
  /** The `.asc` file: a detached ASCII-armored OpenPGP signature by ThaiCERT's key. */
  signature: string;
}

/** Publications kept per advisory revision: a revision's text never changes, so neither do its hashes (signing is the cost). */
const CACHED_PUBLICATIONS = 2000;

export class CsafProvider {
  private readonly publications = new Map<string, Promise<CsafPublication>>();

  constructor(
    readonly key: ThaicertOpenpgpKey,
    /** `PUBLIC_BASE_URL`, e.g. `https://csaf.thaicert.or.th`. */
    readonly baseUrl: string,
  ) {}

  url(path: string): string {
    return `${this.baseUrl}${WELL_KNOWN}${path}`;
  }

  feedUrl(tlp: CsafTlpLabel): string {
    const folder = tlp.toLowerCase();
    return this.url(`/${folder}/csaf-feed-tlp-${folder}.json`);
  }

  keyUrl(): string {
    return this.url(`/openpgp/${this.key.fingerprint}.asc`);
  }

  /** Where a released advisory is published; null for a draft, which never is. */
  locationOf(advisory: Advisory): CsafLocation | null {
    if (!RELEASED.includes(advisory.status) || !advisory.identifier || !advisory.publishedAt) return null;
    const tlp = TLP_LABEL[advisory.tlp];
    const initialReleaseDate = iso(advisory.publishedAt);
    const path = `${initialReleaseDate.slice(0, 4)}/${csafFilename(advisory.identifier)}`;
    return {
      tlp,
      path,
      url: this.url(`/${tlp.toLowerCase()}/${path}`),
      initialReleaseDate,
      currentReleaseDate: iso(advisory.lastRevisedAt ?? advisory.publishedAt),
    };
  }

  /** The document as served, made once per revision: its text, hash files and signature. */
  publication(advisory: Advisory, revisions: () => Promise<AdvisoryRevision[]>): Promise<CsafPublication> | null {
    const location = this.locationOf(advisory);
    if (!location) return null;
    const cacheKey = `${advisory.id}:${advisory.currentRevision}:${location.url}`;
    let publication = this.publications.get(cacheKey);
    if (!publication) {
      publication = this.publish(advisory, location, revisions);
      publication.catch(() => this.publications.delete(cacheKey));
      if (this.publications.size >= CACHED_PUBLICATIONS) this.publications.delete(this.publications.keys().next().value!);
      this.publications.set(cacheKey, publication);
    }
    return publication;
  }

  private async publish(
    advisory: Advisory,
    location: CsafLocation,
    revisions: () => Promise<AdvisoryRevision[]>,
  ): Promise<CsafPublication> {
    const text = `${JSON.stringify(toCsaf(advisory, await revisions(), location.url), null, 2)}\n`;
    const filename = location.path.split('/').at(-1)!;
    const hashFile = (algorithm: string) => `${createHash(algorithm).update(text, 'utf8').digest('hex')}  ${filename}\n`;
    return {
      ...location,
      text,
      sha256: hashFile('sha256'),
      sha512: hashFile('sha512'),
      signature: await this.key.signDetached(text),
    };
  }

  /** `provider-metadata.json` (§7.1.7): the ROLIE feeds, ThaiCERT's key, role `csaf_trusted_provider`. */
  metadata(): string {
    return json({
      canonical_url: this.url('/provider-metadata.json'),
      distributions: [
        {
          rolie: {
            feeds: CSAF_TLP_LABELS.map((tlp) => ({ summary: feedSummary(tlp), tlp_label: tlp, url: this.feedUrl(tlp) })),
            services: [this.url('/service.json')],
          },
        },
      ],
      // What it says changes with the key (and the base URL), not with each advisory.
      last_updated: iso(this.key.publicKey.getCreationTime()),
      list_on_CSAF_aggregators: true,
      metadata_version: '2.0',
      mirror_on_CSAF_aggregators: true,
      public_openpgp_keys: [{ fingerprint: this.key.fingerprint, url: this.keyUrl() }],
      publisher: PUBLISHER,
      role: 'csaf_trusted_provider',
    });
  }

  /** The ROLIE service document (§7.1.16): the public feed, and the access-protected ones. */
  serviceDocument(): string {
    const collection = (tlp: CsafTlpLabel) => ({
      title: feedTitle(tlp),
      href: this.feedUrl(tlp),
      categories: { category: [ROLIE_CATEGORY] },
    });
    return json({
      service: {
        workspace: [
          { title: 'Public CSAF feed of ThaiCERT', collection: [collection('WHITE')] },
          {
            title: 'CSAF feeds of ThaiCERT for its constituents (Authorization: Bearer; each lists what the token may read)',
            collection: CSAF_TLP_LABELS.filter((tlp) => tlp !== 'WHITE').map(collection),
          },
        ],
      },
    });
  }

  /** A ROLIE feed (§7.1.15, RFC 8322): the label's released advisories the caller may read, latest change first. */
  feed(advisories: Advisory[], tlp: CsafTlpLabel): string {
    const entries = advisories.map((advisory) => ({ advisory, location: this.locationOf(advisory)! }));
    return json({
      feed: {
        id: `thaicert-csaf-feed-tlp-${tlp.toLowerCase()}`,
        title: feedTitle(tlp),
        link: [{ rel: 'self', href: this.feedUrl(tlp) }],
        category: [ROLIE_CATEGORY],
        updated: entries[0]?.location.currentReleaseDate ?? iso(this.key.publicKey.getCreationTime()),
        entry: entries.map(({ advisory, location }) => ({
          id: advisory.identifier,
          title: advisory.titleEn,
          link: [
            { rel: 'self', href: location.url },
            { rel: 'hash', href: `${location.url}.sha256` },
            { rel: 'hash', href: `${location.url}.sha512` },
            { rel: 'signature', href: `${location.url}.asc` },
          ],
          published: location.initialReleaseDate,
          updated: location.currentReleaseDate,
          summary: { content: advisory.summaryEn },
          content: { type: 'application/json', src: location.url },
          format: { schema: CSAF_SCHEMA, version: '2.0' },
        })),
      },
    });
  }

  /** `index.txt` (§7.1.12): each document's path within the label's folder, one a line. */
  index(advisories: Advisory[]): string {
    return advisories.map((advisory) => `${this.locationOf(advisory)!.path}\n`).join('');
  }

  /** `changes.csv` (§7.1.13): path and `current_release_date`, no heading, latest first. */
  changes(advisories: Advisory[]): string {
    return advisories
      .map((advisory) => this.locationOf(advisory)!)
      .map((location) => `"${location.path}","${location.currentReleaseDate}"\n`)
      .join('');
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const feedTitle = (tlp: CsafTlpLabel) => `ThaiCERT CSAF feed (TLP:${tlp})`;
const FEED_SUMMARIES: Record<CsafTlpLabel, string> = {
  WHITE: 'All TLP:CLEAR advisories of ThaiCERT (TLP:WHITE in CSAF 2.0), public.',
  GREEN: 'TLP:GREEN advisories of ThaiCERT, for any signed-in constituent (Authorization: Bearer).',
  AMBER: 'TLP:AMBER and TLP:AMBER+STRICT advisories of ThaiCERT, each for the organizations and regulators it is addressed to.',
  RED: 'TLP:RED advisories of ThaiCERT, for their named recipients only.',
};
const feedSummary = (tlp: CsafTlpLabel) => FEED_SUMMARIES[tlp];

/**
 * The released advisories of a label the caller may read, latest change first. Beyond WHITE a
 * caller without a token is refused (CSAF §7.1.5: access protected), never given an empty list.
 * Each restricted advisory listed is audited as reading it over `/graphql` would be.
 */
export async function releasedFor(em: EntityManager, caller: Caller, tlp: CsafTlpLabel, audit?: AuditLog): Promise<Advisory[]> {
  if (tlp !== 'WHITE' && caller.role === 'PUBLIC') {
    throw unauthenticated(`The TLP:${tlp} feed is access protected: send a token (Authorization: Bearer …)`);
  }
  const where: FilterQuery<Advisory>[] = [await readableBy(em, caller), { status: { $in: RELEASED }, tlp: { $in: TLPS_OF[tlp] } }];
  const advisories = await em.find(Advisory, { $and: where }, { orderBy: { lastRevisedAt: 'desc', id: 'desc' } });
  for (const advisory of advisories) {
    const restricted = advisory.restrictedRead();
    if (restricted) audit?.read(restricted.what, restricted.type, restricted.id);
  }
  return advisories;
}

/** The released advisory published at `<tlp>/<year>/<name>.json`, if the caller may read it; null otherwise (as if there were none). */
export async function publishedAt(
  em: EntityManager,
  caller: Caller,
  provider: CsafProvider,
  at: { tlp: CsafTlpLabel; year: number; name: string },
): Promise<Advisory | null> {
  if (!/^[+\-a-z0-9_]{1,60}$/.test(at.name)) return null;
  const identifier = at.name.toUpperCase();
  const advisory = await em.findOne(Advisory, {
    $and: [await readableBy(em, caller), { status: { $in: RELEASED }, identifier, tlp: { $in: TLPS_OF[at.tlp] } }],
  });
  const location = advisory && provider.locationOf(advisory);
  return location && location.path === `${at.year}/${at.name}.json` ? advisory : null;
}
