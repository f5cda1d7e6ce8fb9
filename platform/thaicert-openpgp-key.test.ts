import * as openpgp from 'openpgp';
import { describe, expect, test } from 'vitest';

import { ConfigError } from './env.js';
import { generateThaicertKey, openThaicertKey, readThaicertKeySource } from './thaicert-openpgp-key.js';

describe("ThaiCERT's OpenPGP key", () => {
  test('signs the exact bytes, verifiable with its published public key', async () => {
    const key = await openThaicertKey({ kind: 'configured', armoredPrivateKey: await generateThaicertKey() });
    const document = '{"title":"ช่องโหว่"}\r\n';
    const signature = await openpgp.readSignature({ armoredSignature: await key.signDetached(document) });
    const verificationKeys = await openpgp.readKey({ armoredKey: key.armoredPublicKey });
    const verify = async (text: string) =>
      (
        await openpgp.verify({
          message: await openpgp.createMessage({ binary: new TextEncoder().encode(text) }),
          signature,
          verificationKeys,
        })
      ).signatures[0]!.verified;
    await expect(verify(document)).resolves.toBe(true);
    await expect(verify(document.replace('\r\n', '\n'))).rejects.toThrow();
    expect(key.fingerprint).toBe(verificationKeys.getFingerprint().toUpperCase());
  });

  test('is required in production and made per run elsewhere', () => {
    expect(() => readThaicertKeySource({}, true)).toThrow(ConfigError);
    expect(readThaicertKeySource({}, false)).toEqual({ kind: 'ephemeral' });
  });

  test('refuses a protected key without its passphrase, and a wrong one', async () => {
    const { privateKey } = await openpgp.generateKey({
      type: 'ecc',
      curve: 'curve25519Legacy',
      userIDs: [{ email: 'x@localhost' }],
      passphrase: 'right',
      format: 'armored',
    });
    await expect(openThaicertKey({ kind: 'configured', armoredPrivateKey: privateKey })).rejects.toThrow(/THAICERT_OPENPGP_PASSPHRASE/);
    await expect(openThaicertKey({ kind: 'configured', armoredPrivateKey: privateKey, passphrase: 'wrong' })).rejects.toThrow(
      /does not unlock/,
    );
    await expect(openThaicertKey({ kind: 'configured', armoredPrivateKey: privateKey, passphrase: 'right' })).resolves.toMatchObject({
      fingerprint: expect.any(String),
    });
  });

  test('refuses a public key where the private key belongs', async () => {
    const key = await openThaicertKey({ kind: 'ephemeral' });
    await expect(openThaicertKey({ kind: 'configured', armoredPrivateKey: key.armoredPublicKey })).rejects.toThrow(ConfigError);
  });
});
