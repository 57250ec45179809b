import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { rawPublicKey } from './checkpoint-keys';
import { NoteError, assertKeyName, formatSignature, noteKeyId, parseNote, type NoteVerifier } from './note';

/** c2sp.org/tlog-cosignature v1 with Ed25519: signature type 0x04, a timestamp before the signature. */
export const COSIGNATURE_TYPE = 0x04;

/** `cosignature/v1`, `time <t>`, then the checkpoint body (with its final newline). */
export function cosignatureMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

/** One note signature line cosigning `checkpointText` at `timestamp` (POSIX seconds). */
export function cosign(
  checkpointText: string,
  name: string,
  privateKey: KeyObject,
  timestamp: number,
): string {
  assertKeyName(name);
  if (!Number.isSafeInteger(timestamp) || timestamp <= 0)
    throw new RangeError('a cosignature timestamp is > 0');
  const keyId = noteKeyId(name, COSIGNATURE_TYPE, rawPublicKey(createPublicKey(privateKey)));
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, cosignatureMessage(checkpointText, timestamp), privateKey);
  return formatSignature({ name, keyId, signature: Buffer.concat([time, signature]) });
}

/**
 * Checks the cosignature of `witness` (a type 0x04 verifier) on a note; returns its timestamp. Throws when
 * the note carries none from that key, or one that does not verify.
 */
export function verifyCosignature(note: string, witness: NoteVerifier): number {
  if (witness.type !== COSIGNATURE_TYPE)
    throw new NoteError('a witness key has type 0x04 (tlog-cosignature)');
  const { text, signatures } = parseNote(note);
  const mine = signatures.filter((s) => s.name === witness.name && s.keyId === witness.keyId);
  if (mine.length === 0) throw new NoteError(`no cosignature by ${witness.name}`);
  let timestamp = 0;
  for (const sig of mine) {
    if (sig.signature.length !== 72) throw new NoteError(`malformed cosignature by ${witness.name}`);
    const time = Number(sig.signature.readBigUInt64BE(0));
    if (!verify(null, cosignatureMessage(text, time), witness.publicKey, sig.signature.subarray(8))) {
      throw new NoteError(`the cosignature by ${witness.name} does not verify`);
    }
    timestamp = Math.max(timestamp, time);
  }
  return timestamp;
}
