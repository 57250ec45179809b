import { exampleEvent, LIFECYCLE_ORDER, type DomainEvent } from '../events';
import { stagesInForce } from './stages-in-force';

const withData = (event: DomainEvent, data: Record<string, unknown>): DomainEvent =>
  ({ ...event, data: { ...event.data, ...data } }) as DomainEvent;

describe('stagesInForce', () => {
  const events = LIFECYCLE_ORDER.map((type) => exampleEvent(type));
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
      [at('ContractChanged'), 'changed'],
    ]);
    // Every event is in the history of exactly one stage.
    const revisions = Object.values(history).flatMap((h) => h.map((r) => r.revision));
    expect(revisions.sort((a, b) => a - b)).toEqual(events.map((_, i) => i));
    for (const type of [
      'QualificationResultPublished',
      'CandidatesPublicized',
      'AwardPublished',
      'ComplaintDecided',
    ])
      expect(history[type]).toEqual([expect.objectContaining({ revision: at(type), change: 'published' })]);
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
