import { isDeepStrictEqual } from 'node:util';
import type { MergeRules } from './merge-rules';

/**
 * OCDS merging (https://standard.open-contracting.org/1.1/en/schema/merging/): a contracting process's releases,
 * oldest first, into a compiled release (the latest value of every field) and a versioned release (every
 * field's history). Follows the reference implementation's algorithm (ocdsmerge): each release is flattened to
 * JSON paths, arrays of objects keyed by their items' `id` (identifier merge) unless a rule merges them whole;
 * `omitWhenMerged` fields are dropped; a `null` removes a field from the compiled release; a versioned field
 * gains an entry only when its value changes.
 */

export interface OcdsRelease {
  ocid: string;
  id: string;
  date: string;
  tag: string[];
  [field: string]: unknown;
}

export interface VersionEntry {
  releaseID: string;
  releaseDate: string;
  releaseTag: string[] | undefined;
  value: unknown;
}

/** A path part inside an array: the item's `id`, or a fresh identity for an item without one. */
interface ItemPart {
  identity: string;
  id: unknown;
}
type Part = string | ItemPart;
type FlatEntry = { path: Part[]; value: unknown };
/** Flat entries by their key, in first-insertion order (a later value keeps the key's place, as a dict does). */
type Flat = Map<string, FlatEntry>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Releases in date order; equal dates keep their given order (stream order). */
export function sortReleases<R extends { date: string }>(releases: readonly R[]): R[] {
  return releases
    .map((release, index) => ({ release, index, time: Date.parse(release.date) }))
    .sort((a, b) => a.time - b.time || a.index - b.index)
    .map((entry) => entry.release);
}

/** The compiled release: `tag: ['compiled']`, id `<ocid>-<date of the latest release>`. */
export function compileRelease(releases: readonly OcdsRelease[], rules: MergeRules): Record<string, unknown> {
  if (releases.length === 0) throw new RangeError('no release to compile');
  const merged: Flat = new Map();
  set(merged, ['tag'], ['compiled']);
  let fresh = 0;
  for (const release of sortReleases(releases)) {
    const { tag: _tag, ...rest } = release;
    const processed = processFlat(flatten(rest, rules), () => `new:${fresh++}`);
    set(merged, ['id'], `${release.ocid}-${release.date}`);
    set(merged, ['date'], release.date);
    set(merged, ['ocid'], release.ocid);
    for (const [key, entry] of processed) merged.set(key, entry);
  }
  return unflatten(merged, true);
}

/** The versioned release: every field's values with the release that set them. */
export function versionRelease(releases: readonly OcdsRelease[], rules: MergeRules): Record<string, unknown> {
  if (releases.length === 0) throw new RangeError('no release to version');
  const merged: Flat = new Map();
  let fresh = 0;
  for (const release of sortReleases(releases)) {
    const { ocid, tag, ...rest } = release;
    set(merged, ['ocid'], ocid);
    const processed = processFlat(flatten(rest, rules), () => `new:${fresh++}`);
    for (const [key, { path, value }] of processed) {
      const history = merged.get(key)?.value as VersionEntry[] | undefined;
      if (history && isDeepStrictEqual(history.at(-1)!.value, value)) continue;
      const entry: VersionEntry = {
        releaseID: release.id,
        releaseDate: release.date,
        releaseTag: tag,
        value,
      };
      if (history) history.push(entry);
      else merged.set(key, { path, value: [entry] });
    }
  }
  return unflatten(merged, false);
}

function set(flat: Flat, path: string[], value: unknown): void {
  flat.set(JSON.stringify(path), { path, value });
}

type RawPath = Array<string | number>;

/** JSON paths (array indexes as numbers) to values, by the merge rules. */
function flatten(
  value: unknown,
  rules: MergeRules,
  path: RawPath = [],
  out: Array<{ path: RawPath; value: unknown }> = [],
): Array<{ path: RawPath; value: unknown }> {
  const entries: Array<[string | number, unknown]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) out.push({ path, value: Array.isArray(value) ? [] : {} });
  for (const [key, child] of entries) {
    const childPath = [...path, key];
    const rule = rules.get(childPath.filter((part) => typeof part === 'string').join('.'));
    if (rule === 'omit') continue;
    const composite = Array.isArray(child) || isObject(child);
    if (!composite || rule === 'whole' || (Array.isArray(child) && child.some((item) => !isObject(item)))) {
      out.push({ path: childPath, value: child });
    } else if (Array.isArray(child) ? child.length > 0 : Object.keys(child).length > 0) {
      flatten(child, rules, childPath, out);
    }
  }
  return out;
}

/** Array indexes become item identities: the item's `id` within its array (identifier merge), else a fresh one. */
function processFlat(flat: Array<{ path: RawPath; value: unknown }>, freshIdentity: () => string): Flat {
  const byPath = new Map(flat.map((entry) => [JSON.stringify(entry.path), entry.value]));
  const identities = new Map<string, ItemPart>();
  const processed: Flat = new Map();
  for (const { path, value } of flat) {
    const parts: Part[] = path.map((part, end) => {
      if (typeof part === 'string') return part;
      const prefix = JSON.stringify(path.slice(0, end + 1));
      let identity = identities.get(prefix);
      if (!identity) {
        const id = byPath.get(JSON.stringify([...path.slice(0, end + 1), 'id']));
        identity =
          id === undefined || id === null
            ? { identity: freshIdentity(), id: undefined }
            : { identity: `id:${String(id)}`, id };
        identities.set(prefix, identity);
      }
      return identity;
    });
    processed.set(
      JSON.stringify(parts.map((part) => (typeof part === 'string' ? part : { i: part.identity }))),
      {
        path: parts,
        value,
      },
    );
  }
  return processed;
}

const identityOf = new WeakMap<object, string>();

function unflatten(flat: Flat, omitNulls: boolean): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const { path, value } of flat.values()) {
    let node: unknown = root;
    for (let end = 1; end <= path.length; end++) {
      const part = path[end - 1]!;
      if (typeof part !== 'string') {
        const list = node as Array<Record<string, unknown>>;
        let item = list.find((candidate) => identityOf.get(candidate) === part.identity);
        if (!item) {
          item = part.id === undefined ? {} : { id: part.id };
          identityOf.set(item, part.identity);
          list.push(item);
        }
        node = item;
        continue;
      }
      const object = node as Record<string, unknown>;
      const existing = object[part];
      if (existing !== undefined) {
        node = existing;
        continue;
      }
      if (end === path.length) {
        if (!(omitNulls && value === null)) object[part] = value;
        continue;
      }
      const next: unknown = typeof path[end] === 'string' ? {} : [];
      object[part] = next;
      node = next;
    }
  }
  return root;
}
