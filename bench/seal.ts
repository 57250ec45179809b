/**
 * Per append, the Merkle log's share of the CPU (issue 9): the chain hash the store computes when it seals an
 * event, and the log entry the Merkle log needs for it (for an event with commitments, leaf format 2, the hash
 * of its committed form).
 *
 *   npx tsx bench/seal.ts [--rounds 30] [--json]
 *
 * Before (the peer, same run): the store's `chainHash`, then the log's `logEntry` of the event as read back.
 * After: `sealHashes` (both from one canonicalisation of data and metadata) and the log taking the entry from
 * the in-process handover (`SealedEntries`). The events are the procurement lifecycle the HTTP bench appends,
 * stored as the write engine stores them (`toStoredEvent`: salts for every value the public view hides). The
 * read back of the event by the log (SQL and JSON decoding) is the same in both and not counted. CPU time of
 * this process per event; rounds alternate, and the minimum and median are reported (the machine is shared).
 */
import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import { LIFECYCLE_ORDER, exampleEvent, type DomainEvent } from '@gongkai/domain';
import {
  GENESIS_HASH,
  SALTS_KEY,
  SealedEntries,
  chainHash,
  logEntry,
  newSalts,
  presentPointers,
  sealHashes,
  type RecordedEvent,
} from '@gongkai/event-store';
import { toStoredEvent } from '@gongkai/write-engine';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 30;
const json = args.includes('--json');

/** The sealed events of one procurement lifecycle per round, as the store holds them. */
function sealed(): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (let copy = 0; copy < 50; copy++) {
    let prevHash = GENESIS_HASH;
    LIFECYCLE_ORDER.forEach((type, revision) => {
      const example = exampleEvent(type, 'procurement') as DomainEvent;
      const stored = toStoredEvent({ ...example, id: randomUUID() } as DomainEvent, []);
      const metadata = stored.metadata ?? {};
      const pointers = presentPointers({ data: stored.data, metadata }, stored.commit ?? []);
      const event = {
        id: stored.id,
        type: stored.type,
        streamId: `txn-bench-${copy}`,
        revision,
        data: stored.data,
        metadata: { ...metadata, [SALTS_KEY]: newSalts(pointers) },
        recordedAt: '2026-11-27T08:00:00.000Z',
        prevHash,
        hash: '',
        position: out.length + 1,
      };
      event.hash = chainHash(prevHash, event);
      prevHash = event.hash;
      out.push(event);
    });
  }
  return out;
}

function cpuUs(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function main(): void {
  const events = sealed();
  // The log reads each event back: fresh objects, decoded from the stored JSON.
  const readBack = events.map((e) => ({
    ...e,
    data: JSON.parse(JSON.stringify(e.data)),
    metadata: JSON.parse(JSON.stringify(e.metadata)),
  }));
  const handover = new SealedEntries(events.length);
  const before: number[] = [];
  const after: number[] = [];
  for (let round = 0; round < rounds; round++) {
    before.push(
      cpuUs(() => {
        for (const e of events) chainHash(e.prevHash, e);
        for (const e of readBack) logEntry(e);
      }) / events.length,
    );
    after.push(
      cpuUs(() => {
        for (const e of events) {
          const hashes = sealHashes(e)!;
          handover.put(e.id, hashes.hash, hashes.entry);
        }
        for (const e of readBack) if (!handover.take(e.id, e.hash)) logEntry(e);
      }) / events.length,
    );
  }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { minUs: +sorted[0]!.toFixed(1), medianUs: +sorted[Math.floor(sorted.length / 2)]!.toFixed(1) };
  };
  const hidden = events.filter((e) => Object.keys(e.metadata[SALTS_KEY] as object).length > 0).length;
  const figures = {
    bench: 'seal',
    events: events.length,
    withHiddenValues: hidden,
    before: stats(before),
    after: stats(after),
    loadAverage: +os.loadavg()[0]!.toFixed(1),
  };
  if (json) console.log(JSON.stringify(figures));
  else console.log(figures);
}

main();
