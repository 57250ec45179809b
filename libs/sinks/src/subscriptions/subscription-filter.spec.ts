import { EXAMPLE_PARTIES, exampleEvent, toPublicView } from '@gongkai/domain';
import { recordedFrom } from '../mappers/recorded-event.fixture';
import { matchesFilter, mayMatch, subscriptionFilterSchema } from './subscription-filter';

const award = toPublicView(exampleEvent('AwardPublished', 'engineering'));
const penalty = toPublicView(exampleEvent('PenaltyImposed'));

describe('subscription filter', () => {
  it('matches when every given list matches, any entry within a list', () => {
    expect(matchesFilter({}, award)).toBe(true);
    expect(
      matchesFilter({ stages: ['AwardPublished', 'ContractSigned'], domains: ['engineering'] }, award),
    ).toBe(true);
    expect(matchesFilter({ stages: ['ContractSigned'] }, award)).toBe(false);
    expect(matchesFilter({ domains: ['land'] }, award)).toBe(false);
    expect(matchesFilter({ publishers: [award.metadata.publisher.creditCode] }, award)).toBe(true);
    expect(matchesFilter({ publishers: [EXAMPLE_PARTIES.authority.creditCode] }, award)).toBe(false);
    expect(
      matchesFilter(
        { stages: ['AwardPublished'], publishers: [EXAMPLE_PARTIES.authority.creditCode] },
        award,
      ),
    ).toBe(false);
  });

  it('finds a party anywhere in the data: a nested party, a credit subject', () => {
    const winner = (award.data as unknown as { winBidder: { creditCode: string } }).winBidder.creditCode;
    expect(matchesFilter({ parties: [winner] }, award)).toBe(true);
    expect(matchesFilter({ parties: [EXAMPLE_PARTIES.third.creditCode] }, penalty)).toBe(true);
    expect(matchesFilter({ parties: ['91110000100000000A'] }, award)).toBe(false);
  });

  it('rules out from the type and declared domain alone, before parsing', () => {
    const recorded = recordedFrom(exampleEvent('AwardPublished', 'engineering'));
    expect(mayMatch({ stages: ['AwardPublished'], domains: ['engineering'] }, recorded)).toBe(true);
    expect(mayMatch({ stages: ['PenaltyImposed'] }, recorded)).toBe(false);
    expect(mayMatch({ domains: ['land'] }, { ...recorded, data: { nonsense: true } })).toBe(false);
  });

  it('refuses what it cannot apply', () => {
    for (const bad of [
      { stages: ['Awarded'] },
      { domains: ['fishing'] },
      { parties: ['123'] },
      { publishers: [] },
      { regions: ['32'] },
    ]) {
      expect([bad, subscriptionFilterSchema.safeParse(bad).success]).toEqual([bad, false]);
    }
  });
});
