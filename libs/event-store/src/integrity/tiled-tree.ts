import { HASH_SIZE, leafHash, nodeHash, perfectRoot, type SubtreeHashes } from './merkle';
import { ENTRIES_LEVEL, TILE_HEIGHT, TILE_WIDTH, encodeEntryBundle } from './tiles';
import type { LeafRecord, TileStorage, TileWrite } from './tile-storage';

const TILE_BYTES = TILE_WIDTH * HASH_SIZE;
/**
 * Full tiles never change, so a small cache of them is always right. Level-0 tiles (and entry bundles) are
 * one per 256 leaves and a proof of a random leaf rarely meets one again; the levels above are few (one per
 * 65,536 leaves, 153 at 10M) and every proof goes through them: each kind has its own cache, so the first
 * cannot push the second out.
 */
const CACHE_SIZE = { leaves: 64, upper: 256 };

/** Keeps at most `size` entries, dropping the oldest. */
class Fifo<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    return this.entries.get(key);
  }
  set(key: string, value: V): void {
    if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, value);
  }
}

export interface NewLeaf {
  eventId: string;
  position: number;
  /** The entry (leaf data): the event's 32-byte chain hash. */
  entry: Buffer;
}

/** The rightmost, still growing tile of one level: a fixed buffer and how much of it is used. */
class PartialTile {
  readonly bytes = Buffer.alloc(TILE_BYTES);
  used = 0;

  push(hash: Uint8Array): void {
    this.bytes.set(hash, this.used);
    this.used += HASH_SIZE;
  }

  get full(): boolean {
    return this.used === TILE_BYTES;
  }

  copy(): Buffer {
    return Buffer.from(this.bytes.subarray(0, this.used));
  }
}

/**
 * The Merkle tree persisted as c2sp.org/tlog-tiles: level-0 tiles hold leaf hashes, level L+1 tiles hold the
 * roots of full level-L tiles, entry bundles hold the leaf data. Memory holds only the rightmost partial
 * tile of each level and a few cached full tiles, whatever the size of the log.
 */
export class TiledTree implements SubtreeHashes {
  private count: number;
  private readonly partials = new Map<number, PartialTile>();
  private readonly cache = {
    leaves: new Fifo<Buffer>(CACHE_SIZE.leaves),
    upper: new Fifo<Buffer>(CACHE_SIZE.upper),
  };
  /** Inner levels of recently used tiles (innerLevels). */
  private readonly inner = {
    leaves: new Fifo<Buffer[]>(CACHE_SIZE.leaves),
    upper: new Fifo<Buffer[]>(CACHE_SIZE.upper),
  };

  constructor(private readonly storage: TileStorage) {
    this.count = 0;
    this.reload();
  }

  /**
   * Re-reads the size and the rightmost partial tiles from storage: after another process (a second API
   * replica) appended. Full tiles in the cache never change, so they stay.
   */
  reload(): void {
    const storage = this.storage;
    this.count = storage.leafCount();
    this.partials.clear();
    // Reload the rightmost partial tile of every level (and the entries) from storage.
    for (const level of [ENTRIES_LEVEL, ...this.levels()]) {
      const height = Math.max(level, 0);
      const width = Math.floor(this.count / TILE_WIDTH ** height) % TILE_WIDTH;
      const partial = new PartialTile();
      if (width > 0) {
        const index = Math.floor(this.count / TILE_WIDTH ** (height + 1));
        const stored = storage.readTile(level, index);
        if (!stored || stored.length < width * HASH_SIZE) {
          throw new Error(`the tile store is damaged: tile ${level}/${index} is missing or short`);
        }
        partial.bytes.set(stored.subarray(0, width * HASH_SIZE));
        partial.used = width * HASH_SIZE;
      }
      this.partials.set(level, partial);
    }
  }

  get size(): number {
    return this.count;
  }

  /** The leaf the tree ends with (its event and position), undefined when empty. */
  lastLeaf(): LeafRecord | undefined {
    return this.count === 0 ? undefined : this.storage.leaf(this.count - 1);
  }

  leaf(index: number): LeafRecord | undefined {
    return this.storage.leaf(index);
  }

  leafOfEvent(eventId: string): LeafRecord | undefined {
    return this.storage.leafOfEvent(eventId);
  }

  /** Appends leaves and persists them with every tile they change, in one write. */
  append(leaves: readonly NewLeaf[]): void {
    if (leaves.length === 0) return;
    const dirty = new Map<string, TileWrite>();
    const records: LeafRecord[] = [];
    for (const leaf of leaves) {
      if (leaf.entry.length !== HASH_SIZE) throw new RangeError('an entry is a 32-byte event hash');
      const s = this.count;
      this.pushAt(ENTRIES_LEVEL, s, leaf.entry, dirty);
      let hash: Buffer | undefined = leafHash(leaf.entry);
      for (let level = 0; hash; level++) hash = this.pushAt(level, s, hash, dirty);
      records.push({ index: s, eventId: leaf.eventId, position: leaf.position });
      this.count += 1;
    }
    // Partial tiles are written as they stand at the end of the batch.
    for (const write of dirty.values()) {
      const partial = this.partials.get(write.level)!;
      if (write.bytes.length === 0) write.bytes = partial.copy();
    }
    try {
      this.storage.write([...dirty.values()], records);
    } catch (error) {
      // Memory is ahead of storage now (or storage moved on without us): start again from storage.
      this.reload();
      throw error;
    }
  }

  /** Adds `hash` to the partial tile of `level` for leaf s; returns the tile's root when that filled it. */
  private pushAt(
    level: number,
    s: number,
    hash: Uint8Array,
    dirty: Map<string, TileWrite>,
  ): Buffer | undefined {
    const height = Math.max(level, 0);
    let partial = this.partials.get(level);
    if (!partial) {
      partial = new PartialTile();
      this.partials.set(level, partial);
    }
    const index = Math.floor(s / TILE_WIDTH ** (height + 1));
    partial.push(hash);
    const key = `${level}/${index}`;
    if (!partial.full) {
      dirty.set(key, { level, index, bytes: Buffer.alloc(0) });
      return undefined;
    }
    const bytes = partial.copy();
    dirty.set(key, { level, index, bytes });
    this.partials.set(level, new PartialTile());
    return level === ENTRIES_LEVEL ? undefined : perfectRoot(bytes, TILE_WIDTH);
  }

  /** The hash tile levels that hold anything for the current size. */
  private levels(): number[] {
    const levels = [0];
    for (let level = 1; TILE_WIDTH ** level <= this.count; level++) levels.push(level);
    return levels;
  }

  /** Stored bytes of a tile (hash tiles: W hashes; entries: W entries of 32 bytes), at least `width` wide. */
  private tileBytes(level: number, index: number, width: number): Buffer | undefined {
    const height = Math.max(level, 0);
    const currentIndex = Math.floor(this.count / TILE_WIDTH ** (height + 1));
    if (index > currentIndex) return undefined;
    if (index === currentIndex) {
      const partial = this.partials.get(level);
      if (!partial || partial.used < width * HASH_SIZE) return undefined;
      return partial.bytes.subarray(0, width * HASH_SIZE);
    }
    const key = `${level}/${index}`;
    const cache = level >= 1 ? this.cache.upper : this.cache.leaves;
    let bytes = cache.get(key);
    if (!bytes) {
      bytes = this.storage.readTile(level, index);
      if (!bytes || bytes.length !== TILE_BYTES) {
        throw new Error(`the tile store is damaged: full tile ${key} is missing or short`);
      }
      cache.set(key, bytes);
    }
    return bytes.subarray(0, width * HASH_SIZE);
  }

  /** A hash tile or entry bundle as served by tlog-tiles; undefined when the tree is not that big yet. */
  tile(level: number, index: number, width: number): Buffer | undefined {
    const bytes = this.tileBytes(level, index, width);
    if (!bytes) return undefined;
    if (level !== ENTRIES_LEVEL) return Buffer.from(bytes);
    const entries: Buffer[] = [];
    for (let i = 0; i < width; i++) entries.push(bytes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
    return encodeEntryBundle(entries);
  }

  /** The entry (leaf data) of leaf i. */
  entry(index: number): Buffer {
    const bytes = this.tileBytes(ENTRIES_LEVEL, Math.floor(index / TILE_WIDTH), (index % TILE_WIDTH) + 1)!;
    const at = (index % TILE_WIDTH) * HASH_SIZE;
    return Buffer.from(bytes.subarray(at, at + HASH_SIZE));
  }

  /** Hash of the complete subtree of 2^level leaves starting at leaf index * 2^level. */
  hashAt(level: number, index: number): Buffer {
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const k = level % TILE_HEIGHT;
    const first = index * 2 ** k;
    const tileIndex = Math.floor(first / TILE_WIDTH);
    const offset = first % TILE_WIDTH;
    if (k > 0) {
      const hashes = this.innerLevels(tileLevel, tileIndex)?.[k - 1];
      // Absent when the subtree is not complete yet: the tile is read below, and that says so.
      if (hashes && offset >> k < hashes.length / HASH_SIZE) {
        return Buffer.from(hashAtOffset(hashes, offset >> k));
      }
    }
    const bytes = this.tileBytes(tileLevel, tileIndex, offset + 2 ** k);
    if (!bytes) throw new RangeError(`no complete subtree at level ${level}, index ${index}`);
    const hashes = bytes.subarray(offset * HASH_SIZE, (offset + 2 ** k) * HASH_SIZE);
    return k === 0 ? Buffer.from(hashes) : perfectRoot(hashes, 2 ** k);
  }

  /**
   * The levels inside a tile (1 to TILE_HEIGHT - 1: up to 128 hashes, 64, ... 2), computed once and cached: a
   * proof asks for one subtree hash per level, and rebuilding each from the tile's 256 hashes cost ~750
   * SHA-256 per proof at 1M leaves. The rightmost tile of a level is cached by its width: its complete
   * subtrees never change, and above level 0 it grows once per 256^level leaves.
   */
  private innerLevels(level: number, index: number): Buffer[] | undefined {
    const current = Math.floor(this.count / TILE_WIDTH ** (level + 1));
    if (index > current) return undefined;
    const width = index < current ? TILE_WIDTH : (this.partials.get(level)?.used ?? 0) / HASH_SIZE;
    const key = `${level}/${index}/${width}`;
    const cache = level >= 1 ? this.inner.upper : this.inner.leaves;
    let inner = cache.get(key);
    if (inner) return inner;
    let below = this.tileBytes(level, index, width);
    if (!below || width < 2) return undefined;
    inner = [];
    for (let nodes = width >> 1; nodes >= 1 && inner.length < TILE_HEIGHT - 1; nodes >>= 1) {
      const next = Buffer.allocUnsafe(nodes * HASH_SIZE);
      for (let i = 0; i < nodes; i++) {
        next.set(nodeHash(hashAtOffset(below, 2 * i), hashAtOffset(below, 2 * i + 1)), i * HASH_SIZE);
      }
      inner.push(next);
      below = next;
    }
    cache.set(key, inner);
    return inner;
  }

  close(): void {
    this.storage.close();
  }
}

/** The i-th 32-byte hash of a run of hashes. */
function hashAtOffset(hashes: Buffer, i: number): Buffer {
  return hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
}
