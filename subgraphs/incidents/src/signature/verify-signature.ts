import { setTimeout as delay } from 'node:timers/promises';

import type { EntityManager } from '@mikro-orm/postgresql';
import { createMessage, readKey, readSignature, verify, type Key, type Signature } from 'openpgp';

import { canonicalJson } from '../../../../platform/canonical-json.js';
import { invalidField, ProblemCode } from '../../../../platform/errors.js';
import { ReportSignature } from './report-signature.js';
import { SignatureStatus } from './signature-status.js';
import { SigningKey } from './signing-key.entity.js';

/** How long a signed submission waits for the copy of the directory's keys to catch up. */
const KEY_SYNC_WAIT_MS = 2_000;

/** Longest armored detached signature accepted: one signature packet is a few hundred bytes. */
const MAX_SIGNATURE_LENGTH = 16_000;

/**
 * What an organization signs for a submission: the mutation's `input` without `signature`, as
 * RFC 8785 canonical JSON (keys sorted, no whitespace), DateTime values as `toISOString()` writes
 * them (UTC, milliseconds). It names the incident and the revision it is based on, so a signature
 * cannot be replayed onto another incident or revision.
 */
export function signedDocument(input: object): string {
  const { signature: _signature, ...signed } = input as Record<string, unknown>;
  return canonicalJson(signed);
}

async function readArmoredSignature(armored: string): Promise<Signature> {
  if (armored.length > MAX_SIGNATURE_LENGTH)
    throw invalidField('signature', ProblemCode.TOO_LONG, `signature is longer than ${MAX_SIGNATURE_LENGTH} characters`);
  try {
    const signature = await readSignature({ armoredSignature: armored });
    if (signature.getSigningKeyIDs().length !== 1) throw new Error('one signer expected');
    return signature;
  } catch {
    throw invalidField('signature', ProblemCode.NOT_A_SIGNATURE, 'signature is not one ASCII-armored, detached OpenPGP signature');
  }
}

/** The organization's registered key that made the signature, if any. */
async function registeredKeyFor(
  em: EntityManager,
  organizationId: string,
  keyId: string,
): Promise<{ key: Key; registered: SigningKey } | null> {
  for (const registered of await em.find(SigningKey, { organizationId }, { disableIdentityMap: true })) {
    const key = await readKey({ armoredKey: registered.armoredKey });
    if (key.getKeyIDs().some((id) => id.toHex() === keyId)) return { key, registered };
  }
  return null;
}

/**
 * Verifies a submission's detached signature against the public keys registered for the
 * organization's points of contact. A signature that cannot be read is refused (BAD_USER_INPUT);
 * one that can is kept whatever it proves, with the verdict: the report itself is never refused
 * for its signature, since the 24-hour duty to report does not wait on key management.
 *
 * @param syncKeys brings this subgraph's copy of the directory's keys up to date, so a key
 *   registered or withdrawn a moment before the signed submission counts as such.
 */
export async function verifySubmissionSignature(
  em: EntityManager,
  organizationId: string,
  input: { signature?: string | null },
  now: Date,
  syncKeys: () => Promise<unknown>,
): Promise<ReportSignature | null> {
  if (input.signature == null) return null;
  const signature = await readArmoredSignature(input.signature.trim());
  const keyId = signature.getSigningKeyIDs()[0]!.toHex();
  const verdict = (status: SignatureStatus, more: Partial<ReportSignature> = {}) =>
    Object.assign(new ReportSignature(), { status, armored: input.signature!, keyId, verifiedAt: now, ...more });

  // The directory has the last word: a key registered, replaced or withdrawn a moment ago counts.
  // If the registry cannot be reached in time, the copy decides rather than the report waiting
  // (the incident is locked meanwhile) or being refused.
  await Promise.race([syncKeys(), delay(KEY_SYNC_WAIT_MS)]).catch(() => undefined);
  const match = await registeredKeyFor(em, organizationId, keyId);
  if (!match) {
    return verdict(SignatureStatus.UNKNOWN_KEY, {
      detail: `Key ID ${keyId.toUpperCase()} is not registered for any point of contact of this organization`,
    });
  }
  const identified = { contactId: match.registered.contactId, fingerprint: match.registered.fingerprint };
  const message = await createMessage({ binary: new TextEncoder().encode(signedDocument(input)) });
  const { signatures } = await verify({ message, signature, verificationKeys: match.key });
  try {
    await signatures[0]!.verified;
    return verdict(SignatureStatus.VERIFIED, { ...identified, signedAt: (await signatures[0]!.signature).packets[0]?.created ?? null });
  } catch (error) {
    return verdict(SignatureStatus.INVALID, { ...identified, detail: (error as Error).message });
  }
}
