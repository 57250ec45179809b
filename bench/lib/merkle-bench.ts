import { createHash } from 'node:crypto';
import { MerkleLog, verifyConsistency, verifyInclusion } from '@gongkai/event-store';
import { nowMs, percentile } from './stats';

export interface MerkleFigures {
  leaves: number;
  appendPerSecond: number;
  rootOfOldSizeUs: number;
  inclusionProofP50Us: number;
  consistencyProofP50Us: number;
  verifyInclusionP50Us: number;
  heapMiB: number;
}

/** The in-memory Merkle log alone: appends, then proofs and roots for random older sizes. */
export function benchMerkle(leaves: number, samples = 1000): MerkleFigures {
  const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const log = new MerkleLog();
  const data = createHash('sha256').update('gongkai').digest();
  const start = nowMs();
  for (let i = 0; i < leaves; i++) {
    data.writeUInt32BE(i, 0);
    log.append(data);
  }
  const appendSeconds = (nowMs() - start) / 1000;
  const heapAfter = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

  const roots: number[] = [];
  const inclusion: number[] = [];
  const consistency: number[] = [];
  const verify: number[] = [];
  for (let s = 0; s < samples; s++) {
    const size = 1 + Math.floor(Math.random() * leaves);
    const index = Math.floor(Math.random() * size);
    let t = nowMs();
    const root = log.root(size);
    roots.push(nowMs() - t);
    t = nowMs();
    const proof = log.inclusionProof(index, size);
    inclusion.push(nowMs() - t);
    t = nowMs();
    const ok = verifyInclusion(index, size, log.leafHashAt(index), proof, root);
    verify.push(nowMs() - t);
    if (!ok) throw new Error('inclusion proof did not verify');
    const from = 1 + Math.floor(Math.random() * size);
    t = nowMs();
    const cproof = log.consistencyProof(from, size);
    consistency.push(nowMs() - t);
    if (!verifyConsistency(from, size, log.root(from), root, cproof)) throw new Error('consistency failed');
  }
  const us = (xs: number[]): number => Math.round(percentile(xs, 50) * 1000);
  return {
    leaves,
    appendPerSecond: leaves / appendSeconds,
    rootOfOldSizeUs: us(roots),
    inclusionProofP50Us: us(inclusion),
    consistencyProofP50Us: us(consistency),
    verifyInclusionP50Us: us(verify),
    heapMiB: Math.round((heapAfter - heapBefore) / 2 ** 20),
  };
}
