import { generateKey } from 'openpgp';

/** A fresh Curve25519 OpenPGP key pair (fast to make), armored. */
export async function makeOpenPgpKey(name = 'SOC Duty Officer', email = 'soc@example.org') {
  const { publicKey, privateKey } = await generateKey({ type: 'curve25519', userIDs: [{ name, email }], format: 'armored' });
  return { publicKey, privateKey };
}
