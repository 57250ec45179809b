import {
  creditBlacklistEntries,
  evolveCredit,
  initialCreditState,
  type BlacklistEntry,
  type CreditState,
} from '@gongkai/domain';
import { POSITION_ZERO, type EventStore, type Position } from '@gongkai/event-store';
import { fromRecordedEvent } from './event-codec';

/** The credit events that make or end a listing, in credit streams: all the index reads. */
const LISTING_EVENTS = {
  streamPrefixes: ['credit-'],
  eventTypes: ['BlacklistEntered', 'BlacklistRemoved'],
};

/** Events per read while catching up. */
const PAGE = 1_000;

/**
 * The one blacklist source of the transaction decider: every listing in the store's credit streams, folded
 * per subject, kept in memory and read forward from a checkpoint. Before a decision it catches up to the
 * store's head as it stands then (`headPosition`, read before the events), so a listing committed before the
 * decision began is always seen, whichever process appended it (the CLI, another replica, an import): the
 * decision never rests on a lagging copy. A listing committed while the decision runs is as much a race as it
 * was with per-append stream reads. Catching up reads only the listing events after the checkpoint, where each
 * append used to read and replay the whole credit stream of every party it named.
 */
export class BlacklistIndex {
  private readonly subjects = new Map<string, CreditState>();
  private checkpoint: Position = POSITION_ZERO;
  /** The catch-up reading now; at most one at a time (they fold into `subjects`). */
  private running?: Promise<void>;
  /** The one catch-up every caller arriving during `running` waits for: it starts when `running` ends. */
  private queued?: Promise<void>;

  constructor(private readonly store: EventStore) {}

  /** The listings of these subjects, as of the store's head now. */
  async entriesFor(creditCodes: Iterable<string>): Promise<BlacklistEntry[]> {
    await this.catchUp();
    const entries: BlacklistEntry[] = [];
    for (const code of creditCodes) {
      const state = this.subjects.get(code);
      if (state) entries.push(...creditBlacklistEntries(state));
    }
    return entries;
  }

  /**
   * A caller arriving while a catch-up runs cannot rely on it (it may have read the head before the caller
   * arrived), so it waits for the next one, which starts after it; all such callers share that next one,
   * instead of each running its own in turn (16 concurrent appends made 16 catch-ups, one after another).
   */
  private catchUp(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    this.queued = queued;
    return queued;
  }

  private start(): Promise<void> {
    const run = this.readForward().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async readForward(): Promise<void> {
    // The head first: every event at or before it is committed, so reading after the checkpoint sees them all.
    const head = await this.store.headPosition();
    // Nothing committed since the last catch-up (every decision of a group commit after the first): the
    // head is one cheap lookup, the filtered read several times its cost.
    if (head <= this.checkpoint) return;
    for (;;) {
      const page = await this.store.readAll({
        from: { after: this.checkpoint },
        maxCount: PAGE,
        filter: LISTING_EVENTS,
      });
      for (const recorded of page) {
        const event = fromRecordedEvent(recorded);
        const code = (event.data as { subject: { creditCode: string } }).subject.creditCode;
        this.subjects.set(code, evolveCredit(this.subjects.get(code) ?? initialCreditState(), event));
        this.checkpoint = recorded.position;
      }
      if (page.length < PAGE) break;
    }
    if (head > this.checkpoint) this.checkpoint = head;
  }
}
