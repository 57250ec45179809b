import type { CatalogueDomain } from '../catalogues';
import type { EventData } from '../events';

/**
 * Who takes part, read uniformly from each domain's own field names: organisations by credit code, natural
 * persons (housing) by ID number.
 */
export interface PartyRef {
  kind: 'organisation' | 'person';
  /** Credit code for organisations, resident ID number for persons. */
  key: string;
  name: string;
}

const org = (party: { name: string; creditCode: string } | undefined): PartyRef => ({
  kind: 'organisation',
  key: party?.creditCode ?? '',
  name: party?.name ?? '',
});
const person = (p: { name: string; idNumber: string } | undefined): PartyRef => ({
  kind: 'person',
  key: p?.idNumber ?? '',
  name: p?.name ?? '',
});

export function candidatesOf(data: EventData<'CandidatesPublicized'>): PartyRef[] {
  // Tolerant of redacted or partial data: evolve must stay total on public views.
  if (data.domain === 'housing') return (data.applicants ?? []).map(person);
  return (data.candidates ?? []).map((candidate) => org(candidate));
}

/** Bid price per candidate credit code (housing has none). */
export function candidatePrices(data: EventData<'CandidatesPublicized'>): Record<string, string> {
  if (data.domain === 'housing') return {};
  return Object.fromEntries(
    (data.candidates ?? []).map((candidate) => [candidate.creditCode, candidate.bidPrice]),
  );
}

/** Rank per candidate credit code (housing has none). */
export function candidateRanks(data: EventData<'CandidatesPublicized'>): Record<string, number> {
  if (data.domain === 'housing') return {};
  return Object.fromEntries(
    (data.candidates ?? []).map((candidate) => [candidate.creditCode, candidate.rank]),
  );
}

export function winnersOf(data: EventData<'AwardPublished'>): PartyRef[] {
  switch (data.domain) {
    case 'engineering':
      return [org(data.winBidder)];
    case 'procurement':
    case 'medical':
      return [org(data.supplier)];
    case 'land':
      return [org(data.landee)];
    case 'emission':
      return [org(data.buyer)];
    case 'mining':
    case 'state_property':
    case 'sea_area':
    case 'forest':
      return [org(data.transferee)];
    case 'housing':
      return (data.recipients ?? []).map(person);
  }
}

/** The price or amount awarded (none for housing allocation). */
export function awardAmountOf(data: EventData<'AwardPublished'>): string | undefined {
  switch (data.domain) {
    case 'engineering':
      return data.bidAmount;
    case 'procurement':
    case 'medical':
      return data.dealAmount;
    case 'housing':
      return undefined;
    default:
      return data.dealPrice;
  }
}

export function contractPartyOf(data: EventData<'ContractSigned'>): PartyRef {
  switch (data.domain) {
    case 'engineering':
      return org(data.winBidder);
    case 'procurement':
    case 'medical':
      return org(data.supplier);
    case 'land':
      return org(data.landee);
    case 'emission':
      return org(data.buyer);
    case 'mining':
    case 'state_property':
    case 'sea_area':
    case 'forest':
      return org(data.transferee);
    case 'housing':
      return person(data.tenant);
  }
}

/** Domains where the winner must come from publicized candidates (招标投标法实施条例 第五十五条). */
export const DOMAINS_REQUIRING_CANDIDATES: readonly CatalogueDomain[] = ['engineering'];
