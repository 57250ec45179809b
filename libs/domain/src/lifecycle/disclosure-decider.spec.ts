import { DISCLOSURE_KIND_CATALOGUE, DISCLOSURE_KINDS, type DisclosureKind } from '../catalogues';
import {
  type DomainEvent,
  DISCLOSURE_MAX_LINKS,
  EXAMPLE_DEPARTMENTS,
  EXAMPLE_PARTIES,
  exampleDisclosure,
  exampleEvent,
  parseStreamId,
  streamIdFor,
  TEXT_MAX_CHARS,
} from '../events';
import { toPublicView } from '../redaction';
import { deciderSpecification } from '../testing/decider-specification';
import { decideCredit, initialCreditState, evolveCredit } from './credit-decider';
import { decideDisclosure, evolveDisclosure, initialDisclosureState } from './disclosure-decider';
import { reevaluateFindings } from './reevaluation';
import { statutoryCalendar } from '../calendar';
import { decide, evolve, initialTransactionState } from './index';

/** The disclosure decider under the domain's one decider specification. */
const given = deciderSpecification({
  initialState: initialDisclosureState,
  evolve: evolveDisclosure,
  decide: decideDisclosure,
});

let counter = 0;
/** A copy of an event with a fresh id and the given data and metadata changes. */
function variant(
  event: DomainEvent,
  data: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
  type: DomainEvent['type'] = event.type,
): DomainEvent {
  counter += 1;
  return {
    ...event,
    id: `10000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`,
    type,
    data: { ...(event.data as Record<string, unknown>), ...data },
    metadata: { ...event.metadata, ...metadata },
  } as DomainEvent;
}

const amendmentOf = (published: DomainEvent, data: Record<string, unknown> = {}, metadata = {}) =>
  variant(
    published,
    { reason: '数据更正', ...data },
    { occurredAt: '2026-03-20T09:00:00+08:00', publishedAt: '2026-03-23T09:00:00+08:00', ...metadata },
    'DisclosureAmended',
  );

describe('who may publish a disclosure outside a transaction (attacks first)', () => {
  it.each(DISCLOSURE_KINDS.map((kind) => [kind]))(
    '%s: a trading centre may not publish it, even for itself',
    (kind) => {
      const event = variant(
        exampleDisclosure(kind),
        {},
        {
          publisher: EXAMPLE_PARTIES.tradingCentre,
          publisherRole: 'trading_centre',
        },
      );
      given().when(event).thenRejects('PUBLISHER_ROLE_NOT_ALLOWED');
    },
  );

  it('names the department the catalogues name: an implementer publishes no land supply plan, an approver no audit report', () => {
    const plan = variant(exampleDisclosure('land_supply_plan'), {}, { publisherRole: 'implementer' });
    const rejection = given().when(plan).thenRejects('PUBLISHER_ROLE_NOT_ALLOWED');
    expect(rejection.messageZh).toContain('各级自然资源部门');
    const report = variant(exampleDisclosure('intermediary_report'), {}, { publisherRole: 'approver' });
    given().when(report).thenRejects('PUBLISHER_ROLE_NOT_ALLOWED');
    const approval = variant(exampleDisclosure('project_approval'), {}, { publisherRole: 'producer' });
    given().when(approval).thenRejects('PUBLISHER_ROLE_NOT_ALLOWED');
  });

  it('is published by the department itself, never on behalf of another', () => {
    const event = variant(
      exampleDisclosure('procurement_catalogue'),
      {},
      {
        onBehalfOf: EXAMPLE_PARTIES.tenderer,
      },
    );
    given().when(event).thenRejects('PUBLISHER_ROLE_NOT_ALLOWED');
  });

  it('another department may not amend it (NOT_OWNER), nor its publisher move it to another region', () => {
    const published = exampleDisclosure('land_supply_plan');
    const byFinance = amendmentOf(published, {}, { publisher: EXAMPLE_DEPARTMENTS.finance });
    given([published]).when(byFinance).thenRejects('NOT_OWNER');
    const elsewhere = amendmentOf(published, {}, { regionCode: '320500' });
    given([published]).when(elsewhere).thenRejects('REGION_MISMATCH');
  });

  it('an amendment keeps the id, kind and domain; a second publication and an amendment of nothing are refused', () => {
    const published = exampleDisclosure('transfer_decision');
    given([published])
      .when(amendmentOf(published, { domain: 'emission' }))
      .thenRejects('DISCLOSURE_MISMATCH');
    given([published]).when(variant(published)).thenRejects('DISCLOSURE_ALREADY_PUBLISHED');
    given().when(amendmentOf(published)).thenRejects('DISCLOSURE_NOT_PUBLISHED');
    given([published]).when(amendmentOf(published)).then();
  });

  it('refuses unknown fields, oversized text, repeated or too many links', () => {
    const event = exampleDisclosure('project_approval');
    const unknown = given().when(variant(event, { approvedAmount: '1' }));
    unknown.thenRejects('INVALID_EVENT');
    expect(JSON.stringify(unknown.decision)).toContain('data.approvedAmount');
    given()
      .when(variant(event, { title: 'x'.repeat(TEXT_MAX_CHARS + 1) }))
      .thenRejects('INVALID_EVENT');
    given()
      .when(variant(event, { transactionIds: ['3206022026A000127001', '3206022026A000127001'] }))
      .thenRejects('INVALID_EVENT');
    const many = Array.from(
      { length: DISCLOSURE_MAX_LINKS + 1 },
      (_, i) => `T${i.toString().padStart(4, '0')}`,
    );
    given()
      .when(variant(event, { transactionIds: many }))
      .thenRejects('INVALID_EVENT');
    given()
      .when(variant(event, { kind: 'annual_report' }))
      .thenRejects('INVALID_EVENT');
  });

  it('is honest about its dates: not published before it occurred, nor before the decision it discloses', () => {
    const event = exampleDisclosure('project_approval');
    given()
      .when(variant(event, {}, { publishedAt: '2026-03-01T09:00:00+08:00' }))
      .thenRejects('DATE_CONTRADICTION');
    given()
      .when(variant(event, { decidedOn: '2026-03-11' }))
      .thenRejects('DATE_CONTRADICTION');
    given()
      .when(variant(event, { decidedOn: '0026-03-01' }))
      .thenRejects('YEAR_OUT_OF_RANGE');
  });

  it('stays out of transaction and credit streams, and they out of its own', () => {
    const disclosure = exampleDisclosure('project_approval');
    const inTransaction = decide({ type: 'PublishDisclosure', event: disclosure }, initialTransactionState());
    expect(inTransaction.ok ? undefined : inTransaction.rejection.code).toBe('WRONG_STREAM');
    expect(evolve(initialTransactionState(), disclosure)).toEqual(initialTransactionState());
    const inCredit = decideCredit({ type: 'PublishDisclosure', event: disclosure }, initialCreditState());
    expect(inCredit.ok ? undefined : inCredit.rejection.code).toBe('WRONG_STREAM');
    expect(evolveCredit(initialCreditState(), disclosure)).toEqual(initialCreditState());
    given().when(exampleEvent('AnnouncementPublished')).thenRejects('WRONG_STREAM');
  });
});

describe('a disclosure of its own', () => {
  it.each(DISCLOSURE_KINDS.map((kind) => [kind]))('%s: the example is accepted on time', (kind) => {
    given().when(exampleDisclosure(kind)).then(undefined, []);
  });

  it('lives in disclosure-<id> and only links to the transactions it names', () => {
    const event = exampleDisclosure('project_approval');
    expect(streamIdFor(event)).toBe('disclosure-NT-APR-2026-0031');
    expect(parseStreamId('disclosure-NT-APR-2026-0031')).toEqual({
      kind: 'disclosure',
      disclosureId: 'NT-APR-2026-0031',
    });
    const state = given([event]).state;
    expect(state).toMatchObject({
      kind: 'project_approval',
      owner: { party: EXAMPLE_DEPARTMENTS.approvals, regionCode: '320602' },
      transactionIds: ['3206022026A000127001'],
      versions: 1,
    });
    const amended = amendmentOf(event, { transactionIds: [] });
    expect(given([event, amended]).state).toMatchObject({ versions: 2, transactionIds: [] });
  });

  it('masks the natural persons of a rural renovation list in the public view', () => {
    const view = toPublicView(exampleDisclosure('rural_renovation'));
    const households = (view.data as unknown as { households: Array<Record<string, string>> }).households;
    expect(households[0]).toMatchObject({
      name: '李**',
      idNumber: '350582********4563',
      village: '通州区兴东街道黄金村',
    });
    expect(view.redacted).toContain('data.households.0.idNumber');
  });
});

describe('deadlines (findings, never refusals)', () => {
  const late = (kind: DisclosureKind, regionCode: string, publishedAt: string) =>
    given()
      .when(variant(exampleDisclosure(kind), {}, { regionCode, publishedAt }))
      .then();

  it('holds a land supply plan to 20 working days from its approval (政府信息公开条例 第二十六条)', () => {
    const onTime = late('land_supply_plan', '320602', '2026-03-30T09:00:00+08:00');
    expect(onTime.findings).toEqual([]);
    const decision = late('land_supply_plan', '320602', '2026-03-31T09:00:00+08:00');
    expect(decision.findings).toEqual([
      expect.objectContaining({
        code: 'LATE_DISCLOSURE',
        ruleId: 'national.disclosure.land_supply_plan.publish-within-20wd',
        from: '2026-03-02',
        due: '2026-03-30',
        actual: '2026-03-31',
        origin: 'catalogue',
        catalogueId: 'national',
      }),
    ]);
  });

  it('holds a transfer decision in Jinjiang to its list’s 5 working days (晋政办〔2018〕114号, line 306)', () => {
    expect(late('transfer_decision', '350582', '2026-03-09T09:00:00+08:00').findings).toEqual([]);
    const [finding] = late('transfer_decision', '350582', '2026-03-10T09:00:00+08:00').findings;
    expect(finding).toMatchObject({
      code: 'LATE_DISCLOSURE',
      ruleId: 'jinjiang.disclosure.transfer_decision.publish-within-5wd',
      catalogueId: 'jinjiang',
      source: { seed: { file: '003_177976c99acdd9ca.txt', line: 306 } },
    });
    // The same day is on time under the national 20 working days elsewhere.
    expect(late('transfer_decision', '320602', '2026-03-10T09:00:00+08:00').findings).toEqual([]);
  });

  it('runs an amendment’s period from the change (信息变更之日)', () => {
    const published = exampleDisclosure('housing_allocation_policy');
    const amended = amendmentOf(
      published,
      {},
      {
        occurredAt: '2026-04-01T09:00:00+08:00',
        publishedAt: '2026-06-30T09:00:00+08:00',
      },
    );
    const decision = given([published]).when(amended).then();
    expect(decision.findings).toEqual([
      expect.objectContaining({ code: 'LATE_DISCLOSURE', from: '2026-04-01' }),
    ]);
  });

  it('cites a seed line for every kind and a department for every publisher list', () => {
    for (const kind of DISCLOSURE_KINDS) {
      const entry = DISCLOSURE_KIND_CATALOGUE[kind];
      expect(entry.listedIn.length).toBeGreaterThan(0);
      for (const source of entry.listedIn) expect(source.seed?.line).toBeGreaterThan(0);
      expect(entry.publishers).not.toContain('trading_centre');
      expect(entry.rules.national[0]?.source.seed).toEqual({ file: '004_4080737c358f3dcb.txt', line: 44 });
    }
  });
});

describe('re-evaluation on a new calendar', () => {
  const stored = (findings: readonly unknown[]) =>
    findings.map((f) => JSON.parse(JSON.stringify(f)) as unknown);

  it('holds a disclosure to its kind’s rules, not to a stage’s: unchanged findings are no news', () => {
    const event = variant(
      exampleDisclosure('land_supply_plan'),
      {},
      { publishedAt: '2026-03-31T09:00:00+08:00' },
    );
    const decision = given().when(event).then();
    expect(reevaluateFindings(event, [], stored(decision.findings), statutoryCalendar)).toEqual([]);
  });

  it('withdraws a stored late finding the calendar no longer supports, and changes a moved due date', () => {
    const onTime = exampleDisclosure('land_supply_plan');
    const late = variant(onTime, {}, { publishedAt: '2026-03-31T09:00:00+08:00' });
    const [finding] = stored(given().when(late).then().findings) as Array<Record<string, unknown>>;
    expect(reevaluateFindings(onTime, [], [{ ...finding, provisional: true }], statutoryCalendar)).toEqual([
      expect.objectContaining({
        ruleId: 'national.disclosure.land_supply_plan.publish-within-20wd',
        change: 'withdrawn',
      }),
    ]);
    expect(
      reevaluateFindings(late, [], [{ ...finding, due: '2026-03-27', provisional: true }], statutoryCalendar),
    ).toEqual([
      expect.objectContaining({ change: 'changed', after: expect.objectContaining({ due: '2026-03-30' }) }),
    ]);
  });
});
