import type { EventType } from './catalogue';
import { EVENT_TYPES } from './catalogue';

/**
 * Schema versions and upcasters. Stored events are never rewritten: an event written under an older schema is
 * upcast step by step (v1 → v2 → …) when read. Every type is at version 1 today, so the registry is empty; a
 * new version adds `UPCASTERS[type][oldVersion] = (data) => newData` and bumps `CURRENT_SCHEMA_VERSION[type]`.
 */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<EventType, number>> = Object.fromEntries(
  EVENT_TYPES.map((type) => [type, 1]),
) as Record<EventType, number>;

export type Upcaster = (data: unknown) => unknown;

export const UPCASTERS: Readonly<Partial<Record<EventType, Readonly<Record<number, Upcaster>>>>> = {};

export class UnknownSchemaVersion extends Error {
  readonly code = 'UNKNOWN_SCHEMA_VERSION' as const;
  constructor(
    readonly type: EventType,
    readonly version: number,
  ) {
    super(`No upcaster path for ${type} from schema version ${version} to ${CURRENT_SCHEMA_VERSION[type]}`);
    this.name = 'UnknownSchemaVersion';
  }
}

/**
 * Bring stored data to the current schema version.
 * @throws UnknownSchemaVersion for a version newer than the code or with a gap in the upcasters
 */
export function upcast(
  type: EventType,
  schemaVersion: number,
  data: unknown,
  upcasters: Partial<Record<EventType, Readonly<Record<number, Upcaster>>>> = UPCASTERS,
  currentVersions: Readonly<Record<EventType, number>> = CURRENT_SCHEMA_VERSION,
): { schemaVersion: number; data: unknown } {
  const target = currentVersions[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > target) {
    throw new UnknownSchemaVersion(type, schemaVersion);
  }
  let version = schemaVersion;
  let current = data;
  while (version < target) {
    const step = upcasters[type]?.[version];
    if (!step) throw new UnknownSchemaVersion(type, schemaVersion);
    current = step(current);
    version += 1;
  }
  return { schemaVersion: version, data: current };
}
