import { createHash } from 'node:crypto';

/**
 * A Merkle tree log with RFC 9162 (Certificate Transparency v2) hashing:
 * leaf = SHA-256(0x00 || d), node = SHA-256(0x01 || left || right), empty tree = SHA-256("").
 *
 * For gongkai the leaf data d of an event is its per-stream chain `hash` (hex) decoded to 32 bytes, in
 * `$all` order: leaf index i is the (i+1)-th event of `$all`.
 */

export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** Largest power of two strictly smaller than n (n >= 2). */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && 2 ** Math.round(Math.log2(n)) === n;
}

/** A growable array of 32-byte hashes in one buffer (no per-hash object overhead). */
export class HashArray {
  private bytes = Buffer.alloc(HASH_SIZE * 1024);
  length = 0;

  push(hash: Uint8Array): void {
    if ((this.length + 1) * HASH_SIZE > this.bytes.length) {
      const bigger = Buffer.alloc(this.bytes.length * 2);
      this.bytes.copy(bigger, 0, 0, this.length * HASH_SIZE);
      this.bytes = bigger;
    }
    this.bytes.set(hash, this.length * HASH_SIZE);
    this.length += 1;
  }

  /** A view (not a copy) of entry i; callers that keep it must copy it. */
  at(i: number): Buffer {
    return this.bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
  }
}

/**
 * Where proofs get their hashes from: the hash of every complete, aligned subtree of 2^level leaves,
 * `hashAt(level, index)` covering leaves [index * 2^level, (index + 1) * 2^level). Implemented in memory
 * (`MerkleLog`) and over persisted tiles (`TiledTree`).
 */
export interface SubtreeHashes {
  readonly size: number;
  hashAt(level: number, index: number): Buffer;
}

/**
 * Append-only Merkle log kept in memory. Level k stores the hash of every complete, aligned subtree of
 * 2^k leaves, so the hash of any range that the RFC 9162 recursion asks for costs O(log n) lookups and
 * roots and proofs for any tree size m <= n cost O(log^2 n).
 */
export class MerkleLog implements SubtreeHashes {
  private readonly levels: HashArray[] = [new HashArray()];

  get size(): number {
    return this.levels[0]!.length;
  }

  /** Appends leaf data d (hashes it as a leaf); returns the new leaf's index. */
  append(data: Uint8Array): number {
    return this.appendLeafHash(leafHash(data));
  }

  /** Appends an already computed leaf hash; returns the new leaf's index. */
  appendLeafHash(hash: Uint8Array): number {
    if (hash.length !== HASH_SIZE) throw new RangeError(`leaf hash must be ${HASH_SIZE} bytes`);
    const index = this.size;
    this.levels[0]!.push(hash);
    // Every time a level gains an entry at an odd index, a complete subtree one level up is finished.
    let level = 0;
    let i = index;
    while (i % 2 === 1) {
      const current = this.levels[level]!;
      const parent = nodeHash(current.at(i - 1), current.at(i));
      if (this.levels.length === level + 1) this.levels.push(new HashArray());
      this.levels[level + 1]!.push(parent);
      level += 1;
      i = (i - 1) / 2;
    }
    return index;
  }

  hashAt(level: number, index: number): Buffer {
    return this.levels[level]!.at(index);
  }

  leafHashAt(index: number): Buffer {
    checkIndex(index, this.size);
    return Buffer.from(this.levels[0]!.at(index));
  }

  /** MTH(D[0:treeSize]); treeSize defaults to the current size. */
  root(treeSize: number = this.size): Buffer {
    return treeRoot(this, treeSize);
  }

  /** PATH(leafIndex, D[0:treeSize]) of RFC 9162 §2.1.3.1, ordered from the leaf's sibling upwards. */
  inclusionProof(leafIndex: number, treeSize: number = this.size): Buffer[] {
    return inclusionPath(this, leafIndex, treeSize);
  }

  /** PROOF(fromSize, D[0:toSize]) of RFC 9162 §2.1.4.1, ordered as the RFC's SUBPROOF emits it. */
  consistencyProof(fromSize: number, toSize: number = this.size): Buffer[] {
    return consistencyPath(this, fromSize, toSize);
  }
}

/** MTH(D[0:treeSize]) from stored subtree hashes. */
export function treeRoot(tree: SubtreeHashes, treeSize: number = tree.size): Buffer {
  checkSize(treeSize, tree.size);
  if (treeSize === 0) return Buffer.from(EMPTY_ROOT);
  return Buffer.from(rangeHash(tree, 0, treeSize));
}

/** PATH(leafIndex, D[0:treeSize]) of RFC 9162 §2.1.3.1, ordered from the leaf's sibling upwards. */
export function inclusionPath(
  tree: SubtreeHashes,
  leafIndex: number,
  treeSize: number = tree.size,
): Buffer[] {
  checkSize(treeSize, tree.size);
  checkIndex(leafIndex, treeSize);
  const topDown: Buffer[] = [];
  let lo = 0;
  let hi = treeSize;
  while (hi - lo > 1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (leafIndex < lo + k) {
      topDown.push(rangeHash(tree, lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(rangeHash(tree, lo, lo + k));
      lo += k;
    }
  }
  return topDown.reverse().map((h) => Buffer.from(h));
}

/** PROOF(fromSize, D[0:toSize]) of RFC 9162 §2.1.4.1, ordered as the RFC's SUBPROOF emits it. */
export function consistencyPath(tree: SubtreeHashes, fromSize: number, toSize: number = tree.size): Buffer[] {
  checkSize(toSize, tree.size);
  if (!Number.isSafeInteger(fromSize) || fromSize < 0 || fromSize > toSize) {
    throw new RangeError(`fromSize ${fromSize} must be within 0..${toSize}`);
  }
  if (fromSize === 0 || fromSize === toSize) return [];
  const topDown: Buffer[] = [];
  let lo = 0;
  let hi = toSize;
  let m = fromSize;
  let wholeOldTree = true;
  while (m !== hi - lo) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (m <= k) {
      topDown.push(rangeHash(tree, lo + k, hi));
      hi = lo + k;
    } else {
      topDown.push(rangeHash(tree, lo, lo + k));
      lo += k;
      m -= k;
      wholeOldTree = false;
    }
  }
  // SUBPROOF(m, D[m], b): nothing when the old tree is the subtree itself, else that subtree's hash.
  if (!wholeOldTree) topDown.push(rangeHash(tree, lo, hi));
  return topDown.reverse().map((h) => Buffer.from(h));
}

/**
 * MTH(D[lo:hi]) for a range the RFC recursion produces (lo aligned to the largest power of two below
 * hi - lo): the left complete subtrees come from storage, only the ragged right edge is hashed.
 */
function rangeHash(tree: SubtreeHashes, lo: number, hi: number): Buffer {
  const width = hi - lo;
  if (isPowerOfTwo(width) && lo % width === 0) {
    return tree.hashAt(Math.log2(width), lo / width);
  }
  const k = largestPowerOfTwoBelow(width);
  return nodeHash(rangeHash(tree, lo, lo + k), rangeHash(tree, lo + k, hi));
}

function checkSize(treeSize: number, size: number): void {
  if (!Number.isSafeInteger(treeSize) || treeSize < 0 || treeSize > size) {
    throw new RangeError(`tree size ${treeSize} must be within 0..${size}`);
  }
}

function checkIndex(index: number, treeSize: number): void {
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) {
    throw new RangeError(`leaf index ${index} must be within 0..${treeSize - 1}`);
  }
}

/**
 * The right edge of a growing tree (one hash per set bit of the size): gives the root of every prefix as
 * the leaves stream past, in O(log n) memory. Used to recompute roots from the store without keeping it.
 */
export class MerkleFrontier {
  /** Complete subtree hashes, largest (leftmost) first; their sizes are the set bits of `size`. */
  private readonly stack: Buffer[] = [];
  size = 0;

  /**
   * Appends a leaf. `onSubtree` is told of every complete subtree this leaf completes (the leaf itself at
   * level 0, then each merge): its level, its index at that level and its hash, e.g. to compare with tiles.
   */
  appendLeafHash(hash: Uint8Array, onSubtree?: (level: number, index: number, hash: Buffer) => void): void {
    let node: Buffer = Buffer.from(hash);
    let n = this.size;
    let level = 0;
    onSubtree?.(0, n, node);
    while (n % 2 === 1) {
      node = nodeHash(this.stack.pop()!, node);
      n = (n - 1) / 2;
      level += 1;
      onSubtree?.(level, n, node);
    }
    this.stack.push(node);
    this.size += 1;
  }

  /** The right edge of a stored tree at `size` (O(log n) subtree hashes), to go on appending from there. */
  static of(tree: SubtreeHashes, size: number): MerkleFrontier {
    const frontier = new MerkleFrontier();
    let start = 0;
    for (let level = Math.floor(Math.log2(Math.max(size, 1))) + 1; level >= 0; level--) {
      const width = 2 ** level;
      if (start + width > size) continue;
      frontier.stack.push(tree.hashAt(level, start / width));
      start += width;
    }
    frontier.size = size;
    return frontier;
  }

  /** The state to store between runs (a monitor's): size and the right-edge hashes, hex. */
  snapshot(): { size: number; hashes: string[] } {
    return { size: this.size, hashes: this.stack.map((h) => h.toString('hex')) };
  }

  static restore(state: { size: number; hashes: readonly string[] }): MerkleFrontier {
    const frontier = new MerkleFrontier();
    let bits = 0;
    for (let n = state.size; n > 0; n = Math.floor(n / 2)) bits += n % 2;
    if (!Number.isSafeInteger(state.size) || state.size < 0 || bits !== state.hashes.length) {
      throw new RangeError('a frontier holds one hash per set bit of its size');
    }
    for (const hex of state.hashes) frontier.stack.push(Buffer.from(hex, 'hex'));
    frontier.size = state.size;
    return frontier;
  }

  root(): Buffer {
    if (this.size === 0) return Buffer.from(EMPTY_ROOT);
    let node = this.stack[this.stack.length - 1]!;
    for (let i = this.stack.length - 2; i >= 0; i--) node = nodeHash(this.stack[i]!, node);
    return node;
  }
}

/** Root of a perfect tree over 2^k consecutive hashes (the tlog-tiles way of rebuilding inner levels). */
export function perfectRoot(hashes: Buffer, count: number): Buffer {
  let level: Buffer[] = [];
  for (let i = 0; i < count; i++) level.push(hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return Buffer.from(level[0]!);
}

function validHashes(hashes: readonly Uint8Array[]): boolean {
  return hashes.every((h) => h.length === HASH_SIZE);
}

function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/**
 * The root an inclusion proof leads to, by RFC 9162 §2.1.3.2, or undefined when the proof cannot belong to
 * (leafIndex, treeSize) at all (wrong length, index out of range).
 */
export function rootFromInclusionProof(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize)) return undefined;
  if (leafIndex < 0 || leafIndex >= treeSize) return undefined;
  if (leaf.length !== HASH_SIZE || !validHashes(proof)) return undefined;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2: does `proof` show that leaf hash `leaf` sits at `leafIndex` in the tree with `root`? */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const computed = rootFromInclusionProof(leafIndex, treeSize, leaf, proof);
  return computed !== undefined && equalHashes(computed, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show that the tree of `fromSize` with `fromRoot` is a prefix of the tree of
 * `toSize` with `toRoot`? Equal sizes need an empty proof and equal roots; size 0 is a prefix of anything.
 */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(fromSize) || !Number.isSafeInteger(toSize)) return false;
  if (fromSize < 0 || fromSize > toSize) return false;
  if (!validHashes(proof)) return false;
  if (fromSize === toSize) return proof.length === 0 && equalHashes(fromRoot, toRoot);
  if (fromSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  if (fromRoot.length !== HASH_SIZE || toRoot.length !== HASH_SIZE) return false;

  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalHashes(fr, fromRoot) && equalHashes(sr, toRoot);
}
