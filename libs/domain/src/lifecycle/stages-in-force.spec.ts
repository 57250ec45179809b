import { CORRECTED_LIFECYCLE_ORDER, exampleEvent, type DomainEvent } from '../events';
import { stagesInForce } from './stages-in-force';

const withData = (event: DomainEvent, data: Record<string, unknown>): DomainEvent =>
  ({ ...event, data: { ...event.data, ...data } }) as DomainEvent;

describe('stagesInForce', () => {
  const events = CORRECTED_LIFECYCLE_ORDER.map((type) => exampleEvent(type));
  const at = (type: string) => events.findIndex((e) => e.type === type);

  it('shows every stage with its changes applied: the corrected announcement, the varied contract', () => {
    const corrected = events.map((e) =>
      e.type === 'AnnouncementCorrected'
        ? withData(e, {
            bidDeadline: '2026-03-30T09:30:00+08:00',
            restatedAnnouncement: {
              ...(e.data as { restatedAnnouncement: object }).restatedAnnouncement,
              qualificationRequirements: '三级及以上',
            },
          })
        : e.type === 'ContractChanged'
          ? withData(e, { changeKind: 'variation', newContractAmount: '49910000.00' })
          : e,
    );
    const { stages, history } = stagesInForce(corrected);
    expect(stages.AnnouncementPublished).toMatchObject({
      bidDeadline: '2026-03-30T09:30:00+08:00',
      qualificationRequirements: '三级及以上',
    });
    expect(stages.ContractSigned).toMatchObject({ contractAmount: '49910000.00' });
    // The changes themselves stay readable under their own type.
    expect(stages.AnnouncementCorrected).toBe(corrected[at('AnnouncementCorrected')]!.data);
    expect(history.AnnouncementPublished!.map((r) => [r.revision, r.change])).toEqual([
      [at('AnnouncementPublished'), 'published'],
      [at('AnnouncementCorrected'), 'corrected'],
    ]);
    expect(history.ContractSigned!.map((r) => [r.revision, r.change])).toEqual([
      [at('ContractSigned'), 'published'],
      [at('ContractCorrected'), 'corrected'],
      [at('ContractChanged'), 'changed'],
    ]);
    // Every event is in the history of exactly one stage.
    const revisions = Object.values(history).flatMap((h) => h.map((r) => r.revision));
    expect(revisions.sort((a, b) => a - b)).toEqual(events.map((_, i) => i));
    expect(history.ComplaintDecided).toEqual([
      expect.objectContaining({ revision: at('ComplaintDecided'), change: 'published' }),
    ]);
    // Every later stage's correction is in that stage's history, and its restated data is in force.
    for (const [stage, correction] of [
      ['QualificationResultPublished', 'QualificationResultCorrected'],
      ['CandidatesPublicized', 'CandidatesCorrected'],
      ['AwardPublished', 'AwardCorrected'],
    ] as const) {
      expect(history[stage]!.map((r) => [r.revision, r.change])).toEqual([
        [at(stage), 'published'],
        [at(correction), 'corrected'],
      ]);
      const restated = (corrected[at(correction)]!.data as { restated: Record<string, unknown> }).restated;
      expect(stages[stage]).toMatchObject(restated);
    }
  });

  it('before a stage correction the stage reads as published, from it on as restated', () => {
    const candidates = at('CandidatesPublicized');
    const before = stagesInForce(events.slice(0, at('CandidatesCorrected'))).stages.CandidatesPublicized;
    expect(before).toBe(events[candidates]!.data);
    const after = stagesInForce(events.slice(0, at('CandidatesCorrected') + 1)).stages.CandidatesPublicized;
    expect(after).toMatchObject({ objectionChannel: '书面形式向招标人提出，联系电话0513-85000001' });
    // Both versions stay: the publicity's own event is untouched.
    expect((events[candidates]!.data as { objectionChannel: string }).objectionChannel).not.toBe(
      (after as { objectionChannel: string }).objectionChannel,
    );
  });

  it('before the change, the stage is as published; a new round starts the stages again', () => {
    expect(stagesInForce(events.slice(0, at('AnnouncementCorrected'))).stages.AnnouncementPublished).toBe(
      events[0]!.data,
    );
    const terminated = [
      ...events.slice(0, 2),
      exampleEvent('TransactionTerminated'),
      exampleEvent('AnnouncementPublished'),
    ];
    const { stages } = stagesInForce(terminated);
    expect(Object.keys(stages)).toEqual(['AnnouncementPublished']);
  });
});
