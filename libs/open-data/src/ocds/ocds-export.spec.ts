import {
  CORRECTED_LIFECYCLE_ORDER,
  CATALOGUE_DOMAINS,
  EXAMPLE_PARTIES,
  EXAMPLE_PERSONS,
  exampleEvent,
  type CatalogueDomain,
  type DomainEvent,
} from '@gongkai/domain';
import { ocdsValidator } from '../testing/ocds-validator';
import { publicLifecycle } from '../testing/public-lifecycles';
import { DOMAIN_PROFILES, OCDS_EXCLUDED_DOMAINS } from './domain-profiles';
import type { OcdsRelease } from './merge/merge';
import { recordOf, recordPackage, releasePackage, type OcdsPublication } from './packages';
import { releasesOfTransaction } from './release-mapper';

const PREFIX = 'ocds-t3st01';
const PUBLICATION: OcdsPublication = {
  baseUrl: 'https://ggzy.example.cn',
  publisherName: '南通市公共资源交易中心',
};
const NOW = '2026-11-27T00:00:00Z';
const validator = ocdsValidator();
const MAPPED = Object.keys(DOMAIN_PROFILES) as CatalogueDomain[];

function expectValid(releases: OcdsRelease[]): void {
  const pkg = releasePackage(PUBLICATION, `${PUBLICATION.baseUrl}/v1/ocds/releases`, NOW, releases);
  expect(validator.releasePackageErrors(pkg)).toEqual([]);
  for (const release of releases) {
    expect(validator.codelistViolations(release)).toEqual([]);
    expect(validator.undeclaredFields(release)).toEqual([]);
  }
  const record = recordOf(releases);
  const records = recordPackage(PUBLICATION, `${PUBLICATION.baseUrl}/v1/ocds/records/x`, NOW, [record]);
  expect(validator.recordPackageErrors(records)).toEqual([]);
  expect(validator.codelistViolations(record.compiledRelease)).toEqual([]);
  expect(validator.undeclaredFields(record.compiledRelease)).toEqual([]);
}

describe('OCDS releases of a transaction', () => {
  it.each(MAPPED)(
    'maps the %s lifecycle to releases that validate against OCDS 1.1.5 with the extension',
    (domain) => {
      // The lifecycle with every stage corrected: the corrections' releases must validate too.
      const events = publicLifecycle(domain, CORRECTED_LIFECYCLE_ORDER);
      const mapped = releasesOfTransaction(events, PREFIX);
      expect(mapped.map((m) => m.eventId)).toEqual(events.map((e) => e.view.id));
      const releases = mapped.map((m) => m.release);
      expect(releases.map((r) => r.tag)).toEqual([
        ['tender'],
        ['tenderAmendment'],
        ['tenderUpdate'],
        ['tenderAmendment'],
        ['tenderUpdate'],
        ['tenderAmendment'],
        ['tenderUpdate'],
        ['award'],
        ['awardUpdate'],
        ['contract'],
        ['contractAmendment'],
        ['implementation'],
      ]);
      expect(new Set(releases.map((r) => r.id)).size).toBe(releases.length);
      expectValid(releases);
      // A stage correction amends the award or contract in force (same id), keeping the correction as an amendment.
      const [award, awardUpdate, contract, contractAmendment] = releases.slice(7, 11) as Array<{
        awards?: Array<{ id: string; amendments?: Array<{ id: string }> }>;
        contracts?: Array<{ id: string; amendments?: Array<{ id: string }> }>;
      }>;
      expect(awardUpdate!.awards![0]!.id).toBe(award!.awards![0]!.id);
      expect(awardUpdate!.awards![0]!.amendments!.map((a) => a.id)).toEqual([mapped[8]!.eventId]);
      expect(contractAmendment!.contracts![0]!.id).toBe(contract!.contracts![0]!.id);
      expect(contractAmendment!.contracts![0]!.amendments!.map((a) => a.id)).toEqual([mapped[10]!.eventId]);
    },
  );

  it('names the ocid from the prefix and the transaction id, and every release id after its event', () => {
    const events = publicLifecycle('procurement');
    const releases = releasesOfTransaction(events, PREFIX);
    for (const { release, eventId } of releases) {
      expect(release.ocid).toBe(`${PREFIX}-NTCG2026-0031`);
      expect(release.id).toBe(eventId);
    }
    // The same events give the same releases (ids included): a re-export is stable.
    expect(releasesOfTransaction(events, PREFIX)).toEqual(releases);
  });

  it.each(Object.keys(OCDS_EXCLUDED_DOMAINS) as CatalogueDomain[])('leaves %s out', (domain) => {
    expect(releasesOfTransaction(publicLifecycle(domain), PREFIX)).toEqual([]);
  });

  it('covers every domain: mapped or left out with a reason', () => {
    expect([...MAPPED, ...Object.keys(OCDS_EXCLUDED_DOMAINS)].sort()).toEqual([...CATALOGUE_DOMAINS].sort());
  });

  it('identifies parties by their unified social credit code under org-id.guide CN-USCI, with their roles', () => {
    const releases = releasesOfTransaction(publicLifecycle('engineering'), PREFIX).map((m) => m.release);
    const { compiledRelease } = recordOf(releases);
    const parties = compiledRelease['parties'] as Array<{
      id: string;
      identifier: { scheme: string; id: string };
      roles: string[];
    }>;
    const byCode = (code: string) => parties.find((p) => p.identifier.id === code)!;
    expect(byCode(EXAMPLE_PARTIES.tenderer.creditCode)).toMatchObject({
      id: `CN-USCI-${EXAMPLE_PARTIES.tenderer.creditCode}`,
      identifier: { scheme: 'CN-USCI', id: EXAMPLE_PARTIES.tenderer.creditCode },
    });
    expect(byCode(EXAMPLE_PARTIES.tenderer.creditCode).roles).toContain('buyer');
    expect(byCode(EXAMPLE_PARTIES.agency.creditCode).roles).toContain('procuringEntity');
    expect(byCode(EXAMPLE_PARTIES.winner.creditCode).roles).toEqual(
      expect.arrayContaining(['tenderer', 'supplier']),
    );
    expect(byCode(EXAMPLE_PARTIES.authority.creditCode).roles).toContain('reviewBody');
    expect(compiledRelease['buyer']).toEqual({
      id: `CN-USCI-${EXAMPLE_PARTIES.tenderer.creditCode}`,
      name: EXAMPLE_PARTIES.tenderer.name,
    });
  });

  it('publishes amounts in CNY, negative where the winner pays the public body (OCDS concession convention)', () => {
    const value = (domain: CatalogueDomain) => {
      const releases = releasesOfTransaction(publicLifecycle(domain), PREFIX).map((m) => m.release);
      const awards = recordOf(releases).compiledRelease['awards'] as Array<{
        value: { amount: number; currency: string };
      }>;
      return awards[0]!.value;
    };
    expect(value('engineering')).toEqual({ amount: 2650000, currency: 'CNY' });
    expect(value('land').currency).toBe('CNY');
    expect(value('land').amount).toBeLessThan(0);
    expect(value('state_property').amount).toBeLessThan(0);
  });

  it('carries no personal data: masked persons, contact persons, project managers and bulletin officers are absent', () => {
    const served = JSON.stringify(
      [...MAPPED, 'housing' as const].map((domain) => releasesOfTransaction(publicLifecycle(domain), PREFIX)),
    );
    for (const person of EXAMPLE_PERSONS) {
      expect(served).not.toContain(person.idNumber);
      expect(served).not.toContain(person.name);
    }
    for (const name of ['陈建国', '周立新', '刘芳', '王磊', '张敏', '李卫东', '0513-85123456'])
      expect(served).not.toContain(name);
  });

  it('leaves out a bid price the publisher flagged as a commercial secret', () => {
    const events = publicLifecycle(
      'engineering',
      ['AnnouncementPublished', 'CandidatesPublicized'],
      (event) =>
        event.type === 'CandidatesPublicized'
          ? ({
              ...event,
              metadata: { ...event.metadata, confidentialFields: ['candidates.0.bidPrice'] },
            } as DomainEvent)
          : event,
    );
    const releases = releasesOfTransaction(events, PREFIX).map((m) => m.release);
    const tender = releases[1]!['tender'] as {
      candidatesPublicity: { candidates: Array<Record<string, unknown>> };
    };
    const [first, second] = tender.candidatesPublicity.candidates;
    expect(first).not.toHaveProperty('bidValue');
    expect(second!['bidValue']).toEqual({ amount: 2688000, currency: 'CNY' });
    expect(JSON.stringify(releases)).not.toContain('2650000');
    expectValid(releases);
  });

  it('records rejected applicants with their reasons, a termination and a re-announcement', () => {
    const events = publicLifecycle(
      'procurement',
      [
        'AnnouncementPublished',
        'QualificationResultPublished',
        'TransactionTerminated',
        'AnnouncementPublished',
      ],
      (event, index) =>
        index === 3
          ? ({
              ...event,
              metadata: { ...event.metadata, publishedAt: '2026-04-10T09:00:00+08:00' },
            } as DomainEvent)
          : event,
    );
    const releases = releasesOfTransaction(events, PREFIX).map((m) => m.release);
    expect(releases.map((r) => r.tag)).toEqual([
      ['tender'],
      ['tenderUpdate'],
      ['tenderCancellation'],
      ['tender'],
    ]);
    const review = (
      releases[1]!['tender'] as { qualificationReview: { rejected: Array<{ reason: string }> } }
    ).qualificationReview;
    const example = exampleEvent('QualificationResultPublished', 'procurement').data as {
      rejected: Array<{ reason: string }>;
    };
    expect(review.rejected.map((r) => r.reason)).toEqual(example.rejected.map((r) => r.reason));
    expect(releases[2]!['tender']).toMatchObject({ termination: { kind: expect.any(String) } });
    expect(['unsuccessful', 'cancelled']).toContain((releases[2]!['tender'] as { status: string }).status);
    expect((recordOf(releases).compiledRelease['tender'] as { status: string }).status).toBe('active');
    expectValid(releases);
  });

  it('cancels the earlier award when the next candidate is awarded in its place', () => {
    const events = publicLifecycle(
      'engineering',
      ['AnnouncementPublished', 'CandidatesPublicized', 'AwardPublished', 'AwardPublished', 'ContractSigned'],
      (event, index) =>
        index === 3
          ? ({
              ...event,
              data: {
                ...event.data,
                winBidder: EXAMPLE_PARTIES.runnerUp,
                bidAmount: '2688000.00',
                reassignment: {
                  previousWinner: EXAMPLE_PARTIES.winner,
                  reason: 'failed_to_perform',
                  explanation: '未按期提交履约保证金',
                },
              },
            } as DomainEvent)
          : event,
    );
    const releases = releasesOfTransaction(events, PREFIX).map((m) => m.release);
    expect(releases[3]!.tag).toEqual(['awardCancellation', 'award']);
    const compiled = recordOf(releases).compiledRelease;
    const awards = compiled['awards'] as Array<{ id: string; status: string; reassignment?: unknown }>;
    expect(awards.map((a) => [a.id, a.status])).toEqual([
      [events[2]!.view.id, 'cancelled'],
      [events[3]!.view.id, 'active'],
    ]);
    expect(awards[1]!.reassignment).toMatchObject({
      previousAwardID: events[2]!.view.id,
      reason: 'failedToPerform',
    });
    const contracts = compiled['contracts'] as Array<{ awardID: string }>;
    expect(contracts[0]!.awardID).toBe(events[3]!.view.id);
    expectValid(releases);
  });

  it('maps a contract variation and a termination to contractAmendment and contractTermination', () => {
    const events = publicLifecycle(
      'procurement',
      ['AnnouncementPublished', 'AwardPublished', 'ContractSigned', 'ContractChanged', 'ContractChanged'],
      (event, index) =>
        index === 3
          ? ({
              ...event,
              data: { ...event.data, changeKind: 'variation', newContractAmount: '2900000.00' },
            } as DomainEvent)
          : index === 4
            ? ({ ...event, data: { ...event.data, changeKind: 'termination' } } as DomainEvent)
            : event,
    );
    const releases = releasesOfTransaction(events, PREFIX).map((m) => m.release);
    expect(releases.slice(3).map((r) => r.tag)).toEqual([['contractAmendment'], ['contractTermination']]);
    const contract = (recordOf(releases).compiledRelease['contracts'] as Array<Record<string, unknown>>)[0]!;
    expect(contract).toMatchObject({ status: 'terminated', value: { amount: 2900000, currency: 'CNY' } });
    expect((contract['amendments'] as unknown[]).length).toBe(2);
    expectValid(releases);
  });
});

describe('the validation the export is held to', () => {
  const [first] = releasesOfTransaction(
    publicLifecycle('engineering', ['AnnouncementPublished']),
    PREFIX,
  ).map((m) => m.release);
  const pkg = (release: OcdsRelease) =>
    releasePackage(PUBLICATION, 'https://ggzy.example.cn/x', NOW, [release]);

  it('refuses a tag outside the closed releaseTag codelist and an extension field of the wrong type', () => {
    expect(validator.releasePackageErrors(pkg({ ...first!, tag: ['tenderNotice'] }))).not.toEqual([]);
    const badExtension = {
      ...first!,
      disclosure: { ...(first!['disclosure'] as object), publisherRole: 'mayor' },
    };
    expect(validator.releasePackageErrors(pkg(badExtension))).not.toEqual([]);
  });

  it('finds codes outside open codelists and fields no schema declares', () => {
    const parties = (first!['parties'] as Array<Record<string, unknown>>).map((p) => ({
      ...p,
      roles: ['publisher'],
    }));
    expect(validator.codelistViolations({ ...first!, parties })).toContain(
      '/parties/0/roles: publisher (partyRole.csv)',
    );
    expect(validator.undeclaredFields({ ...first!, procuringEntityRef: {} })).toEqual([
      '/procuringEntityRef',
    ]);
  });
});
