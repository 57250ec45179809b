import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MerkleLog, consistencyPath, inclusionPath, treeRoot, perfectRoot } from './merkle';
import { SqliteTileStorage } from './tile-storage';
import { TiledTree } from './tiled-tree';
import { ENTRIES_LEVEL, decodeEntryBundle, encodeTileIndex, parseTilePath, tilePath } from './tiles';

describe('TiledTree (c2sp.org/tlog-tiles in SQLite)', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-tiles-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const open = () => new TiledTree(SqliteTileStorage.open(path.join(dir, 'tiles.db')));

  it('gives the same roots and proofs as the in-memory tree, across reopens, past two tile levels', () => {
    const memory = new MerkleLog();
    let tree = open();
    const sizes = [1, 255, 256, 257, 511, 65535, 65536, 65537, 70_001];
    let n = 0;
    for (const target of sizes) {
      const batch = [];
      for (; n < target; n++) {
        const entry = randomBytes(32);
        memory.append(entry);
        batch.push({ eventId: `e${n}`, position: n + 1, entry });
      }
      tree.append(batch);
      tree.close();
      tree = open();
      expect(tree.size).toBe(target);
      for (const m of [1, Math.ceil(target / 3), target - 1, target].filter((x) => x > 0)) {
        expect(treeRoot(tree, m)).toEqual(memory.root(m));
        expect(inclusionPath(tree, m - 1, target)).toEqual(memory.inclusionProof(m - 1, target));
        expect(consistencyPath(tree, m, target)).toEqual(memory.consistencyProof(m, target));
      }
    }
    // Every complete subtree's hash (those inside full tiles come from their cached inner levels), and
    // proofs of leaves spread over the tree, twice (the second time from the cache).
    for (let level = 1; 2 ** level <= n; level++) {
      const complete = Math.floor(n / 2 ** level);
      for (const index of new Set(
        [0, 1, complete >> 1, complete - 2, complete - 1].filter((i) => i >= 0 && i < complete),
      )) {
        expect(tree.hashAt(level, index)).toEqual(memory.hashAt(level, index));
      }
    }
    for (let round = 0; round < 2; round++) {
      for (let leaf = 0; leaf < n; leaf += 997) {
        expect(inclusionPath(tree, leaf, n)).toEqual(memory.inclusionProof(leaf, n));
        expect(consistencyPath(tree, leaf + 1, n)).toEqual(memory.consistencyProof(leaf + 1, n));
      }
    }
    // Tiles as served: a tree of 70,001 has 273 full level-0 tiles and a partial of width 113, one full
    // level-1 tile and a partial one of width 17, and a partial level-2 tile of width 1.
    expect(tree.tile(0, 273, 113)).toHaveLength(113 * 32);
    expect(tree.tile(0, 273, 114)).toBeUndefined();
    expect(tree.tile(1, 0, 256)).toHaveLength(8192);
    expect(tree.tile(1, 1, 17)).toHaveLength(17 * 32);
    expect(tree.tile(2, 0, 1)).toEqual(memory.root(65536));
    // Level-1 hash i is the root of full level-0 tile i; an entry hashes to its level-0 hash.
    expect(tree.tile(1, 0, 1)).toEqual(perfectRoot(tree.tile(0, 0, 256)!, 256));
    const bundle = decodeEntryBundle(tree.tile(ENTRIES_LEVEL, 273, 113)!);
    expect(bundle).toHaveLength(113);
    expect(bundle[0]).toEqual(tree.entry(273 * 256));
    expect(tree.leaf(70_000)).toEqual({ index: 70_000, eventId: 'e70000', position: 70_001 });
    expect(tree.leafOfEvent('e5')).toEqual({ index: 5, eventId: 'e5', position: 6 });
    tree.close();
  });

  it('keeps giving the right hashes from one instance while its rightmost tiles grow', () => {
    const memory = new MerkleLog();
    const tree = open();
    let n = 0;
    try {
      while (n < 600) {
        const batch = [];
        for (const end = n + 37; n < end; n++) {
          const entry = randomBytes(32);
          memory.append(entry);
          batch.push({ eventId: `e${n}`, position: n + 1, entry });
        }
        tree.append(batch);
        // Every complete subtree, those in the growing tiles included (cached by the width they had).
        for (let level = 1; 2 ** level <= n; level++) {
          for (let index = 0; (index + 1) * 2 ** level <= n; index++) {
            expect(tree.hashAt(level, index)).toEqual(memory.hashAt(level, index));
          }
        }
        expect(treeRoot(tree, n)).toEqual(memory.root(n));
        expect(inclusionPath(tree, n - 1, n)).toEqual(memory.inclusionProof(n - 1, n));
      }
    } finally {
      tree.close();
    }
  });

  it('names tiles as tlog-tiles does, and parses only canonical names', () => {
    expect(encodeTileIndex(1234067)).toBe('x001/x234/067');
    expect(encodeTileIndex(5)).toBe('005');
    expect(tilePath({ level: 0, index: 1234067, width: 256 })).toBe('tile/0/x001/x234/067');
    expect(tilePath({ level: ENTRIES_LEVEL, index: 3, width: 7 })).toBe('tile/entries/003.p/7');
    expect(parseTilePath('0/x001/x234/067')).toEqual({ level: 0, index: 1234067, width: 256 });
    expect(parseTilePath('entries/003.p/7')).toEqual({ level: ENTRIES_LEVEL, index: 3, width: 7 });
    for (const bad of [
      '0/3',
      '00/003',
      '0/x000/003',
      '0/003.p/256',
      '0/003.p/0',
      '0/003.p/07',
      '64/000',
      'x/000',
    ]) {
      expect(parseTilePath(bad)).toBeUndefined();
    }
  });
});
