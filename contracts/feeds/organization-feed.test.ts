import { describe, expect, it } from 'vitest';

import { ORGANIZATION_EVENT_TYPES, organizationFeed } from './organization-feed.js';

const organization = {
  organizationId: '6d7e3a1c-1f0b-4e61-9a53-0d5c8b1f2a01',
  kind: 'CII_ORGANIZATION',
  sectorId: 'ENERGY',
  regulatorId: null,
};

describe('the registry feed contract', () => {
  it('knows every type the registry writes', () => {
    expect(organizationFeed.types).toEqual([...ORGANIZATION_EVENT_TYPES]);
  });

  it('reads a registration as the union member of its type', () => {
    expect(organizationFeed.read('ORGANIZATION_REGISTERED', organization)).toEqual({
      kind: 'event',
      event: { type: 'ORGANIZATION_REGISTERED', payload: organization },
    });
  });

  it('accepts fields a newer producer added', () => {
    expect(organizationFeed.read('ORGANIZATION_UPDATED', { ...organization, nameEn: 'Grid' }).kind).toBe('event');
  });

  it('reads a type it does not know as unknown', () => {
    expect(organizationFeed.read('ORGANIZATION_MERGED', organization)).toEqual({ kind: 'unknown' });
    expect(organizationFeed.read('toString', organization)).toEqual({ kind: 'unknown' });
  });

  it('names the field of a payload that breaks the contract', () => {
    expect(organizationFeed.read('ORGANIZATION_REGISTERED', { ...organization, kind: 'BANK' })).toEqual({
      kind: 'malformed',
      reason: 'ORGANIZATION_REGISTERED: kind: expected one of GOVERNMENT_AGENCY, CII_ORGANIZATION, got a string',
    });
    expect(organizationFeed.read('REGULATOR_DEADLINE_CHANGED', { regulatorId: 'r', notificationDeadlineHours: '24' })).toEqual({
      kind: 'malformed',
      reason: 'REGULATOR_DEADLINE_CHANGED: notificationDeadlineHours: expected an integer, got a string',
    });
  });

  it('refuses a missing field, and a payload that is no object', () => {
    const { sectorId: _sectorId, ...withoutSector } = organization;
    expect(organizationFeed.read('ORGANIZATION_UPDATED', withoutSector)).toMatchObject({
      kind: 'malformed',
      reason: expect.stringContaining('sectorId'),
    });
    expect(organizationFeed.read('ORGANIZATION_UPDATED', null)).toMatchObject({ kind: 'malformed' });
    expect(organizationFeed.read('ORGANIZATION_UPDATED', [organization])).toMatchObject({ kind: 'malformed' });
  });

  it('reads a cleared contact key, with nulls for the key', () => {
    const cleared = { contactId: 'c', organizationId: 'o', fingerprint: null, armoredKey: null };
    expect(organizationFeed.read('POINT_OF_CONTACT_KEY_CHANGED', cleared).kind).toBe('event');
    expect(organizationFeed.read('POINT_OF_CONTACT_KEY_CHANGED', { ...cleared, armoredKey: 42 }).kind).toBe('malformed');
  });

  it('never puts a payload value in the reason, since payloads carry contacts and keys', () => {
    const reading = organizationFeed.read('POINT_OF_CONTACT_KEY_CHANGED', {
      contactId: 'c',
      organizationId: 7,
      fingerprint: 'SECRET',
      armoredKey: null,
    });
    expect(reading).toMatchObject({ kind: 'malformed' });
    expect(JSON.stringify(reading)).not.toContain('7,');
    expect(JSON.stringify(reading)).not.toContain('SECRET');
  });
});
