import type { EntityManager } from '@mikro-orm/postgresql';

import { requireUuid, type Caller } from '../../../../platform/caller.js';
import { badUserInput, notFound } from '../../../../platform/errors.js';
import { assertActsForOrganization } from '../../../kit/authorization.js';
import { assertVersion } from '../../../kit/record.entity.js';
import { toE164 } from '../../../kit/validators.js';
import { recordContactKey } from '../events/organization-events.js';
import { findOrganization } from '../organization/organization.service.js';
import { parsePublicKey } from './openpgp-key.js';
import { PointOfContact } from './point-of-contact.entity.js';
import type { PointOfContactInput, UpdatePointOfContactInput } from './point-of-contact.input.js';

/** The directory entry a caller wants to change, once it is known they may and their version is current. */
async function contactToChange(em: EntityManager, caller: Caller, id: string, expectedVersion: number): Promise<PointOfContact> {
  const contact = await em.findOne(PointOfContact, { id: requireUuid(id, 'id'), removedAt: null });
  if (!contact) throw notFound('PointOfContact', id);
  assertActsForOrganization(caller, contact.organization.id);
  assertVersion(contact, expectedVersion, 'The point of contact');
  return contact;
}

/**
 * Demotes the organization's current primary contact, flushed at once: the unique index allows
 * one primary at any moment, not just at commit. Done before anything else in the mutation, whose
 * transaction undoes it if a later step fails.
 */
async function demotePrimary(em: EntityManager, organizationId: string, exceptContactId?: string): Promise<void> {
  const previous = await em.find(PointOfContact, {
    organization: organizationId,
    isPrimary: true,
    removedAt: null,
    ...(exceptContactId ? { id: { $ne: exceptContactId } } : {}),
  });
  for (const other of previous) other.isPrimary = false;
  await em.flush();
}

/** Tells the other subgraphs a contact's key as it now stands (they verify signed reports with it). */
function announceKey(em: EntityManager, contact: PointOfContact): Promise<number> {
  const withdrawn = contact.removedAt != null;
  return recordContactKey(em, {
    contactId: contact.id,
    organizationId: contact.organization.id,
    fingerprint: withdrawn ? null : (contact.pgpFingerprint ?? null),
    armoredKey: withdrawn ? null : (contact.pgpPublicKey ?? null),
  });
}

/** Sets or clears the contact's key; announces it when it changed. Runs in the mutation's transaction. */
async function applyKey(em: EntityManager, contact: PointOfContact, armoredKey: string | null | undefined): Promise<void> {
  if (armoredKey === undefined) return;
  const key = armoredKey?.trim() ? await parsePublicKey(armoredKey) : null;
  const changed = (key?.fingerprint ?? null) !== (contact.pgpFingerprint ?? null);
  contact.pgpPublicKey = key?.armored ?? null;
  contact.pgpFingerprint = key?.fingerprint ?? null;
  if (changed) await announceKey(em, contact);
}

function assertReachable(contact: PointOfContact): void {
  if (!contact.officePhone && !contact.mobilePhone) {
    throw badUserInput('A point of contact needs an office or a mobile telephone number');
  }
}

export async function addPointOfContact(
  em: EntityManager,
  caller: Caller,
  organizationId: string,
  input: PointOfContactInput,
): Promise<PointOfContact> {
  assertActsForOrganization(caller, requireUuid(organizationId, 'organizationId'));
  return em.transactional(async (tx) => {
    const organization = await findOrganization(tx, organizationId);
    if (input.isPrimary) await demotePrimary(tx, organization.id);
    const contact = tx.create(PointOfContact, {
      organization,
      fullName: input.fullName.trim(),
      position: input.position?.trim() || null,
      email: input.email.trim(),
      officePhone: input.officePhone ? toE164(input.officePhone) : null,
      mobilePhone: input.mobilePhone ? toE164(input.mobilePhone) : null,
      available24x7: input.available24x7,
      isPrimary: input.isPrimary,
    });
    assertReachable(contact);
    await applyKey(tx, contact, input.pgpPublicKey);
    await tx.flush();
    return contact;
  });
}

export async function updatePointOfContact(
  em: EntityManager,
  caller: Caller,
  id: string,
  expectedVersion: number,
  input: UpdatePointOfContactInput,
): Promise<PointOfContact> {
  return em.transactional(async (tx) => {
    const contact = await contactToChange(tx, caller, id, expectedVersion);
    if (input.isPrimary === true && !contact.isPrimary) await demotePrimary(tx, contact.organization.id, contact.id);
    if (input.isPrimary !== undefined) contact.isPrimary = input.isPrimary;
    if (input.fullName !== undefined) contact.fullName = input.fullName.trim();
    if (input.position !== undefined) contact.position = input.position?.trim() || null;
    if (input.email !== undefined) contact.email = input.email.trim();
    if (input.officePhone !== undefined) contact.officePhone = input.officePhone ? toE164(input.officePhone) : null;
    if (input.mobilePhone !== undefined) contact.mobilePhone = input.mobilePhone ? toE164(input.mobilePhone) : null;
    if (input.available24x7 !== undefined) contact.available24x7 = input.available24x7;
    assertReachable(contact);
    await applyKey(tx, contact, input.pgpPublicKey);
    await tx.flush();
    return contact;
  });
}

/** Takes a contact out of the directory; the record stays, since incident reports may name it. */
export async function removePointOfContact(
  em: EntityManager,
  caller: Caller,
  id: string,
  expectedVersion: number,
): Promise<PointOfContact> {
  return em.transactional(async (tx) => {
    const contact = await contactToChange(tx, caller, id, expectedVersion);
    contact.removedAt = new Date();
    contact.isPrimary = false;
    if (contact.pgpFingerprint) await announceKey(tx, contact);
    await tx.flush();
    return contact;
  });
}
