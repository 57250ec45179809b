import { openCheckpoint } from './checkpoint';
import { leafHash, verifyInclusion } from './merkle';
import { NoteError, type NoteVerifier } from './note';

/** c2sp.org/tlog-proof@v1: an offline-verifiable proof that an entry is in a checkpointed tree. */
export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque, unauthenticated context; gongkai puts `{"eventId","hash"}` (JSON) there. */
  extra?: Buffer;
  index: number;
  /** Inclusion proof, from the leaf's sibling up (32-byte hashes). */
  path: Buffer[];
  /** The checkpoint note, verbatim (with any cosignatures). */
  checkpoint: string;
}

export function formatTlogProof(proof: TlogProof): string {
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra) lines.push(`extra ${proof.extra.toString('base64')}`);
  lines.push(`index ${proof.index}`);
  for (const hash of proof.path) lines.push(hash.toString('base64'));
  return `${lines.join('\n')}\n\n${proof.checkpoint}`;
}

export function parseTlogProof(text: string): TlogProof {
  const split = text.indexOf('\n\n');
  if (split < 0) throw new NoteError('a tlog proof has an empty line before its checkpoint');
  const lines = text.slice(0, split).split('\n');
  if (lines.shift() !== TLOG_PROOF_HEADER)
    throw new NoteError(`a tlog proof starts with ${TLOG_PROOF_HEADER}`);
  let extra: Buffer | undefined;
  if (lines[0]?.startsWith('extra ')) {
    const encoded = lines.shift()!.slice('extra '.length);
    extra = Buffer.from(encoded, 'base64');
    if (extra.toString('base64') !== encoded) throw new NoteError('bad base64 in the extra line');
  }
  const indexLine = lines.shift() ?? '';
  const match = /^index (0|[1-9][0-9]*)$/.exec(indexLine);
  if (!match || !Number.isSafeInteger(Number(match[1]))) throw new NoteError(`bad index line: ${indexLine}`);
  const path = lines.map((line) => {
    const hash = Buffer.from(line, 'base64');
    if (hash.length !== 32 || hash.toString('base64') !== line)
      throw new NoteError(`bad proof hash line: ${line}`);
    return hash;
  });
  return { ...(extra && { extra }), index: Number(match[1]), path, checkpoint: text.slice(split + 2) };
}

export interface VerifiedTlogProof {
  origin: string;
  treeSize: number;
  rootHash: string;
  index: number;
  /** The entry proven (hex). */
  entry: string;
}

/**
 * Verifies a tlog proof for `entry` (32 bytes) with the log's key: the checkpoint signature, then the
 * inclusion proof of leaf `index` against its root. Throws NoteError naming the first check that fails.
 */
export function verifyTlogProof(text: string, key: NoteVerifier | string, entry: Buffer): VerifiedTlogProof {
  const proof = parseTlogProof(text);
  const checkpoint = openCheckpoint(proof.checkpoint, key);
  if (proof.index >= checkpoint.treeSize) {
    throw new NoteError(
      `index ${proof.index} is outside the checkpoint's tree of size ${checkpoint.treeSize}`,
    );
  }
  const root = Buffer.from(checkpoint.rootHash, 'hex');
  if (!verifyInclusion(proof.index, checkpoint.treeSize, leafHash(entry), proof.path, root)) {
    throw new NoteError(`the inclusion proof does not lead from this entry to the checkpoint's root`);
  }
  return { ...checkpoint, index: proof.index, entry: entry.toString('hex') };
}
