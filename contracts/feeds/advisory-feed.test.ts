import { describe, expect, it } from 'vitest';

import { ADVISORY_EVENT_TYPES, advisoryFeed } from './advisory-feed.js';

const snapshot = { advisoryId: 'a', identifier: 'TH-CERT-2026-0001', status: 'PUBLISHED', tlp: 'AMBER_STRICT', revision: 1 };

describe('the advisories feed contract', () => {
  it('knows every type the advisories subgraph writes', () => {
    expect(advisoryFeed.types).toEqual([...ADVISORY_EVENT_TYPES]);
  });

  it('reads a publication, and an acknowledgment with the organization that made it', () => {
    expect(advisoryFeed.read('PUBLISHED', snapshot)).toEqual({ kind: 'event', event: { type: 'PUBLISHED', payload: snapshot } });
    expect(advisoryFeed.read('ACKNOWLEDGED', { ...snapshot, organizationId: 'o' }).kind).toBe('event');
  });

  it('refuses a TLP label outside TLP 2.0, and an update without its summary', () => {
    expect(advisoryFeed.read('PUBLISHED', { ...snapshot, tlp: 'WHITE' })).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('tlp'),
    });
    expect(advisoryFeed.read('UPDATED', snapshot)).toEqual({
      kind: 'malformed',
      reason: 'UPDATED: changeSummary: expected a string, got nothing',
    });
  });

  it('reads a type it does not know as unknown', () => {
    expect(advisoryFeed.read('ARCHIVED', snapshot)).toEqual({ kind: 'unknown' });
  });
});
