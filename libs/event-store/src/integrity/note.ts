import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { rawPublicKey, toPublicKey } from './checkpoint-keys';

/**
 * c2sp.org/signed-note with Ed25519 (signature type 0x01): a text ending in a newline, a blank line, then
 * one line per signature `— <key name> base64(4-byte key ID || signature)`.
 */

export const ED25519_TYPE = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';
const KEY_NAME = /^[^\s+]+$/u;

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

/** A note verifier: the name, the 4-byte key ID and the public key behind it. */
export interface NoteVerifier {
  name: string;
  keyId: number;
  /** 0x01 Ed25519, 0x04 timestamped Ed25519 cosignature (c2sp.org/tlog-cosignature). */
  type: number;
  publicKey: KeyObject;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Buffer;
}

/** key ID = SHA-256(key name || 0x0A || type || public key)[:4], big-endian. */
export function noteKeyId(name: string, type: number, rawKey: Uint8Array): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, type]))
    .update(rawKey)
    .digest()
    .readUInt32BE(0);
}

export function assertKeyName(name: string): void {
  if (!KEY_NAME.test(name) || name.length === 0) {
    throw new NoteError(`a key name must be non-empty, without spaces or '+': ${JSON.stringify(name)}`);
  }
}

/** `<name>+<key ID, 8 hex digits>+<base64(type || public key)>`, as Go's note.NewVerifier reads it. */
export function verifierKey(name: string, publicKey: KeyObject, type = ED25519_TYPE): string {
  assertKeyName(name);
  const raw = rawPublicKey(publicKey);
  const id = noteKeyId(name, type, raw).toString(16).padStart(8, '0');
  return `${name}+${id}+${Buffer.concat([Buffer.from([type]), raw]).toString('base64')}`;
}

/** Parses a verifier key; refuses a key whose ID does not match its name and key. */
export function parseVerifierKey(text: string): NoteVerifier {
  // The base64 key may itself contain '+': split at the first two only.
  const match = /^([^+]+)\+([^+]*)\+(.*)$/s.exec(text.trim());
  if (!match) throw new NoteError('a verifier key is <name>+<key id>+<base64 key>');
  const [, name, idHex, keyBase64] = match as unknown as [string, string, string, string];
  assertKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new NoteError('the key id of a verifier key is 8 hex digits');
  const bytes = Buffer.from(keyBase64, 'base64');
  if (bytes.toString('base64') !== keyBase64 || bytes.length !== 33) {
    throw new NoteError('the key of a verifier key is base64 of a type byte and 32 key bytes');
  }
  const type = bytes[0]!;
  if (type !== ED25519_TYPE && type !== 0x04)
    throw new NoteError(`unsupported key type 0x${type.toString(16)}`);
  const raw = bytes.subarray(1);
  const keyId = Number.parseInt(idHex, 16);
  if (noteKeyId(name, type, raw) !== keyId) throw new NoteError('the key id does not match the name and key');
  return { name, keyId, type, publicKey: toPublicKey(raw.toString('base64')) };
}

/** Signs `text` (which must end in a newline) into a note with one Ed25519 signature. */
export function signNote(text: string, name: string, privateKey: KeyObject): string {
  return `${text}\n${signatureLine(text, name, privateKey)}`;
}

export function signatureLine(text: string, name: string, privateKey: KeyObject): string {
  assertText(text);
  assertKeyName(name);
  const keyId = noteKeyId(name, ED25519_TYPE, rawPublicKey(createPublicKey(privateKey)));
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  return formatSignature({ name, keyId, signature });
}

export function formatSignature(sig: NoteSignature): string {
  const id = Buffer.alloc(4);
  id.writeUInt32BE(sig.keyId >>> 0);
  return `${SIGNATURE_PREFIX}${sig.name} ${Buffer.concat([id, sig.signature]).toString('base64')}\n`;
}

function assertText(text: string): void {
  if (!text.endsWith('\n')) throw new NoteError('note text must end with a newline');
  if (text.includes('\n\n')) throw new NoteError('note text must not contain a blank line');
}

/** Splits a note into its text and signatures (not yet verified). */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n'))
    throw new NoteError('not a signed note (no blank line before the signatures)');
  const text = note.slice(0, split + 1);
  assertText(text);
  const lines = note.slice(split + 2, -1).split('\n');
  const signatures = lines.map((line) => {
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteError(`malformed signature line: ${line}`);
    const [name, encoded, extra] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (!name || !encoded || extra !== undefined) throw new NoteError(`malformed signature line: ${line}`);
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.toString('base64') !== encoded || bytes.length < 5) {
      throw new NoteError(`malformed signature in line: ${line}`);
    }
    return { name, keyId: bytes.readUInt32BE(0), signature: bytes.subarray(4) };
  });
  if (signatures.length === 0) throw new NoteError('a signed note has at least one signature');
  return { text, signatures };
}

/**
 * Opens a note with a verifier: the text when a signature from this key verifies. A signature line with the
 * key's name and ID that does not verify rejects the note; signatures from other keys are ignored.
 */
export function openNote(note: string, verifier: NoteVerifier): string {
  const { text, signatures } = parseNote(note);
  const mine = signatures.filter((s) => s.name === verifier.name && s.keyId === verifier.keyId);
  if (mine.length === 0) throw new NoteError(`the note carries no signature by ${verifier.name}`);
  if (verifier.type !== ED25519_TYPE) throw new NoteError('open notes with an Ed25519 (type 0x01) key');
  for (const sig of mine) {
    if (
      sig.signature.length !== 64 ||
      !verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, sig.signature)
    ) {
      throw new NoteError(`the signature by ${verifier.name} does not verify`);
    }
  }
  return text;
}
