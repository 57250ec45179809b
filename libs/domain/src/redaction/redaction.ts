import { type DomainEvent, isCorrectionEventType, restatementField } from '../events';
import { maskAccountNumber, maskIdNumber, maskPersonName, maskPhone } from './masks';

export { maskIdNumber, maskPersonName, maskPhone } from './masks';

/**
 * Field classes (政府信息公开条例 §15: personal privacy and commercial secrets are not disclosed without
 * consent; housing allocation results name recipients, so names are shown masked):
 * - `public`: shown as stored;
 * - `restricted`: personal ID numbers, phones, home addresses, bank accounts, names of natural persons, and
 *   any path the publisher flags in `metadata.confidentialFields` as a commercial secret: masked or removed;
 * - `internal`: working metadata for the service and supervisors (correlation, findings): removed.
 * Supervisors see everything (`toSupervisorView`).
 */
export type FieldClass = 'public' | 'restricted' | 'internal';

type Treatment = { class: FieldClass; action: 'keep' | 'mask' | 'remove'; why: string };

/** Classification by field name, wherever the field appears in the data. */
export const FIELD_CLASSIFICATION: Readonly<Record<string, Treatment>> = {
  idNumber: { class: 'restricted', action: 'mask', why: '公民身份号码: first 6 and last 4 kept' },
  phone: { class: 'restricted', action: 'mask', why: 'phone number: first 3 and last 4 kept' },
  homeAddress: { class: 'restricted', action: 'remove', why: 'home address of a natural person' },
  accountNumber: { class: 'restricted', action: 'mask', why: 'bank account: last 4 kept' },
  /** Only for natural persons (objects with an idNumber); organisations' names are public. */
  'person.name': { class: 'restricted', action: 'mask', why: 'natural person: surname kept (张**)' },
};

/** Metadata fields not shown to the public. */
export const INTERNAL_METADATA_FIELDS = [
  'correlationId',
  'causationId',
  'confidentialFields',
  'findings',
] as const;

/** The class of a data field at `path` (e.g. `['recipients', '0', 'idNumber']`), given whether its owner is a person. */
export function classifyField(
  path: readonly string[],
  confidentialPaths: readonly string[] = [],
  ownerIsPerson = false,
): FieldClass {
  const dotted = path.join('.');
  if (confidentialPaths.some((p) => dotted === p || dotted.startsWith(`${p}.`))) return 'restricted';
  const key = path[path.length - 1] ?? '';
  if (key === 'name' && ownerIsPerson) return 'restricted';
  return FIELD_CLASSIFICATION[key]?.class ?? 'public';
}

/**
 * The public view keeps the event's shape so it can be replayed and served like any event; `redacted` lists
 * the paths masked or removed. Fields a publisher flagged as commercial secrets are absent even when the schema
 * requires them.
 */
export type PublicEventView = DomainEvent & { redacted: string[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function redactValue(
  value: unknown,
  path: string[],
  confidential: readonly string[],
  redacted: string[],
): unknown {
  if (Array.isArray(value))
    return value.map((item, index) => redactValue(item, [...path, String(index)], confidential, redacted));
  if (!isRecord(value)) return value;
  const isPerson = typeof value['idNumber'] === 'string';
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childPath = [...path, key];
    const dotted = childPath.join('.');
    if (confidential.some((p) => dotted === p)) {
      redacted.push(`data.${dotted}`);
      continue;
    }
    if (classifyField(childPath, [], isPerson) === 'restricted' && typeof child === 'string') {
      const masked = maskField(key, child, isPerson);
      redacted.push(`data.${dotted}`);
      if (masked !== undefined) out[key] = masked;
      continue;
    }
    out[key] = redactValue(child, childPath, confidential, redacted);
  }
  return out;
}

function maskField(key: string, value: string, isPerson: boolean): string | undefined {
  switch (key) {
    case 'idNumber':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'accountNumber':
      return maskAccountNumber(value);
    case 'name':
      return isPerson ? maskPersonName(value) : value;
    default:
      return undefined;
  }
}

/**
 * The paths flagged as commercial secrets. In a correction the stage's own paths (`candidates.0.bidPrice`) also
 * name the same field of the restated stage (`restated.candidates.0.bidPrice`), so a publisher flags a field of a
 * correction as it flagged it in the stage.
 */
function confidentialPathsOf(event: DomainEvent): string[] {
  const paths = event.metadata.confidentialFields ?? [];
  if (!isCorrectionEventType(event.type)) return [...paths];
  const prefix = restatementField(event.type);
  return [...paths, ...paths.filter((p) => !p.startsWith(`${prefix}.`)).map((p) => `${prefix}.${p}`)];
}

/**
 * The event as the public may see it: personal data masked (张**, 320602********1238, 138****5678), home
 * addresses and flagged commercial secrets removed, internal metadata dropped. Pure: the input is not changed.
 */
export function toPublicView(event: DomainEvent): PublicEventView {
  const redacted: string[] = [];
  const confidential = confidentialPathsOf(event);
  const data = redactValue(event.data, [], confidential, redacted) as Record<string, unknown>;
  const metadata: Record<string, unknown> = { ...event.metadata };
  for (const field of INTERNAL_METADATA_FIELDS) {
    if (field in metadata) {
      delete metadata[field];
      redacted.push(`metadata.${field}`);
    }
  }
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data,
    metadata,
    redacted,
  } as PublicEventView;
}

/**
 * The paths a public view hides (its `redacted` list, `data.recipients.0.phone`), as JSON pointers into the stored
 * event (`/data/recipients/0/phone`): what the store commits to with salted hashes, so that the public view can be
 * checked against the log without them (docs/integrity.md §10).
 */
export function redactedPointers(view: Pick<PublicEventView, 'redacted'>): string[] {
  return view.redacted.map(
    (dotted) =>
      `/${dotted
        .split('.')
        .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
        .join('/')}`,
  );
}

/** Supervisors (监督部门) see the event as stored. */
export function toSupervisorView(event: DomainEvent): DomainEvent {
  return structuredClone(event);
}
