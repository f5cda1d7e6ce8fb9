import { createHash } from 'node:crypto';

import * as openpgp from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';

import { AdvisoryStatus, Tlp } from '../../../../contracts/advisory-vocabulary.js';
import { openThaicertKey } from '../../../../platform/thaicert-openpgp-key.js';
import type { AdvisoryRevision } from './advisory-records.entity.js';
import type { Advisory } from './advisory.entity.js';
import { csafFilename, CsafProvider, csafTlpLabel } from './csaf-provider.js';

const PUBLISHED = new Date('2025-12-31T20:00:00Z'); // 1 January 2026 in Bangkok: the folder is the UTC year of initial_release_date
const REVISED = new Date('2026-02-05T05:00:00Z');

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
    affectedProducts: [{ vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: ['< 10.2.9'] }],
    cveIds: ['CVE-2024-3400'],
    references: [],
    cvssVector: null,
    currentRevision: 2,
    createdAt: PUBLISHED,
    publishedAt: PUBLISHED,
    lastRevisedAt: REVISED,
    withdrawalReason: null,
    ...overrides,
  }) as Advisory;

const REVISIONS = [
  { number: 1, date: PUBLISHED, summary: 'Initial publication' },
  { number: 2, date: REVISED, summary: 'Fixed versions added' },
] as AdvisoryRevision[];

let provider: CsafProvider;
beforeAll(async () => {
  provider = new CsafProvider(await openThaicertKey({ kind: 'ephemeral' }), 'https://csaf.thaicert.example');
});

describe('where the CSAF provider publishes an advisory', () => {
  it('is its label’s folder, the year of its initial release and its tracking id lower-cased (CSAF 2.0 §5.1, §7.1.11)', () => {
    expect(provider.locationOf(advisory())).toEqual({
      tlp: 'AMBER',
      path: '2025/th-cert-2026-0007.json',
      url: 'https://csaf.thaicert.example/.well-known/csaf/amber/2025/th-cert-2026-0007.json',
      initialReleaseDate: PUBLISHED.toISOString(),
      currentReleaseDate: REVISED.toISOString(),
    });
    expect(provider.locationOf(advisory({ tlp: Tlp.CLEAR }))?.tlp).toBe('WHITE');
    expect(provider.locationOf(advisory({ tlp: Tlp.RED }))?.tlp).toBe('RED');
  });

  it('is nowhere for a draft', () => {
    expect(provider.locationOf(advisory({ status: AdvisoryStatus.DRAFT, identifier: null, publishedAt: null }))).toBeNull();
  });

  it('names files as §5.1 does', () => {
    expect(csafFilename('TH-CERT-2026-0001')).toBe('th-cert-2026-0001.json');
    expect(csafFilename('Example Company - 2019:YH3234')).toBe('example_company_-_2019_yh3234.json');
  });

  it('takes CSAF’s four TLP labels only', () => {
    expect(csafTlpLabel('AMBER')).toBe('AMBER');
    expect(() => csafTlpLabel('amber')).toThrow(/WHITE, GREEN, AMBER, RED/);
    expect(() => csafTlpLabel('CLEAR')).toThrow(/WHITE, GREEN, AMBER, RED/);
  });
});

describe('a published CSAF document', () => {
  it('is the same bytes every time it is made, so its hashes hold across requests and replicas', async () => {
    const other = new CsafProvider(provider.key, provider.baseUrl);
    const [one, two] = await Promise.all([
      provider.publication(advisory(), async () => REVISIONS),
      other.publication(advisory(), async () => REVISIONS),
    ]);
    expect(one!.text).toBe(two!.text);
    expect(one!.sha512).toBe(two!.sha512);
  });

  it('carries hash files of its exact bytes and a signature by ThaiCERT’s key over them', async () => {
    const published = (await provider.publication(advisory(), async () => REVISIONS))!;
    const digest = (algorithm: string) => createHash(algorithm).update(Buffer.from(published.text, 'utf8')).digest('hex');
    expect(published.sha256).toBe(`${digest('sha256')}  th-cert-2026-0007.json\n`);
    expect(published.sha512).toBe(`${digest('sha512')}  th-cert-2026-0007.json\n`);
    const { signatures } = await openpgp.verify({
      message: await openpgp.createMessage({ binary: new TextEncoder().encode(published.text) }),
      signature: await openpgp.readSignature({ armoredSignature: published.signature }),
      verificationKeys: provider.key.publicKey,
    });
    await expect(signatures[0]!.verified).resolves.toBe(true);
    const document = JSON.parse(published.text);
    expect(document.document.references[0]).toMatchObject({ category: 'self', url: published.url });
    expect(document.document.tracking).toMatchObject({ version: '2', current_release_date: REVISED.toISOString() });
  });

  it('is made once per revision, and again for the next', async () => {
    let loads = 0;
    const revisions = async () => {
      loads += 1;
      return REVISIONS;
    };
    const fresh = advisory({ id: '0190a1b2-0000-7000-8000-000000000099' });
    await provider.publication(fresh, revisions);
    await provider.publication(fresh, revisions);
    expect(loads).toBe(1);
    await provider.publication(advisory({ id: fresh.id, currentRevision: 3 }), revisions);
    expect(loads).toBe(2);
  });
});
