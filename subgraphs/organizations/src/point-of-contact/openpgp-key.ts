import { readKey } from 'openpgp';

import { invalidField, ProblemCode } from '../../../../platform/errors.js';

/** Longest armored key accepted: generous for RSA-4096 with several subkeys and signatures. */
const MAX_ARMORED_KEY_LENGTH = 64_000;

export interface PublicKey {
  /** Re-armored, so stray text around the block is not stored. */
  armored: string;
  /** Uppercase hex fingerprint of the primary key. */
  fingerprint: string;
}

/**
 * Parses an ASCII-armored OpenPGP public key. Refuses what does not parse, a private key (which
 * must never be sent to us), and a key that is revoked or expired.
 */
export async function parsePublicKey(armoredKey: string): Promise<PublicKey> {
  if (armoredKey.length > MAX_ARMORED_KEY_LENGTH) {
    throw invalidField('pgpPublicKey', ProblemCode.TOO_LONG, `pgpPublicKey is longer than ${MAX_ARMORED_KEY_LENGTH} characters`);
  }
  let key;
  try {
    key = await readKey({ armoredKey });
  } catch {
    throw invalidField('pgpPublicKey', ProblemCode.NOT_A_KEY, 'pgpPublicKey is not an ASCII-armored OpenPGP public key');
  }
  if (key.isPrivate()) {
    throw invalidField(
      'pgpPublicKey',
      ProblemCode.NOT_A_KEY,
      'pgpPublicKey is a PRIVATE key: send only the public key, and consider this private key exposed',
    );
  }
  try {
    await key.verifyPrimaryKey();
  } catch (error) {
    throw invalidField('pgpPublicKey', ProblemCode.NOT_A_KEY, `pgpPublicKey cannot be used: ${(error as Error).message}`);
  }
  return { armored: key.armor(), fingerprint: key.getFingerprint().toUpperCase() };
}
