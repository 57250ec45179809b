import type { Party, PublicEventView } from '@gongkai/domain';
import { correctedStageData, transactionIdOf, type CatalogueDomain } from '@gongkai/domain';
import { ocdsDomainOf, type DomainProfile } from './domain-profiles';
import type { OcdsRelease } from './merge/merge';
import { ocidOf } from './ocid';
import { PartyRegister, type OrganizationReference, type PartyRole } from './parties';

/**
 * Each stage event of a transaction, from the PUBLIC view only (`toPublicView`: personal data masked, flagged
 * commercial secrets removed), as one OCDS 1.1 release. The mapping is a fold over the transaction's events in
 * stream order, because a release refers to what came before: the award a contract implements, the contract a
 * change amends, every role a party took so far. Release ids are the event ids, so they are unique and a
 * re-export gives the same ids. Natural persons never appear: the fields that may name one (project managers,
 * contact persons, complainants, persons responsible for a bulletin) are not mapped.
 */

type Data = Record<string, unknown>;

export interface MappedRelease {
  /** Position of the event in its stream (0-based), to pick one event's release out of the fold. */
  revision: number;
  eventId: string;
  release: OcdsRelease;
}

export interface TransactionEvent {
  revision: number;
  view: PublicEventView;
}

const CURRENCY = 'CNY';

interface FoldState {
  profile: DomainProfile;
  parties: PartyRegister;
  awardId?: string;
  awardSupplier?: OrganizationReference;
  contractId?: string;
  awarded: boolean;
}

/** Releases for the events of one transaction (stream order); events of domains OCDS leaves out give none. */
export function releasesOfTransaction(
  events: readonly TransactionEvent[],
  ocidPrefix: string,
): MappedRelease[] {
  const first = events[0];
  if (!first) return [];
  const profile = ocdsDomainOf((first.view.data as Data)['domain'] as string);
  if (!profile) return [];
  const state: FoldState = { profile, parties: new PartyRegister(), awarded: false };
  const out: MappedRelease[] = [];
  for (const { revision, view } of events) {
    const release = mapEvent(view, state, ocidPrefix);
    if (release) out.push({ revision, eventId: view.id, release });
  }
  return out;
}

function mapEvent(view: PublicEventView, state: FoldState, ocidPrefix: string): OcdsRelease | undefined {
  const data = view.data as Data;
  const transactionId = transactionIdOf(data as { domain: CatalogueDomain } & Data);
  if (!transactionId) return undefined;
  const mentioned = new Set<string>();
  const add = (party: Party | undefined, role: PartyRole): OrganizationReference | undefined => {
    if (!party) return undefined;
    const ref = state.parties.add(party, role);
    mentioned.add(ref.id);
    return ref;
  };
  const context: Context = { view, data, state, add, transactionId };
  const body = STAGES[view.type]?.(context);
  if (!body) return undefined;
  const publisher = publisherOf(context);
  const url = publicationUrl(data);
  const release: OcdsRelease = {
    ocid: ocidOf(ocidPrefix, transactionId),
    id: view.id,
    date: utc(view.metadata.publishedAt),
    tag: body.tag,
    initiationType: 'tender',
    language: 'zh',
    ...body.sections,
    disclosure: compact({
      eventType: view.type,
      domain: state.profile.code,
      transactionId,
      regionCode: view.metadata.regionCode,
      publisher,
      publisherRole:
        view.metadata.publisherRole === 'trading_centre' ? 'tradingCentre' : view.metadata.publisherRole,
      occurredDate: view.metadata.occurredAt,
      url,
    }),
  };
  const parties = state.parties.entries(mentioned);
  return parties.length > 0 ? { ...release, parties } : release;
}

interface Context {
  view: PublicEventView;
  data: Data;
  state: FoldState;
  add(party: Party | undefined, role: PartyRole): OrganizationReference | undefined;
  transactionId: string;
}

interface StageBody {
  tag: string[];
  sections: Record<string, unknown>;
}

const STAGES: Partial<Record<string, (context: Context) => StageBody | undefined>> = {
  AnnouncementPublished: (c) => {
    const { buyer, procuringEntity } = organisers(c);
    return {
      tag: ['tender'],
      sections: {
        ...compact({ buyer }),
        ...planningSection(c.data),
        tender: compact({
          ...tenderBasics(c),
          procuringEntity,
          ...announcementFacts(c.state.profile, c.data),
          status: 'active',
          documents: noticeDocument(c, 'tenderNotice'),
        }),
      },
    };
  },

  AnnouncementCorrected: (c) => {
    const restated = (c.data['restatedAnnouncement'] as Data | undefined) ?? {};
    return {
      tag: ['tenderAmendment'],
      sections: {
        tender: compact({
          id: c.transactionId,
          ...announcementFacts(c.state.profile, { ...c.data, ...restated }),
          amendments: [amendmentOf(c)],
          documents: noticeDocument(c, 'tenderNotice'),
        }),
      },
    };
  },

  // 更正公告 of a later stage: the stage's release as restated, with the correction as an amendment of the
  // tender (qualification, candidates), of the award in force (awardUpdate) or of the contract (contractAmendment).
  QualificationResultCorrected: (c) => correctionRelease(c, 'QualificationResultPublished', 'tender'),
  CandidatesCorrected: (c) => correctionRelease(c, 'CandidatesPublicized', 'tender'),
  AwardCorrected: (c) => correctionRelease(c, 'AwardPublished', 'awards'),
  ContractCorrected: (c) => correctionRelease(c, 'ContractSigned', 'contracts'),

  QualificationResultPublished: (c) => {
    const passed = (c.data['passed'] as Party[]).map((p) => c.add(p, 'tenderer')!);
    const rejected = (c.data['rejected'] as Array<Party & { reason: string }>).map((p) => ({
      ...c.add(p, 'tenderer')!,
      reason: p.reason,
    }));
    const post = c.data['reviewKind'] === 'post_qualification';
    return {
      tag: ['tenderUpdate'],
      sections: {
        tender: compact({
          id: c.transactionId,
          qualificationReview: {
            reviewKind: post ? 'postQualification' : 'prequalification',
            date: c.data['reviewedAt'],
            passed,
            rejected,
          },
          // Post-qualification reviews bidders; prequalification reviews applicants who have not bid yet.
          tenderers: post ? [...passed, ...rejected.map(({ id, name }) => ({ id, name }))] : undefined,
          numberOfTenderers: post ? passed.length + rejected.length : undefined,
          documents: noticeDocument(c, 'shortlistedFirms'),
        }),
      },
    };
  },

  CandidatesPublicized: (c) => {
    type Candidate = Party & {
      rank: number;
      bidPrice?: string;
      evaluationScore?: string;
      evaluationSummary?: string;
      durationDays?: number;
      qualityCommitment?: string;
      declaredQualifications?: string[];
    };
    const candidates = ((c.data['candidates'] as Candidate[] | undefined) ?? []).map((candidate) => ({
      ...c.add({ name: candidate.name, creditCode: candidate.creditCode }, 'tenderer')!,
      candidate,
    }));
    return {
      tag: ['tenderUpdate'],
      sections: {
        tender: compact({
          id: c.transactionId,
          tenderers: candidates.map(({ id, name }) => ({ id, name })),
          candidatesPublicity: compact({
            period: { startDate: c.data['publicityStart'], endDate: c.data['publicityEnd'] },
            evaluationReportReceivedDate: c.data['evaluationReportReceived'],
            objectionChannel: c.data['objectionChannel'],
            candidates: candidates.map(({ id, name, candidate }) =>
              compact({
                id,
                name,
                rank: candidate.rank,
                bidValue: money(candidate.bidPrice, c.state.profile.revenue),
                evaluationScore: numberOrUndefined(candidate.evaluationScore),
                evaluationSummary: candidate.evaluationSummary,
                durationInDays: candidate.durationDays,
                qualityCommitment: candidate.qualityCommitment,
                declaredQualifications: candidate.declaredQualifications,
              }),
            ),
          }),
          documents: noticeDocument(c, 'evaluationReports'),
        }),
      },
    };
  },

  ComplaintDecided: (c) => {
    const reviewBody = c.add(c.data['decidingAuthority'] as Party, 'reviewBody');
    return {
      tag: [c.state.awarded ? 'awardUpdate' : 'tenderUpdate'],
      sections: {
        reviewDecisions: [
          compact({
            id: c.data['decisionNumber'],
            date: c.data['decidedAt'],
            reviewBody,
            proceeding:
              c.data['proceeding'] === 'supervisory_inspection' ? 'supervisoryInspection' : 'complaint',
            outcome: c.data['outcome'] === 'partially_upheld' ? 'partiallyUpheld' : c.data['outcome'],
            summary: c.data['summary'],
            basis: c.data['basis'],
            orders: c.data['orders'],
          }),
        ],
      },
    };
  },

  AwardPublished: (c) => {
    const { profile } = c.state;
    const supplier = c.add(c.data[profile.winnerField] as Party | undefined, 'supplier');
    if (!supplier) return undefined;
    const reassignment = c.data['reassignment'] as { reason: string; explanation: string } | undefined;
    const correction = c.data['amountCorrection'] as { reason: string; explanation: string } | undefined;
    const previous = c.state.awardId;
    const cancelPrevious = reassignment !== undefined && previous !== undefined;
    const award = compact({
      id: c.view.id,
      title: profile.title(c.data) || undefined,
      status: 'active',
      date: c.data['winnerChosen'],
      noticeDate: c.data['awardNoticeIssued'],
      value: money(c.data[profile.awardAmountField] as string | undefined, profile.revenue),
      suppliers: [supplier],
      contractPeriod:
        typeof c.data['durationDays'] === 'number' ? { durationInDays: c.data['durationDays'] } : undefined,
      reassignment: reassignment && {
        previousAwardID: previous,
        reason: reassignment.reason === 'failed_to_perform' ? 'failedToPerform' : reassignment.reason,
        explanation: reassignment.explanation,
      },
      amountCorrection: correction && {
        reason:
          { arithmetic_correction: 'arithmeticCorrection', unit_price_contract: 'unitPriceContract' }[
            correction.reason
          ] ?? 'frameworkAgreement',
        explanation: correction.explanation,
      },
      documents: noticeDocument(c, 'awardNotice'),
    });
    c.state.awardId = c.view.id;
    c.state.awardSupplier = supplier;
    c.state.awarded = true;
    return {
      tag: cancelPrevious ? ['awardCancellation', 'award'] : ['award'],
      sections: {
        tender: { id: c.transactionId, status: 'complete' },
        awards: cancelPrevious ? [{ id: previous, status: 'cancelled' }, award] : [award],
      },
    };
  },

  ContractSigned: (c) => {
    const { profile } = c.state;
    const supplier = c.add(c.data[profile.winnerField] as Party | undefined, 'supplier');
    const awards: unknown[] = [];
    if (c.state.awardId === undefined) {
      // The decider refuses a contract without an award; a stream from before that rule gets one made up here.
      c.state.awardId = `${c.view.id}-award`;
      awards.push({ id: c.state.awardId, status: 'active', suppliers: supplier ? [supplier] : undefined });
    }
    c.state.contractId = c.view.id;
    return {
      tag: ['contract'],
      sections: {
        ...(awards.length > 0 ? { awards } : {}),
        contracts: [
          compact({
            id: c.view.id,
            awardID: c.state.awardId,
            title: profile.title(c.data) || undefined,
            status: 'active',
            value: money(c.data['contractAmount'] as string | undefined, profile.revenue),
            dateSigned: c.data['signedAt'],
            contractNumber: c.data['contractNumber'],
            documents: noticeDocument(c, 'contractSigned'),
          }),
        ],
      },
    };
  },

  ContractChanged: (c) => {
    const { profile } = c.state;
    const contractId = c.state.contractId;
    if (contractId === undefined || c.state.awardId === undefined) return undefined;
    const kind = c.data['changeKind'];
    const changedAt = c.data['changedAt'];
    const description = c.data['description'];
    const base = { id: contractId, awardID: c.state.awardId };
    if (kind === 'performance') {
      return {
        tag: ['implementation'],
        sections: {
          contracts: [
            {
              ...base,
              implementation: {
                milestones: [
                  compact({
                    id: c.view.id,
                    title: '履约',
                    description,
                    type: 'delivery',
                    status: 'met',
                    dateMet: changedAt,
                  }),
                ],
                documents: noticeDocument(c, 'physicalProgressReport'),
              },
            },
          ],
        },
      };
    }
    const amendment = compact({
      id: c.view.id,
      date: changedAt,
      rationale: description,
      releaseID: c.view.id,
    });
    return {
      tag: [kind === 'termination' ? 'contractTermination' : 'contractAmendment'],
      sections: {
        contracts: [
          compact({
            ...base,
            status: kind === 'termination' ? 'terminated' : undefined,
            value: money(c.data['newContractAmount'] as string | undefined, profile.revenue),
            amendments: [amendment],
            documents: noticeDocument(c, kind === 'termination' ? 'cancellationDetails' : 'contractNotice'),
          }),
        ],
      },
    };
  },

  TransactionTerminated: (c) => {
    const approval = c.data['approval'] as { result: string; approvedAt: string } | undefined;
    const kind = c.data['terminationKind'];
    return {
      tag: ['tenderCancellation'],
      sections: {
        tender: compact({
          id: c.transactionId,
          status: kind === 'failed_bid' ? 'unsuccessful' : 'cancelled',
          termination: compact({
            kind: kind === 'failed_bid' ? 'failedBid' : kind,
            date: c.data['terminatedAt'],
            reason: c.data['reason'],
            approvalResult: approval?.result,
            approvalDate: approval?.approvedAt,
          }),
          documents: noticeDocument(c, 'cancellationDetails'),
        }),
      },
    };
  },
};

/** A correction as an OCDS amendment: when, why, and what changed. */
function amendmentOf(c: Context): Data {
  const corrections =
    (c.data['corrections'] as Array<{ field: string; before?: string; after: string }> | undefined) ?? [];
  return compact({
    id: c.view.id,
    date: c.data['correctedAt'],
    rationale: c.data['reason'],
    description: corrections
      .map((change) => `${change.field}: ${change.before ?? ''} → ${change.after}`)
      .join('; '),
    releaseID: c.view.id,
  });
}

const CORRECTION_TAGS = {
  tender: 'tenderAmendment',
  awards: 'awardUpdate',
  contracts: 'contractAmendment',
} as const;

/**
 * The corrected stage's release, built by the stage's own mapping from the restated stage (with the
 * correction's subject group), then made an amendment: the award or contract keeps the id of the one in
 * force (the merge updates it in the record), and carries the correction in `amendments`.
 */
function correctionRelease(
  c: Context,
  stage: string,
  section: keyof typeof CORRECTION_TAGS,
): StageBody | undefined {
  const inForce = { awardId: c.state.awardId, contractId: c.state.contractId };
  const body = STAGES[stage]?.({ ...c, data: correctedStageData({ type: c.view.type, data: c.data }) });
  // The stage's mapping records its own id as the award (contract) in force: the corrected one keeps the old.
  Object.assign(c.state, inForce);
  if (!body) return undefined;
  const amendment = amendmentOf(c);
  const sections = { ...body.sections };
  if (section === 'tender') {
    sections.tender = { ...(sections.tender as Data), amendments: [amendment] };
  } else {
    const list = (sections[section] as Data[] | undefined) ?? [];
    const last = list[list.length - 1];
    if (!last) return undefined;
    const id = section === 'awards' ? inForce.awardId : inForce.contractId;
    sections[section] = [{ ...last, id: id ?? last['id'], amendments: [amendment] }];
  }
  return { tag: [CORRECTION_TAGS[section]], sections };
}

/** Buyer (who pays) and procuring entity (who runs the process), with the parties behind them. */
function organisers(c: Context): {
  buyer?: OrganizationReference;
  procuringEntity?: OrganizationReference;
} {
  const { profile } = c.state;
  const meta = c.view.metadata;
  const implementer = meta.onBehalfOf ?? (meta.publisherRole === 'implementer' ? meta.publisher : undefined);
  const buyer = profile.revenue ? undefined : c.add(profile.buyer(c.data) ?? implementer, 'buyer');
  const transferor = profile.revenue
    ? c.add(profile.transferor(c.data) ?? implementer, 'procuringEntity')
    : undefined;
  const agency = c.add(c.data['agency'] as Party | undefined, 'procuringEntity');
  const venue = c.add(c.data['tradingVenue'] as Party | undefined, 'procuringEntity');
  c.add(c.data['supervisor'] as Party | undefined, 'reviewBody');
  return { buyer, procuringEntity: transferor ?? agency ?? venue ?? buyer };
}

function planningSection(data: Data): Record<string, unknown> {
  const project = data['project'] as
    { name: string; fundSource: string; approvalDocument: string; approvalNumber?: string } | undefined;
  const budgetAmount = data['budgetAmount'] as string | undefined;
  const investmentCode = data['investmentProjectCode'] as string | undefined;
  if (!project && !budgetAmount && !investmentCode) return {};
  return {
    planning: compact({
      rationale: project
        ? [project.approvalDocument, project.approvalNumber].filter(Boolean).join(' ')
        : undefined,
      budget: compact({
        description: project?.fundSource,
        amount: money(budgetAmount, false),
        project: project?.name,
        projectID: investmentCode,
      }),
    }),
  };
}

function tenderBasics(c: Context): Record<string, unknown> {
  const { profile } = c.state;
  const method = profile.method(c.data);
  const items = profile.items(c.data);
  return {
    id: c.transactionId,
    title: profile.title(c.data) || undefined,
    procurementMethod: method.method,
    procurementMethodDetails: method.details,
    mainProcurementCategory: profile.category,
    items: items.length > 0 ? items : undefined,
  };
}

/** The announcement's facts (also restated by a correction, whose new dates win). */
function announcementFacts(profile: DomainProfile, d: Data): Record<string, unknown> {
  const price = (field: string) => money(d[field] as string | undefined, profile.revenue);
  const tenderValue = profile.revenue
    ? (price('startingPrice') ?? price('listingPrice'))
    : money(
        (d['maximumPrice'] ?? d['budgetAmount'] ?? d['estimatedContractPrice']) as string | undefined,
        false,
      );
  const start = d['documentsIssueStart'] ?? d['announcementStart'] ?? d['listingStart'] ?? d['tradingStart'];
  const end = d['bidDeadline'] ?? d['announcementEnd'] ?? d['listingEnd'] ?? d['applicationEnd'];
  return {
    description: d['scope'] ?? d['content'],
    value: tenderValue,
    bidDeposit: money(d['bidDeposit'] as string | undefined, false),
    appraisedValue: money(d['appraisedValue'] as string | undefined, false),
    eligibilityCriteria: d['qualificationRequirements'] ?? d['transfereeConditions'],
    submissionMethodDetails: d['submissionMethod'],
    tenderPeriod: compactOrUndefined({ startDate: start, endDate: end }),
    documentsAvailabilityPeriod: compactOrUndefined({
      startDate: d['documentsIssueStart'],
      endDate: d['documentsIssueEnd'],
    }),
    bidOpeningDate: d['bidOpeningAt'],
  };
}

function publisherOf(c: Context): OrganizationReference {
  const role = c.view.metadata.publisherRole;
  const publisher = c.view.metadata.publisher;
  const partyRole: PartyRole =
    role === 'trading_centre'
      ? 'procuringEntity'
      : role === 'implementer'
        ? c.state.profile.revenue
          ? 'procuringEntity'
          : 'buyer'
        : 'reviewBody';
  return c.add(publisher, partyRole)!;
}

function noticeDocument(c: Context, documentType: string): unknown[] | undefined {
  const notice = c.data['notice'] as { title: string } | undefined;
  const title = notice?.title ?? (c.data['title'] as string | undefined);
  const url = publicationUrl(c.data);
  if (!title && !url) return undefined;
  return [
    compact({
      id: c.view.id,
      documentType,
      title,
      url,
      datePublished: c.view.metadata.publishedAt,
      language: 'zh',
    }),
  ];
}

function publicationUrl(data: Data): string | undefined {
  const publication = data['publication'] as { url?: string } | undefined;
  return publication?.url ?? (data['url'] as string | undefined);
}

/** A yuan amount as an OCDS value in CNY; negative when the winner pays the public body. */
function money(yuan: string | undefined, revenue: boolean): { amount: number; currency: string } | undefined {
  if (yuan === undefined) return undefined;
  const amount = Number(yuan);
  if (!Number.isFinite(amount)) return undefined;
  return { amount: revenue && amount !== 0 ? -amount : amount, currency: CURRENCY };
}

function numberOrUndefined(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Sortable UTC instant: the merge orders releases by date. */
function utc(instant: string): string {
  return new Date(instant).toISOString();
}

/** Drops undefined members (a release never carries `undefined`). */
function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}

function compactOrUndefined(object: Record<string, unknown>): Record<string, unknown> | undefined {
  const out = compact(object);
  return Object.keys(out).length > 0 ? out : undefined;
}
