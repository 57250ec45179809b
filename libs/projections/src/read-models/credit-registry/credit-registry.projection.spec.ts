import { EXAMPLE_PARTIES, isBlacklistedAt } from '@gongkai/domain';
import { example, project, recorded, temporaryReadModels } from '../testing/read-model-fixtures';
import type { ReadModelHandle } from '../shared/read-model-handle';
import { creditRegistryProjection } from './credit-registry.projection';
import {
  blacklistEntriesOf,
  blacklistStatusAt,
  creditRegistryBlacklistLookup,
  getCreditProfile,
  listCreditSubjects,
} from './credit-registry.queries';
import { InvalidCursor } from '../shared/keyset';

const subject = EXAMPLE_PARTIES.third.creditCode;

describe('credit-registry read model', () => {
  let temp: ReturnType<typeof temporaryReadModels>;
  let handle: ReadModelHandle;

  beforeEach(() => {
    temp = temporaryReadModels();
    // Penalty and record decided 2026-04-10; serious listing decided 2026-04-15, shown to 2029-04-15,
    // removed after credit repair on 2027-05-20. Transaction events are not the registry's business.
    handle = project(
      temp.readModels,
      creditRegistryProjection,
      recorded([
        example('AnnouncementPublished'),
        example('PenaltyImposed'),
        example('CreditRecorded'),
        example('BlacklistEntered'),
        example('BlacklistRemoved'),
      ]),
    );
  });

  afterEach(() => temp.dispose());

  it("lists the subjects with a record in the caller's regions, a page at a time by credit code", () => {
    const other = EXAMPLE_PARTIES.runnerUp;
    const penalty = example('PenaltyImposed');
    const elsewhere = {
      ...penalty,
      id: '00000000-0000-4000-8000-0000000000aa',
      data: { ...(penalty.data as object), subject: other, decisionNumber: '苏住建罚字〔2026〕第1号' },
      metadata: { ...penalty.metadata, regionCode: '320506' },
    } as typeof penalty;
    const both = project(
      temp.readModels,
      creditRegistryProjection,
      recorded([example('PenaltyImposed'), elsewhere]),
    );
    const all = listCreditSubjects(both);
    expect(all.items.map((s) => s.creditCode)).toEqual([subject, other.creditCode].sort());
    // The beforeEach history is there too: its listing was removed after repair.
    expect(all.items.find((s) => s.creditCode === subject)).toMatchObject({
      blacklistEntries: 1,
      blacklistNotRemoved: 0,
    });
    expect(all.items.find((s) => s.creditCode === other.creditCode)).toMatchObject({
      penalties: 1,
      creditRecords: 0,
    });
    // A Nantong supervisor sees Nantong's subject only; a region inside its scope narrows the same way.
    expect(listCreditSubjects(both, { withinRegions: ['320600'] }).items.map((s) => s.creditCode)).toEqual([
      subject,
    ]);
    expect(listCreditSubjects(both, { region: '320500' }).items.map((s) => s.creditCode)).toEqual([
      other.creditCode,
    ]);
    expect(listCreditSubjects(both, { withinRegions: [] }).items).toEqual([]);
    const first = listCreditSubjects(both, { limit: 1 });
    expect(first.items).toHaveLength(1);
    const second = listCreditSubjects(both, { limit: 1, cursor: first.nextCursor! });
    expect(second.items.map((s) => s.creditCode)).not.toEqual(first.items.map((s) => s.creditCode));
    expect(second.nextCursor).toBeNull();
    expect(() => listCreditSubjects(both, { cursor: 'not-a-cursor' })).toThrow(InvalidCursor);
  });

  it('answers GET /v1/credit/{creditCode}: penalties, credit records and listings with display periods', () => {
    const profile = getCreditProfile(handle, subject, '2026-06-01T00:00:00Z')!;
    expect(profile).toMatchObject({
      creditCode: subject,
      name: EXAMPLE_PARTIES.third.name,
      blacklisted: true,
    });
    expect(profile.penalties).toEqual([
      expect.objectContaining({
        decisionNumber: '通住建罚字〔2026〕第12号',
        categories: ['罚款'],
        fineAmount: '13550.00',
        decidedOn: '2026-04-10',
        displayUntil: '2027-04-10',
        authority: EXAMPLE_PARTIES.authority,
        transactionId: '3206022026A000127001',
        displayed: true,
      }),
    ]);
    expect(profile.creditRecords).toEqual([
      expect.objectContaining({
        recordKind: 'dishonesty',
        severity: 'ordinary',
        recordNumber: 'XY-2026-0088',
        displayed: true,
      }),
    ]);
    expect(profile.blacklist).toEqual([
      expect.objectContaining({
        decisionNumber: '通住建失信〔2026〕第3号',
        severity: 'serious',
        decidedOn: '2026-04-15',
        // Order 36: serious dishonesty may be repaired after one year.
        repairableFrom: '2027-04-16',
        displayUntil: '2029-04-15',
        removedOn: '2027-05-20',
        removalReason: 'credit_repaired',
        repairDecisionNumber: '通发改信修〔2027〕第41号',
        restrictions: ['限制参与本市依法必须招标项目的投标'],
        inForce: true,
      }),
    ]);
  });

  it('judges what is shown at the instant asked about', () => {
    const later = getCreditProfile(handle, subject, '2027-06-01T00:00:00+08:00')!;
    expect(later.blacklisted).toBe(false);
    expect(later.blacklist[0]!.inForce).toBe(false);
    expect(later.penalties[0]!.displayed).toBe(false);
    expect(getCreditProfile(handle, subject, '2026-04-09T12:00:00+08:00')!.penalties[0]!.displayed).toBe(
      false,
    );
  });

  it('says whether a code is blacklisted at an instant, in China Standard Time, as the domain rule does', () => {
    const at = (instant: string) => blacklistStatusAt(handle, subject, instant).blacklisted;
    expect(at('2026-04-14T23:59:59+08:00')).toBe(false);
    // 2026-04-14T16:00Z is already 2026-04-15 in Beijing.
    expect(at('2026-04-14T16:00:00Z')).toBe(true);
    expect(at('2027-05-19T23:59:59+08:00')).toBe(true);
    expect(at('2027-05-20T00:00:00+08:00')).toBe(false);
    expect(blacklistStatusAt(handle, EXAMPLE_PARTIES.winner.creditCode, '2026-06-01T00:00:00Z')).toEqual({
      blacklisted: false,
      entries: [],
    });
    const entries = blacklistEntriesOf(handle, subject);
    for (const instant of [
      '2026-04-15T00:00:00+08:00',
      '2027-05-20T00:00:00+08:00',
      '2030-01-01T00:00:00Z',
    ]) {
      expect(at(instant)).toBe(isBlacklistedAt(entries, subject, instant));
    }
  });

  it('serves the decider as its blacklist lookup', () => {
    const lookup = creditRegistryBlacklistLookup(() => handle);
    expect(lookup(subject, '2026-06-01T00:00:00Z')).toHaveLength(1);
    expect(lookup(subject, '2028-01-01T00:00:00Z')).toEqual([]);
  });

  it('knows nothing of a code with no record', () => {
    expect(getCreditProfile(handle, EXAMPLE_PARTIES.winner.creditCode)).toBeUndefined();
  });

  it('ignores a removal naming a listing the subject does not have', () => {
    const stray = example('BlacklistRemoved', 'engineering', {
      data: { entryDecisionNumber: '不存在〔2026〕第9号' },
    });
    const entry = example('BlacklistEntered', 'engineering', {
      data: { decisionNumber: '通住建失信〔2026〕第8号' },
    });
    creditRegistryProjection.apply(handle.db, handle.tables, recorded([entry, stray], 10)[1]!);
    creditRegistryProjection.apply(handle.db, handle.tables, recorded([entry], 11)[0]!);
    expect(
      blacklistStatusAt(handle, subject, '2028-01-01T00:00:00Z').entries.map((e) => e.decisionNumber),
    ).toEqual(['通住建失信〔2026〕第8号']);
  });
});
