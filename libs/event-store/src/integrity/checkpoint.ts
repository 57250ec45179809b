import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A signed statement "the log of `origin` had `treeSize` leaves with root `rootHash` at `timestamp`".
 * The signature is Ed25519 over `checkpointBody(...)`, a C2SP signed-note style text.
 */
export interface Checkpoint {
  /** Names the log; the signed text starts with `gongkai/<origin>`. */
  origin: string;
  treeSize: number;
  /** Hex SHA-256 Merkle tree hash (RFC 9162) of the first `treeSize` leaves. */
  rootHash: string;
  /** ISO-8601 UTC instant of signing. */
  timestamp: string;
  /** Identifies the signing key, see `keyIdOf`. */
  keyId: string;
  /** Base64 Ed25519 signature over `checkpointBody`. */
  signature: string;
}

export type UnsignedCheckpoint = Omit<Checkpoint, 'keyId' | 'signature'>;

const HEX_HASH = /^[0-9a-f]{64}$/;
const ORIGIN = /^[\x21-\x7e]+$/;

/**
 * The exact text that is signed, one field per line, each line ending in "\n":
 *
 *   gongkai/<origin>
 *   <tree size, decimal>
 *   <root hash, standard base64 of the 32 bytes>
 *   <timestamp, ISO-8601 UTC>
 */
export function checkpointBody(checkpoint: UnsignedCheckpoint): string {
  const { origin, treeSize, rootHash, timestamp } = checkpoint;
  if (!ORIGIN.test(origin)) throw new TypeError(`checkpoint origin must be printable ASCII without spaces`);
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new TypeError(`invalid tree size ${treeSize}`);
  if (!HEX_HASH.test(rootHash)) throw new TypeError('root hash must be 64 lowercase hex digits');
  if (Number.isNaN(Date.parse(timestamp)) || !timestamp.endsWith('Z')) {
    throw new TypeError(`timestamp must be ISO-8601 UTC, got ${timestamp}`);
  }
  const root = Buffer.from(rootHash, 'hex').toString('base64');
  return `gongkai/${origin}\n${treeSize}\n${root}\n${timestamp}\n`;
}

/** The raw 32-byte Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ format: 'der', type: 'spki' });
  // An Ed25519 SPKI is a fixed 12-byte header followed by the 32-byte key.
  return der.subarray(der.length - 32);
}

/** Key id: the first 8 bytes of SHA-256(raw public key), hex (16 digits). */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

/** Accepts a KeyObject, a PEM (SPKI) text or the raw 32-byte key in base64. */
export function toPublicKey(key: KeyObject | string): KeyObject {
  if (typeof key !== 'string') return key.type === 'private' ? createPublicKey(key) : key;
  if (key.includes('-----BEGIN')) return createPublicKey(key);
  const raw = Buffer.from(key, 'base64');
  if (raw.length !== 32) throw new TypeError('a raw Ed25519 public key is 32 bytes (base64)');
  const spkiHeader = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({ key: Buffer.concat([spkiHeader, raw]), format: 'der', type: 'spki' });
}

export function signCheckpoint(unsigned: UnsignedCheckpoint, privateKey: KeyObject): Checkpoint {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('checkpoint keys are Ed25519');
  const body = Buffer.from(checkpointBody(unsigned), 'utf8');
  const signature = sign(null, body, privateKey).toString('base64');
  return { ...unsigned, keyId: keyIdOf(createPublicKey(privateKey)), signature };
}

/** True when the signature is valid for this key and every signed field; false for anything else. */
export function verifyCheckpoint(checkpoint: Checkpoint, publicKey: KeyObject | string): boolean {
  let key: KeyObject;
  let body: Buffer;
  try {
    key = toPublicKey(publicKey);
    body = Buffer.from(checkpointBody(checkpoint), 'utf8');
  } catch {
    return false;
  }
  if (key.asymmetricKeyType !== 'ed25519' || checkpoint.keyId !== keyIdOf(key)) return false;
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== checkpoint.signature) return false;
  return verify(null, body, key, signature);
}
