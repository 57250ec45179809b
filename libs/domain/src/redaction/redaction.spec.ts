import { type DomainEvent, EVENT_EXAMPLES, exampleEvent } from '../events';
import { evolve, initialTransactionState } from '../lifecycle';
import {
  classifyField,
  maskIdNumber,
  maskPersonName,
  maskPhone,
  redactedPointers,
  toPublicView,
  toSupervisorView,
} from '.';

describe('masks', () => {
  it('masks names 张** style, IDs keeping first 6 and last 4, phones 138****5678', () => {
    expect(maskPersonName('张三丰')).toBe('张**');
    expect(maskPersonName('王五')).toBe('王*');
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
    expect(maskIdNumber('320602198503151238')).toBe('320602********1238');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('classification', () => {
  it('personal identifiers are restricted, organisations public, flagged paths restricted', () => {
    expect(classifyField(['recipients', '0', 'idNumber'])).toBe('restricted');
    expect(classifyField(['recipients', '0', 'name'], [], true)).toBe('restricted');
    expect(classifyField(['winBidder', 'name'])).toBe('public');
    expect(classifyField(['candidates', '0', 'bidPrice'], ['candidates.0.bidPrice'])).toBe('restricted');
  });
});

describe('toPublicView', () => {
  it('housing allocation: recipients are named 张** with masked ID and phone; home address removed', () => {
    const event = exampleEvent('AwardPublished', 'housing');
    const view = toPublicView(event);
    const recipients = (view.data as { recipients: Array<Record<string, unknown>> }).recipients;
    expect(recipients[0]).toEqual({
      name: '张**',
      idNumber: '320602********1238',
      phone: '138****5678',
      dwelling: '幸福里1幢101室',
    });
    expect(JSON.stringify(view)).not.toContain('198503151238');
    expect(JSON.stringify(view)).not.toContain('青年中路');
    expect(view.redacted).toEqual(
      expect.arrayContaining([
        'data.recipients.0.name',
        'data.recipients.0.idNumber',
        'data.recipients.0.homeAddress',
      ]),
    );
  });

  it('keeps organisations, prices and dates as published', () => {
    const event = exampleEvent('CandidatesPublicized');
    const view = toPublicView(event);
    expect(view.data).toEqual(event.data);
    expect(view.redacted).toEqual(['metadata.correlationId']);
  });

  it('masks bank accounts and drops internal metadata', () => {
    const event = exampleEvent('ContractSigned', 'state_property');
    const view = toPublicView(event);
    expect(
      (view.data as { settlementAccount: { accountNumber: string } }).settlementAccount.accountNumber,
    ).toBe('********8901');
    expect(view.metadata).not.toHaveProperty('correlationId');
    expect(view.metadata).toMatchObject({
      publisher: event.metadata.publisher,
      sourceSystem: event.metadata.sourceSystem,
    });
  });

  it('removes what the publisher flags as commercial secrets', () => {
    const event = exampleEvent('CandidatesPublicized');
    const flagged = {
      ...event,
      metadata: { ...event.metadata, confidentialFields: ['candidates.1.evaluationScore'] },
    } as DomainEvent;
    const view = toPublicView(flagged);
    const candidates = (view.data as { candidates: Array<Record<string, unknown>> }).candidates;
    expect(candidates[1]).not.toHaveProperty('evaluationScore');
    expect(candidates[0]).toHaveProperty('evaluationScore', '92.35');
    expect(view.redacted).toContain('data.candidates.1.evaluationScore');
    expect(view.metadata).not.toHaveProperty('confidentialFields');
  });

  it("redacts a correction's restated stage as the stage: persons masked, flagged secrets removed", () => {
    const housing = toPublicView(exampleEvent('AwardCorrected', 'housing'));
    const recipients = (
      housing.data as { restated: { recipients: Array<{ idNumber: string; name: string }> } }
    ).restated.recipients;
    expect(recipients[0]!.idNumber).toBe('320602********1238');
    expect(recipients[0]!.name).toBe('张**');
    expect(housing.redacted).toContain('data.restated.recipients.0.idNumber');
    const event = exampleEvent('CandidatesCorrected');
    const flagged = {
      ...event,
      // Flagged as in the candidates publicity: the same field of the restated stage is hidden.
      metadata: { ...event.metadata, confidentialFields: ['candidates.1.evaluationScore'] },
    } as DomainEvent;
    const view = toPublicView(flagged);
    const candidates = (view.data as { restated: { candidates: Array<Record<string, unknown>> } }).restated
      .candidates;
    expect(candidates[1]).not.toHaveProperty('evaluationScore');
    expect(candidates[0]).toHaveProperty('evaluationScore');
    expect(view.redacted).toContain('data.restated.candidates.1.evaluationScore');
  });

  it('leaves the stored event unchanged; supervisors see everything', () => {
    const event = exampleEvent('AwardPublished', 'housing');
    const before = JSON.stringify(event);
    toPublicView(event);
    expect(JSON.stringify(event)).toBe(before);
    expect(toSupervisorView(event)).toEqual(event);
  });

  it('public views replay into a state like the full events (evolve stays total)', () => {
    for (const event of EVENT_EXAMPLES) {
      expect(() => evolve(initialTransactionState(), toPublicView(event))).not.toThrow();
    }
  });
});

describe('redactedPointers', () => {
  it('names what the public view hides as JSON pointers into the stored event', () => {
    const view = toPublicView(exampleEvent('AwardPublished', 'housing'));
    const pointers = redactedPointers(view);
    expect(pointers).toEqual(view.redacted.map((p) => `/${p.split('.').join('/')}`));
    expect(pointers).toContain('/data/recipients/0/idNumber');
    expect(redactedPointers({ redacted: ['data.a/b.c~d'] })).toEqual(['/data/a~1b/c~0d']);
  });
});
