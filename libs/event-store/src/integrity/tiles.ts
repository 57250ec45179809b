/**
 * c2sp.org/tlog-tiles: the tree served as tiles of height 8. Tile `L/N` holds the hashes of tree level
 * 8L with indexes 256N .. 256N+255; an entry bundle `entries/N` holds the entries behind level-0 tile N.
 */

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 256;
/** The level used in storage for entry bundles (hash tiles are 0, 1, 2, ...). */
export const ENTRIES_LEVEL = -1;

export interface TileRef {
  /** Tile level (hash tiles) or ENTRIES_LEVEL. */
  level: number;
  index: number;
  /** 1..256; 256 is a full tile (no `.p/` suffix). */
  width: number;
}

/** `x001/x234/067` for 1234067: zero-padded 3-digit elements, all but the last prefixed with `x`. */
export function encodeTileIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`bad tile index ${index}`);
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

/** The path below the log prefix: `tile/<L>/<N>[.p/<W>]` or `tile/entries/<N>[.p/<W>]`. */
export function tilePath(tile: TileRef): string {
  const level = tile.level === ENTRIES_LEVEL ? 'entries' : String(tile.level);
  const suffix = tile.width < TILE_WIDTH ? `.p/${tile.width}` : '';
  return `tile/${level}/${encodeTileIndex(tile.index)}${suffix}`;
}

/**
 * Parses what follows `tile/` in a request path; undefined when it is not a canonical tile path (leading
 * zeros, bad groups, width out of 1..255, level above 63), so each resource has exactly one name.
 */
export function parseTilePath(rest: string): TileRef | undefined {
  const match = /^(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*)([0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(
    rest,
  );
  if (!match) return undefined;
  const level = match[1] === 'entries' ? ENTRIES_LEVEL : Number(match[1]);
  if (level > 63) return undefined;
  const groups = [
    ...match[2]!
      .split('/')
      .filter((g) => g.length > 0)
      .map((g) => g.slice(1)),
    match[3]!,
  ];
  // A leading group of 000 would give the same index a second name.
  if (groups.length > 1 && groups[0] === '000') return undefined;
  const index = groups.reduce((n, g) => n * 1000 + Number(g), 0);
  if (!Number.isSafeInteger(index)) return undefined;
  const width = match[4] === undefined ? TILE_WIDTH : Number(match[4]);
  if (width < 1 || width >= TILE_WIDTH + (match[4] === undefined ? 1 : 0)) return undefined;
  return { level, index, width };
}

/** An entry bundle: each entry as a big-endian uint16 length followed by its bytes. */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.length > 0xffff) throw new RangeError('a tlog-tiles entry is at most 65535 bytes');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(entry.length);
    parts.push(length, Buffer.from(entry));
  }
  return Buffer.concat(parts);
}

export function decodeEntryBundle(bundle: Uint8Array): Buffer[] {
  const entries: Buffer[] = [];
  const bytes = Buffer.from(bundle);
  let at = 0;
  while (at < bytes.length) {
    if (at + 2 > bytes.length) throw new RangeError('truncated entry bundle');
    const length = bytes.readUInt16BE(at);
    if (at + 2 + length > bytes.length) throw new RangeError('truncated entry bundle');
    entries.push(bytes.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}
