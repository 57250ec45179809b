import { parseStoredEvent, redactedPointers, toPublicView } from '@gongkai/domain';
import {
  committedForm,
  committedText,
  committedEntry,
  presentPointers,
  type RecordedEvent,
} from '@gongkai/event-store';
import type { Integrity } from '../core/open-integrity';
import { Problem } from '../../../platform/http/problem';
import { signedInclusion } from './log-access';

/** What an auditor needs to check an event's public view against the signed log (docs/integrity.md §10). */
export interface VerifiablePublicView {
  eventId: string;
  /** Always 2 here: the entry is the SHA-256 of `committed`. */
  leafFormat: 2;
  leafIndex: number;
  treeSize: number;
  /** The committed form as canonical JSON (RFC 8785): hidden values replaced by their salted commitments. */
  committed: string;
  /** SHA-256 of `committed` (hex): the tlog entry of the event. */
  entry: string;
  /** JSON pointers of the hidden values (their commitments are in `committed`). */
  hidden: string[];
  /** c2sp.org/tlog-proof of the entry in the latest checkpoint (with cosignatures); its extra is `committed`. */
  proof: string;
}

/**
 * The public view of an event in its committed form, with its inclusion proof against the latest checkpoint.
 * Refused (409) for events logged before commitments (leaf format 1), and for any event whose committed form
 * would disclose a value the redaction policy hides today (a policy changed since the event was stored).
 */
export async function verifiablePublicView(
  integrity: Integrity,
  eventId: string,
): Promise<VerifiablePublicView> {
  const { checkpoint, note, index, path } = await signedInclusion(integrity, eventId);
  const event = await storedEventAt(integrity, index, eventId);
  const committed = committedForm(event);
  if (!committed) {
    throw new Problem(
      'conflict',
      `Event ${eventId} was logged before verifiable public views (leaf format 1): its log entry is the hash of the full event, which its public view cannot reproduce`,
      { leafFormat: 1, leafIndex: index },
    );
  }
  assertPolicyHidden(event, committed.committed);
  const text = committedText(committed);
  const entry = committedEntry(text);
  if (!entry.equals(integrity.log.tree.entry(index))) {
    throw new Problem(
      'unavailable',
      `The stored event ${eventId} no longer matches leaf ${index} of the log`,
      {
        leafIndex: index,
      },
    );
  }
  return {
    eventId,
    leafFormat: 2,
    leafIndex: index,
    treeSize: checkpoint.treeSize,
    committed: text,
    entry: entry.toString('hex'),
    hidden: committed.committed,
    proof: note({ extra: Buffer.from(text, 'utf8'), path }),
  };
}

async function storedEventAt(integrity: Integrity, index: number, eventId: string): Promise<RecordedEvent> {
  const event = await integrity.log.eventAtLeaf(index);
  if (event?.id !== eventId) {
    throw new Problem('unavailable', `The store no longer holds event ${eventId} where the log recorded it`);
  }
  return event;
}

/** Every value today's public view hides must be a commitment, else serving the committed form would leak it. */
function assertPolicyHidden(event: RecordedEvent, committed: readonly string[]): void {
  const parsed = parseStoredEvent(event);
  if (!parsed.success) {
    throw new Problem('conflict', `Event ${event.id} has no public view: it does not read as a domain event`);
  }
  const hidden = presentPointers(event, redactedPointers(toPublicView(parsed.event)));
  const plain = hidden.filter((p) => !committed.some((c) => p === c || p.startsWith(`${c}/`)));
  if (plain.length > 0) {
    throw new Problem(
      'conflict',
      `Event ${event.id} was committed under an earlier redaction policy: its committed form would disclose ${plain.join(', ')}`,
      { plain },
    );
  }
}
