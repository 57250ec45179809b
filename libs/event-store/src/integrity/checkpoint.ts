import { verify, type KeyObject } from 'node:crypto';
import { keyIdOf, toPublicKey } from './checkpoint-keys';
import { NoteError, openNote, parseVerifierKey, signNote, verifierKey, type NoteVerifier } from './note';

export { keyIdOf, rawPublicKey, toPublicKey } from './checkpoint-keys';

/**
 * A signed statement "the log `origin` had `treeSize` leaves with root `rootHash`": a c2sp.org/tlog-checkpoint
 * in a c2sp.org/signed-note (`note`), with the fields repeated for convenience (the note is what counts).
 */
export interface Checkpoint {
  origin: string;
  treeSize: number;
  /** Hex SHA-256 Merkle tree hash (RFC 9162) of the first `treeSize` leaves. */
  rootHash: string;
  /** ISO-8601 UTC instant of signing (not signed: tlog-checkpoint carries no time). */
  timestamp: string;
  /** The signed note, served as is by GET /v1/log/checkpoint. Absent on legacy checkpoints. */
  note?: string;
  /** Legacy checkpoints only (signed before the C2SP format): key id and base64 signature. */
  keyId?: string;
  signature?: string;
}

const ORIGIN = /^[^\s+]+$/u;

/** The checkpoint body: origin, tree size, base64 root hash, each on its own line. */
export function checkpointText(origin: string, treeSize: number, rootHash: string): string {
  if (!ORIGIN.test(origin)) throw new TypeError('a checkpoint origin has no spaces and no "+"');
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new TypeError(`invalid tree size ${treeSize}`);
  if (!/^[0-9a-f]{64}$/.test(rootHash)) throw new TypeError('root hash must be 64 lowercase hex digits');
  return `${origin}\n${treeSize}\n${Buffer.from(rootHash, 'hex').toString('base64')}\n`;
}

/** Parses a checkpoint body (extension lines allowed and ignored). */
export function parseCheckpointText(text: string): { origin: string; treeSize: number; rootHash: string } {
  const lines = text.split('\n');
  const [origin, size, root] = lines;
  if (lines.length < 4 || !origin || !size || !root || lines[lines.length - 1] !== '') {
    throw new NoteError('a checkpoint has an origin, a tree size and a root hash line');
  }
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new NoteError(`bad tree size line: ${size}`);
  }
  const hash = Buffer.from(root, 'base64');
  if (hash.length !== 32 || hash.toString('base64') !== root) throw new NoteError('bad root hash line');
  return { origin, treeSize: Number(size), rootHash: hash.toString('hex') };
}

export function signCheckpoint(
  origin: string,
  treeSize: number,
  rootHash: string,
  privateKey: KeyObject,
  timestamp: string = new Date().toISOString(),
): Checkpoint {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new TypeError('checkpoint keys are Ed25519');
  const note = signNote(checkpointText(origin, treeSize, rootHash), origin, privateKey);
  return { origin, treeSize, rootHash, timestamp, note };
}

/** Opens a checkpoint note with the log's verifier key: its fields, or a NoteError saying why not. */
export function openCheckpoint(
  note: string,
  key: NoteVerifier | string,
): { origin: string; treeSize: number; rootHash: string } {
  const verifier = typeof key === 'string' ? parseVerifierKey(key) : key;
  const parsed = parseCheckpointText(openNote(note, verifier));
  if (parsed.origin !== verifier.name) {
    throw new NoteError(`the checkpoint origin ${parsed.origin} is not the key's name ${verifier.name}`);
  }
  return parsed;
}

/**
 * True when the checkpoint is signed by this key and its fields are what the note says. The key is a note
 * verifier key (`<name>+<id>+<base64>`), or for legacy checkpoints a PEM, raw base64 or KeyObject (a KeyObject
 * also opens a note, named by the checkpoint's origin).
 */
export function verifyCheckpoint(checkpoint: Checkpoint, key: KeyObject | string): boolean {
  try {
    if (checkpoint.note !== undefined) {
      const verifier =
        typeof key === 'string' && /^[^+\s]+\+[0-9a-f]{8}\+/.test(key.trim())
          ? key
          : verifierKey(checkpoint.origin, toPublicKey(key));
      const opened = openCheckpoint(checkpoint.note, verifier);
      return (
        opened.origin === checkpoint.origin &&
        opened.treeSize === checkpoint.treeSize &&
        opened.rootHash === checkpoint.rootHash
      );
    }
    return verifyLegacyCheckpoint(checkpoint, toPublicKey(key));
  } catch {
    return false;
  }
}

/** The body legacy checkpoints signed: `gongkai/<origin>`, size, base64 root, ISO timestamp. */
export function legacyCheckpointBody(checkpoint: Checkpoint): string {
  const root = Buffer.from(checkpoint.rootHash, 'hex').toString('base64');
  return `gongkai/${checkpoint.origin}\n${checkpoint.treeSize}\n${root}\n${checkpoint.timestamp}\n`;
}

function verifyLegacyCheckpoint(checkpoint: Checkpoint, key: KeyObject): boolean {
  if (!checkpoint.signature || key.asymmetricKeyType !== 'ed25519' || checkpoint.keyId !== keyIdOf(key))
    return false;
  const signature = Buffer.from(checkpoint.signature, 'base64');
  if (signature.length !== 64 || signature.toString('base64') !== checkpoint.signature) return false;
  return verify(null, Buffer.from(legacyCheckpointBody(checkpoint), 'utf8'), key, signature);
}
