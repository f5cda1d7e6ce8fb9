import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import * as openpgp from 'openpgp';

import { ConfigError, optionalString, type Env } from './env.js';

/**
 * ThaiCERT's OpenPGP key: it signs what ThaiCERT publishes (CSAF documents, mail) and decrypts
 * what is sent to it encrypted (reports by mail). One key for the whole service, as CSAF §7.1.20
 * and the Announcement's "report encrypted with PGP" expect one published ThaiCERT key.
 */
export interface ThaicertOpenpgpKey {
  /** The primary key's fingerprint, upper-case hex without spaces (as CSAF's `public_openpgp_keys` carries it). */
  fingerprint: string;
  /** The public key, ASCII-armored, as partners download it. */
  armoredPublicKey: string;
  publicKey: openpgp.PublicKey;
  /** Unlocked: able to sign and decrypt. */
  privateKey: openpgp.PrivateKey;
  /** A detached, ASCII-armored signature over exactly `data` (a string is signed as its UTF-8 bytes). */
  signDetached(data: string | Uint8Array): Promise<string>;
}

/** Where the key comes from: an armored private key, or none (outside production: one made at start, for that run only). */
export type ThaicertKeySource = { kind: 'configured'; armoredPrivateKey: string; passphrase?: string } | { kind: 'ephemeral' };

/**
 * `THAICERT_OPENPGP_KEY` (an ASCII-armored private key) or `THAICERT_OPENPGP_KEY_FILE` (a file
 * holding one), with `THAICERT_OPENPGP_PASSPHRASE` when it is protected. Production needs one;
 * elsewhere, without either, each run makes its own key (signatures then verify only against
 * that run's published public key — `npm start` keeps one under its data folder instead).
 */
export function readThaicertKeySource(env: Env, production: boolean): ThaicertKeySource {
  const inline = optionalString(env, 'THAICERT_OPENPGP_KEY');
  const file = optionalString(env, 'THAICERT_OPENPGP_KEY_FILE');
  if (inline && file) throw new ConfigError('set THAICERT_OPENPGP_KEY or THAICERT_OPENPGP_KEY_FILE, not both');
  const passphrase = optionalString(env, 'THAICERT_OPENPGP_PASSPHRASE');
  if (inline) return { kind: 'configured', armoredPrivateKey: inline, passphrase };
  if (file) {
    try {
      return { kind: 'configured', armoredPrivateKey: readFileSync(file, 'utf8'), passphrase };
    } catch (error) {
      throw new ConfigError(`THAICERT_OPENPGP_KEY_FILE cannot be read (${(error as Error).message})`);
    }
  }
  if (production)
    throw new ConfigError('NODE_ENV=production needs THAICERT_OPENPGP_KEY or THAICERT_OPENPGP_KEY_FILE: ThaiCERT signs with its own key');
  return { kind: 'ephemeral' };
}

/** Opens (and, with its passphrase, unlocks) ThaiCERT's key; refuses a public key or a wrong passphrase with a ConfigError. */
export async function openThaicertKey(source: ThaicertKeySource): Promise<ThaicertOpenpgpKey> {
  const armored = source.kind === 'configured' ? source.armoredPrivateKey : await generateThaicertKey();
  let privateKey: openpgp.PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey: armored });
  } catch (error) {
    throw new ConfigError(`ThaiCERT's OpenPGP key is not an armored private key (${(error as Error).message})`);
  }
  if (!privateKey.isDecrypted()) {
    const passphrase = source.kind === 'configured' ? source.passphrase : undefined;
    if (!passphrase) throw new ConfigError("ThaiCERT's OpenPGP key is protected: set THAICERT_OPENPGP_PASSPHRASE");
    try {
      privateKey = await openpgp.decryptKey({ privateKey, passphrase });
    } catch {
      throw new ConfigError("THAICERT_OPENPGP_PASSPHRASE does not unlock ThaiCERT's OpenPGP key");
    }
  }
  const publicKey = privateKey.toPublic();
  return {
    fingerprint: publicKey.getFingerprint().toUpperCase(),
    armoredPublicKey: publicKey.armor(),
    publicKey,
    privateKey,
    async signDetached(data) {
      // A binary signature: over the bytes exactly as served, so no verifier's line-ending rules apply.
      const message = await openpgp.createMessage({ binary: typeof data === 'string' ? new TextEncoder().encode(data) : data });
      return openpgp.sign({ message, signingKeys: privateKey, detached: true, format: 'armored' });
    },
  };
}

/** A new, unprotected ThaiCERT key (Ed25519 signing, X25519 encryption), armored. */
export async function generateThaicertKey(): Promise<string> {
  const { privateKey } = await openpgp.generateKey({
    type: 'ecc',
    curve: 'curve25519Legacy',
    userIDs: [{ name: 'ThaiCERT (development key)', email: 'thaicert@localhost' }],
    format: 'armored',
  });
  return privateKey;
}

/**
 * The development key `npm start` keeps at `path`, made there on first start, so what it signed
 * still verifies after a restart. Never for production: the file is unprotected.
 */
export async function developmentThaicertKeyFile(path: string): Promise<string> {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await generateThaicertKey(), { mode: 0o600 });
  }
  return path;
}
