import type { Party } from '@gongkai/domain';

/**
 * Organisations by their unified social credit code (统一社会信用代码, GB 32100-2015). org-id.guide lists it as
 * `CN-USCI` ("Unified Social Credit Identifier", lists/cn/cn-usci.json of the org-id register); a party's `id`
 * is the scheme and code joined, as the OCDS identifier guidance suggests.
 */
export const USCC_SCHEME = 'CN-USCI';

export type PartyRole =
  'buyer' | 'procuringEntity' | 'supplier' | 'tenderer' | 'reviewBody' | 'interestedParty';

export interface OrganizationReference {
  id: string;
  name: string;
}

export interface OcdsParty extends OrganizationReference {
  identifier: { scheme: string; id: string; legalName: string };
  roles: PartyRole[];
}

export const partyId = (party: Party): string => `${USCC_SCHEME}-${party.creditCode}`;
export const referenceTo = (party: Party): OrganizationReference => ({
  id: partyId(party),
  name: party.name,
});

/**
 * The parties of one contracting process with every role they took so far. A release repeats each party it
 * mentions with all its roles: `roles` is a list of strings, merged as a whole, so a release that named fewer
 * roles would remove the others from the compiled release.
 */
export class PartyRegister {
  private readonly parties = new Map<string, { party: Party; roles: Set<PartyRole> }>();

  /** Records `role` for `party` and returns the reference to use in the release. */
  add(party: Party, role: PartyRole): OrganizationReference {
    const id = partyId(party);
    const known = this.parties.get(id);
    if (known) known.roles.add(role);
    else this.parties.set(id, { party, roles: new Set([role]) });
    return referenceTo(party);
  }

  /** The entries for `ids`, in the order first mentioned in the process. */
  entries(ids: ReadonlySet<string>): OcdsParty[] {
    return [...this.parties.entries()]
      .filter(([id]) => ids.has(id))
      .map(([id, { party, roles }]) => ({
        id,
        name: party.name,
        identifier: { scheme: USCC_SCHEME, id: party.creditCode, legalName: party.name },
        roles: [...roles],
      }));
  }
}
