import fc from 'fast-check';
import { createHash } from 'node:crypto';
import {
  EMPTY_ROOT,
  MerkleLog,
  leafHash,
  nodeHash,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './merkle';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const h = (s: string): Buffer => Buffer.from(s, 'hex');

/**
 * Leaf inputs and hashes published with the Certificate Transparency / transparency-dev Merkle code
 * (github.com/transparency-dev/merkle testonly/constants.go and proof/verify_test.go).
 */
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(h);
const LEVEL0 = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
  '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
  'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
  '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
];
const LEVEL1 = [
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
  '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
  'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
];
const LEVEL2 = [
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
];
/** Roots for tree sizes 0..8. */
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function logOf(leaves: readonly Uint8Array[]): MerkleLog {
  const log = new MerkleLog();
  for (const d of leaves) log.append(d);
  return log;
}

// Naive reference: the RFC 9162 §2.1 recursive definitions, written independently of MerkleLog.
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}
function naiveMth(d: readonly Uint8Array[]): Buffer {
  if (d.length === 0) return createHash('sha256').digest();
  if (d.length === 1)
    return createHash('sha256')
      .update(Buffer.from([0]))
      .update(d[0]!)
      .digest();
  const split = k(d.length);
  return createHash('sha256')
    .update(Buffer.from([1]))
    .update(naiveMth(d.slice(0, split)))
    .update(naiveMth(d.slice(split)))
    .digest();
}
function naivePath(m: number, d: readonly Uint8Array[]): Buffer[] {
  if (d.length <= 1) return [];
  const split = k(d.length);
  return m < split
    ? [...naivePath(m, d.slice(0, split)), naiveMth(d.slice(split))]
    : [...naivePath(m - split, d.slice(split)), naiveMth(d.slice(0, split))];
}
function naiveSubproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [naiveMth(d)];
  const split = k(d.length);
  return m <= split
    ? [...naiveSubproof(m, d.slice(0, split), b), naiveMth(d.slice(split))]
    : [...naiveSubproof(m - split, d.slice(split), false), naiveMth(d.slice(0, split))];
}
const naiveProof = (m: number, d: readonly Uint8Array[]): Buffer[] =>
  m === 0 || m === d.length ? [] : naiveSubproof(m, d, true);

/** Distinct, deterministic leaf data for the exhaustive checks. */
const dataFor = (i: number): Buffer => createHash('sha256').update(`leaf-${i}`).digest();

describe('RFC 9162 hashing primitives', () => {
  it('hashes leaves with a 0x00 prefix and nodes with 0x01, and the empty tree as SHA-256("")', () => {
    LEAF_INPUTS.forEach((d, i) => expect(hex(leafHash(d))).toBe(LEVEL0[i]));
    expect(hex(nodeHash(h(LEVEL0[0]!), h(LEVEL0[1]!)))).toBe(LEVEL1[0]);
    expect(hex(EMPTY_ROOT)).toBe(ROOTS[0]);
  });
});

describe('MerkleLog against the published test vectors', () => {
  const log = logOf(LEAF_INPUTS);

  it('produces the published root for every tree size 0..8', () => {
    for (let size = 0; size <= 8; size++) expect(hex(log.root(size))).toBe(ROOTS[size]);
  });

  it('reproduces the published inclusion proofs (1-based leaf 1/8, 6/8, 3/3, 2/5)', () => {
    expect(log.inclusionProof(0, 8).map(hex)).toEqual([LEVEL0[1], LEVEL1[1], LEVEL2[1]]);
    expect(log.inclusionProof(5, 8).map(hex)).toEqual([LEVEL0[4], LEVEL1[3], LEVEL2[0]]);
    expect(log.inclusionProof(2, 3).map(hex)).toEqual([LEVEL1[0]]);
    expect(log.inclusionProof(1, 5).map(hex)).toEqual([LEVEL0[0], LEVEL1[1], LEVEL0[4]]);
  });

  it('reproduces the published consistency proofs (1->8, 6->8, 2->5, 6->7)', () => {
    expect(log.consistencyProof(1, 8).map(hex)).toEqual([LEVEL0[1], LEVEL1[1], LEVEL2[1]]);
    expect(log.consistencyProof(6, 8).map(hex)).toEqual([LEVEL1[2], LEVEL1[3], LEVEL2[0]]);
    expect(log.consistencyProof(2, 5).map(hex)).toEqual([LEVEL1[1], LEVEL0[4]]);
    expect(log.consistencyProof(6, 7).map(hex)).toEqual([LEVEL1[2], LEVEL0[6], LEVEL2[0]]);
    expect(log.consistencyProof(1, 1)).toEqual([]);
  });
});

/**
 * The worked example of RFC 9162 §2.1.5: seven leaves d0..d6 (here the published inputs above), with
 *
 *             hash
 *            /    \
 *           k      l
 *          / \    / \
 *         g   h  i   j
 *        / \ / \ / \ |
 *        a b c d e f d6
 */
describe('RFC 9162 §2.1.5 worked example (7 leaves)', () => {
  const log = logOf(LEAF_INPUTS.slice(0, 7));
  const [a, b, c, d, e, f, j] = LEVEL0.map(h);
  const [g, hh, i] = LEVEL1.map(h);
  const kk = h(LEVEL2[0]!);
  const l = nodeHash(i!, j!);
  const root = h(ROOTS[7]!);

  it('has the expected inner nodes and root', () => {
    expect(hex(nodeHash(a!, b!))).toBe(hex(g!));
    expect(hex(nodeHash(c!, d!))).toBe(hex(hh!));
    expect(hex(nodeHash(e!, f!))).toBe(hex(i!));
    expect(hex(nodeHash(g!, hh!))).toBe(hex(kk));
    expect(hex(nodeHash(kk, l))).toBe(hex(root));
    expect(hex(log.root())).toBe(hex(root));
  });

  it.each([
    [0, [b, hh, l]],
    [3, [c, g, l]],
    [4, [f, j, kk]],
    [6, [i, kk]],
  ])('inclusion proof for d%i is as the RFC lists it', (index, expected) => {
    const proof = log.inclusionProof(index, 7);
    expect(proof.map(hex)).toEqual(expected.map((x) => hex(x!)));
    expect(verifyInclusion(index, 7, log.leafHashAt(index), proof, root)).toBe(true);
  });

  it.each([
    [3, [c, d, g, l]],
    [4, [l]],
    [6, [i, j, kk]],
  ])('consistency proof %i -> 7 is as the RFC lists it', (from, expected) => {
    const proof = log.consistencyProof(from, 7);
    expect(proof.map(hex)).toEqual(expected.map((x) => hex(x!)));
    expect(verifyConsistency(from, 7, log.root(from), root, proof)).toBe(true);
  });
});

describe('MerkleLog against the naive RFC definitions', () => {
  const N = 64;
  const data = Array.from({ length: N }, (_, i) => dataFor(i));
  const log = logOf(data);

  it('computes every root, inclusion proof and consistency proof like the recursive definition', () => {
    for (let n = 0; n <= N; n++) {
      const prefix = data.slice(0, n);
      const root = naiveMth(prefix);
      expect(log.root(n).equals(root)).toBe(true);
      for (let m = 0; m < n; m++) {
        const proof = log.inclusionProof(m, n);
        expect(proof.map(hex)).toEqual(naivePath(m, prefix).map(hex));
        expect(verifyInclusion(m, n, leafHash(data[m]!), proof, root)).toBe(true);
      }
      for (let m = 0; m <= n; m++) {
        const proof = log.consistencyProof(m, n);
        expect(proof.map(hex)).toEqual(naiveProof(m, prefix).map(hex));
        expect(verifyConsistency(m, n, naiveMth(data.slice(0, m)), root, proof)).toBe(true);
      }
    }
  });

  it('agrees with the reference for random sizes up to 300 (property)', () => {
    const big = Array.from({ length: 300 }, (_, i) => dataFor(1000 + i));
    const bigLog = logOf(big);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), (n, rawLeaf, rawFrom) => {
        const leaf = rawLeaf % n;
        const from = rawFrom % (n + 1);
        const prefix = big.slice(0, n);
        const root = naiveMth(prefix);
        const inclusion = bigLog.inclusionProof(leaf, n);
        const consistency = bigLog.consistencyProof(from, n);
        return (
          bigLog.root(n).equals(root) &&
          verifyInclusion(leaf, n, leafHash(big[leaf]!), inclusion, root) &&
          verifyConsistency(from, n, naiveMth(big.slice(0, from)), root, consistency)
        );
      }),
      { numRuns: 200 },
    );
  });

  it('rejects sizes and indexes outside the log', () => {
    expect(() => log.root(N + 1)).toThrow(RangeError);
    expect(() => log.inclusionProof(5, 5)).toThrow(RangeError);
    expect(() => log.inclusionProof(-1, 5)).toThrow(RangeError);
    expect(() => log.consistencyProof(6, 5)).toThrow(RangeError);
  });
});

describe('tampered proofs are rejected', () => {
  const N = 40;
  const data = Array.from({ length: N }, (_, i) => dataFor(i));
  const log = logOf(data);
  const flipBit = (proof: Buffer[], at: number): Buffer[] =>
    proof.map((p, idx) => {
      if (idx !== at) return p;
      const copy = Buffer.from(p);
      copy[0]! ^= 0x08;
      return copy;
    });
  const someHash = h('abacaba000000000000000000000000000000000000000000060061e00123456');
  const wrongLeaf = leafHash(Buffer.from('WrongLeaf'));

  it('for inclusion: flipped bits, wrong index, wrong size, truncated/extended path, swapped siblings, wrong leaf/root', () => {
    for (let n = 1; n <= N; n++) {
      const root = log.root(n);
      for (let m = 0; m < n; m++) {
        const leaf = log.leafHashAt(m);
        const proof = log.inclusionProof(m, n);
        const bad: Array<[number, number, Buffer, Buffer[], Buffer]> = [
          [m - 1, n, leaf, proof, root],
          [m + 1, n, leaf, proof, root],
          [m ^ 2, n, leaf, proof, root],
          [m, n * 2, leaf, proof, root],
          [m, Math.floor(n / 2), leaf, proof, root],
          [m, n, wrongLeaf, proof, root],
          [m, n, leaf, proof, EMPTY_ROOT],
          [m, n, leaf, proof, someHash],
          [m, n, leaf, [...proof, Buffer.alloc(0)], root],
          [m, n, leaf, [...proof, root], root],
          [m, n, leaf, [root, ...proof], root],
        ];
        for (let i = 0; i < proof.length; i++) bad.push([m, n, leaf, flipBit(proof, i), root]);
        if (proof.length > 0) bad.push([m, n, leaf, proof.slice(0, -1), root]);
        if (proof.length > 1) {
          bad.push([m, n, leaf, [proof[1]!, proof[0]!, ...proof.slice(2)], root]);
          bad.push([m, n, leaf, [proof[0]!, someHash, ...proof.slice(1)], root]);
        }
        for (const [index, size, l, p, r] of bad) {
          expect(verifyInclusion(index, size, l, p, r)).toBe(false);
        }
      }
    }
  });

  it('for consistency: flipped bits, wrong sizes, wrong/swapped roots, truncated/extended path, swapped entries', () => {
    for (let n = 2; n <= N; n++) {
      const root2 = log.root(n);
      for (let m = 1; m < n; m++) {
        const root1 = log.root(m);
        const proof = log.consistencyProof(m, n);
        const bad: Array<[number, number, Buffer, Buffer, Buffer[]]> = [
          [m - 1, n, root1, root2, proof],
          [m + 1, n, root1, root2, proof],
          [m ^ 2, n, root1, root2, proof],
          [m, n * 2, root1, root2, proof],
          [m, Math.floor(n / 2), root1, root2, proof],
          [m, n, someHash, root2, proof],
          [m, n, root1, someHash, proof],
          [m, n, root2, root1, proof],
          [m, n, root1, root2, []],
          [m, n, root1, root2, [...proof, Buffer.alloc(0)]],
          [m, n, root1, root2, [...proof, root1]],
          [m, n, root1, root2, [...proof, root2]],
          [m, n, root1, root2, [root1, ...proof]],
          [m, n, root1, root2, [root2, ...proof]],
          [m, n, root1, root2, [proof[0]!, ...proof]],
          [m, n, root1, root2, proof.slice(0, -1)],
        ];
        for (let i = 0; i < proof.length; i++) bad.push([m, n, root1, root2, flipBit(proof, i)]);
        if (proof.length > 1) bad.push([m, n, root1, root2, [proof[1]!, proof[0]!, ...proof.slice(2)]]);
        for (const [from, to, r1, r2, p] of bad) {
          // m ^ 2 and m - 1 etc. may coincide with m itself or fall outside 1..n; those cases prove nothing.
          if (from === m && to === n && p === proof && r1 === root1 && r2 === root2) continue;
          if (from === 0 && p.length === 0) continue;
          expect(verifyConsistency(from, to, r1, r2, p)).toBe(false);
        }
      }
    }
  });

  it('rootFromInclusionProof refuses out-of-range indexes and wrong-length hashes', () => {
    const proof = log.inclusionProof(3, 10);
    expect(rootFromInclusionProof(10, 10, log.leafHashAt(3), proof)).toBeUndefined();
    expect(rootFromInclusionProof(3, 10, Buffer.alloc(31), proof)).toBeUndefined();
    expect(rootFromInclusionProof(3, 10, log.leafHashAt(3), proof)!.equals(log.root(10))).toBe(true);
  });
});

describe('MerkleLog scale', () => {
  it('serves roots and proofs for an older size of a large log from stored subtrees', () => {
    const log = new MerkleLog();
    const n = 100_000;
    for (let i = 0; i < n; i++) log.appendLeafHash(leafHash(dataFor(i % 1000)));
    const old = 77_777;
    const oldRoot = log.root(old);
    const proof = log.consistencyProof(old, n);
    expect(proof.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)));
    expect(verifyConsistency(old, n, oldRoot, log.root(), proof)).toBe(true);
    const inclusion = log.inclusionProof(12_345, old);
    expect(verifyInclusion(12_345, old, log.leafHashAt(12_345), inclusion, oldRoot)).toBe(true);
  });
});
