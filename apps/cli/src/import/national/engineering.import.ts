import { IMPORT_CODES, SpecValueError, fromCode } from './spec-values';
import {
  defined,
  group,
  noticeOf,
  publicationOf,
  requiredInstant,
  type Inference,
  type RecordView,
} from './record-view';
import { keyOf, type DataSetImport, type StageBuild, type TransactionRecords } from './data-set-import';

/**
 * 工程建设项目招标投标, the inverse of libs/sinks/src/mappers/national/engineering.records.ts: 503 (with its
 * 501 招标项目 and 502 标段) is the announcement, or its correction when 公告性质 is 更正; 516 the
 * qualification result; 511 (with its 510 rows, and 507 for each candidate's 工期 and 项目负责人) the
 * candidates; 513 the award; 512 the contract; 522 its performance; 517 a termination. 500 项目 is not
 * imported (a project has no event of its own; its facts are optional on the announcement).
 */

const domain = 'engineering' as const;
const tenderProjectCode = (view: RecordView) => view.need('TENDER_PROJECT_CODE', 'it names the transaction');

/** The 502 section (or the 501 tender project) a record of the transaction joins. */
function sectionOf(transaction: TransactionRecords, sectionCode: string | undefined) {
  const sections = transaction.of('502');
  return (
    sections.find((s) => s.text('BID_SECTION_CODE') === sectionCode) ??
    (sections.length === 1 ? sections[0] : undefined)
  );
}

/** The announcement's fields as the 503 record (and its 501/502) state them; also what a correction restates. */
function announcementOf(view: RecordView, transaction: TransactionRecords) {
  const sectionCode = view.text('BID_SECTION_CODES');
  const section = sectionOf(transaction, sectionCode);
  const project = transaction.of('501')[0];
  const parts = [section, project].filter((p): p is RecordView => p !== undefined);
  const scope = section?.text('BID_SECTION_CONTENT') ?? project?.text('TENDER_CONTENT');
  const qualificationRequirements = section?.text('BID_QUALIFICATION');
  if (scope === undefined) {
    throw new SpecValueError(
      'BID_SECTION_CONTENT',
      'no 502 (BID_SECTION_CONTENT) or 501 (TENDER_CONTENT) record of the tender project gives the scope the announcement requires',
    );
  }
  if (qualificationRequirements === undefined) {
    throw new SpecValueError(
      'BID_QUALIFICATION',
      'no 502 record of the section gives the 投标人资格条件 the announcement requires',
    );
  }
  const agencyContact = group(
    {
      person: view.text('TENDER_AGENCY_CONTACTOR'),
      telephone: view.text('TENDER_AGENCY_PHONE_NUMBER'),
      email: view.text('TENDER_AGENCY_EMAIL'),
      address: view.text('TENDER_AGENCY_ADDRESS'),
    },
    ['person', 'telephone'],
  );
  const agency = view.party('TENDER_AGENCY_NAME', 'TENDER_AGENCY_CODE');
  return {
    parts,
    subject: defined({
      tenderProjectCode: tenderProjectCode(view),
      tenderProjectName:
        project?.text('TENDER_PROJECT_NAME') ?? section?.text('BID_SECTION_NAME') ?? view.need('NOTICE_NAME'),
      bidSectionCode: sectionCode && sectionCode.length === 23 ? sectionCode : undefined,
      bidSectionName: section?.text('BID_SECTION_NAME'),
      tenderer:
        view.party('TENDERER_NAME', 'TENDERER_CODE') ?? project?.party('TENDERER_NAME', 'TENDERER_CODE'),
      tenderingRequired: project?.flag('IS_TO_LAW'),
    }),
    common: defined({
      agency: agency ? defined({ ...agency, contact: agencyContact }) : undefined,
      contact: group(
        {
          person: view.text('TENDERER_CONTACTOR'),
          telephone: view.text('TENDERER_PHONE_NUMBER'),
          email: view.text('TENDERER_EMAIL'),
          address: view.text('TENDERER_ADDRESS'),
        },
        ['person', 'telephone'],
      ),
      publication: publicationOf(view, {
        media: 'NOTICE_MEDIA',
        duty: 'BULLETIN_DUTY',
        examiner: 'BULLETIN_DUTY_CODE_TYPE',
      }),
    }),
    announcement: defined({
      title: view.need('NOTICE_NAME'),
      content: view.text('NOTICE_CONTENT'),
      url: view.text('URL'),
      scope,
      qualificationRequirements,
      documentsIssueStart: view.needInstant('DOC_GET_START_TIME'),
      documentsIssueEnd: view.needInstant('DOC_GET_END_TIME'),
      bidDeadline: view.needInstant('BID_DOC_REFER_END_TIME'),
      submissionMethod: view.text('BID_DOC_REFER_METHOD'),
      estimatedContractPrice: section?.yuan('CONTRACT_RECKON_PRICE'),
      bidOpeningAt: view.instant('BID_OPEN_TIME'),
      documentsMethod: view.text('TENDER_DOC_GET_METHOD'),
      consortiumBidsAllowed: view.flag('SYNDICATED_FLAG'),
      prequalification:
        view.text('BULLETIN_TYPE') === IMPORT_CODES.bulletinType.prequalification ? true : undefined,
      supervisor: project?.party('SUPERVISE_DEPT_NAME', 'SUPERVISE_DEPT_CODE'),
    }),
    occurredAt: project?.instant('CREATE_TIME') ?? section?.instant('CREATE_TIME'),
  };
}

const isCorrection = (view: RecordView) =>
  view.text('NOTICE_NATURE') === IMPORT_CODES.noticeNature.correction;

function announcement(view: RecordView, transaction: TransactionRecords): StageBuild {
  const stated = announcementOf(view, transaction);
  const publishedAt = view.needInstant('NOTICE_SEND_TIME');
  if (!isCorrection(view)) {
    return {
      type: 'AnnouncementPublished',
      data: { ...stated.subject, ...stated.common, ...stated.announcement },
      occurredAt: stated.occurredAt ?? publishedAt,
      publishedAt,
      inferred: [],
      parts: stated.parts,
    };
  }
  // A correction is the whole announcement again (公告性质 2): it restates it; what changed is its notice.
  return {
    type: 'AnnouncementCorrected',
    data: {
      ...stated.subject,
      ...stated.common,
      correctedAt: publishedAt,
      reason: stated.announcement.title,
      corrections: [{ field: 'announcement', after: stated.announcement.title }],
      bidDeadline: stated.announcement.bidDeadline,
      documentsIssueEnd: stated.announcement.documentsIssueEnd,
      restatedAnnouncement: stated.announcement,
      ...(stated.announcement.content
        ? { notice: { title: stated.announcement.title, content: stated.announcement.content } }
        : {}),
    },
    occurredAt: publishedAt,
    publishedAt,
    inferred: [{ field: 'correctedAt', from: 'NOTICE_SEND_TIME' }],
    parts: stated.parts,
  };
}

/** 516 PASSED_APPLICANT_LIST: `name(code);name(code)` as the forward mapping writes it. */
function applicants(view: RecordView, field: string) {
  const list = view.text(field);
  if (list === undefined) return [];
  return list
    .split(/[;；]/)
    .filter((item) => item.trim() !== '')
    .map((item) => {
      const match = /^(.+?)[(（]([0-9A-Z]{18})[)）]$/.exec(item.trim());
      if (!match)
        throw new SpecValueError(
          field,
          `expected name(unified social credit code), got ${JSON.stringify(item)}`,
        );
      return { name: match[1]!.trim(), creditCode: match[2]! };
    });
}

function qualification(view: RecordView): StageBuild {
  const reviewedAt = view.needInstant('RESULT_CREATE_TIME');
  const inferred: Inference[] = [];
  return {
    type: 'QualificationResultPublished',
    data: defined({
      reviewKind: 'prequalification',
      reviewedAt,
      passed: applicants(view, 'PASSED_APPLICANT_LIST'),
      rejected: [],
      notice: noticeOf(view, 'NOTICE_NAME', 'NOTICE_CONTENT'),
    }),
    occurredAt: reviewedAt,
    publishedAt: requiredInstant(view, 'publishedAt', { fallback: 'RESULT_CREATE_TIME' }, inferred),
    inferred,
    parts: [],
  };
}

/** 507 开标明细 of the candidate: its 工期 and 项目负责人, which 510 does not carry. */
function bidOf(transaction: TransactionRecords, section: string | undefined, creditCode: string) {
  return transaction
    .of('507')
    .find(
      (bid) =>
        bid.text('BIDDER_ORG_CODE') === creditCode &&
        (section === undefined || bid.text('BID_SECTION_CODE') === section),
    );
}

function candidates(view: RecordView, transaction: TransactionRecords): StageBuild {
  const section = view.text('BID_SECTION_CODES');
  const rows = transaction
    .of('510')
    .filter((row) => section === undefined || row.text('BID_SECTION_CODE') === section);
  if (rows.length === 0)
    throw new SpecValueError(
      'BID_SECTION_CODES',
      'no 510 中标候选人 record of the section: the publicity requires its candidates',
    );
  const parts: RecordView[] = [...rows];
  const candidates = rows.map((row) => {
    const party = row.needParty('WIN_CANDIDATE_NAME', 'WIN_CANDIDATE_CODE');
    const bid = bidOf(transaction, section, party.creditCode);
    if (bid) parts.push(bid);
    const manager = bid?.text('BID_MANAGER');
    const certificate = bid?.text('PM_CERTIFICATES');
    return {
      rank: row.integer('WIN_CANDIDATE_ORDER'),
      ...party,
      bidPrice: row.yuan('BID_PRICE', 'PRICE_UINT'),
      evaluationScore: row.text('EVALUATION_RESULT'),
      // The forward mapping sends the score as 评标情况 when there is no summary.
      evaluationSummary:
        row.text('EVALUATION_STATUS') === row.text('EVALUATION_RESULT')
          ? undefined
          : row.text('EVALUATION_STATUS'),
      qualityCommitment: row.text('QUALITY'),
      declaredQualifications: (row.text('WIN_CANDIDATE_QUALIFICATION') ?? '')
        .split(/[;；]/)
        .filter((q) => q.trim() !== ''),
      durationDays: bid?.integer('TIME_LIMIT'),
      projectManager: manager && certificate ? { name: manager, certificateNumber: certificate } : undefined,
      ...row.supplements(),
    };
  });
  const inferred: Inference[] = [];
  const publicityStart = view.needInstant('PUBLICITY_START_TIME');
  return {
    type: 'CandidatesPublicized',
    data: defined({
      publicityStart,
      publicityEnd: view.needInstant('PUBLICITY_END_TIME'),
      evaluationReportReceived: requiredInstant(view, 'evaluationReportReceived', {}, inferred),
      objectionChannel: view.need('OBJECTION_METHOD'),
      candidates: candidates.map((c) => defined(c)).sort((a, b) => Number(a.rank) - Number(b.rank)),
      priceForm: rows[0]!.priceForm(),
      notice: noticeOf(view, 'PUBLICITY_NAME', 'PUBLICITY_CONTENT'),
      publication: publicationOf(view, {
        media: 'NOTICE_MEDIA',
        duty: 'BULLETIN_DUTY',
        examiner: 'EXAMINER_NAME',
      }),
    }),
    occurredAt: publicityStart,
    publishedAt: requiredInstant(
      view,
      'publishedAt',
      { own: 'PUBLICITY_REFER_TIME', fallback: 'PUBLICITY_START_TIME' },
      inferred,
    ),
    inferred,
    parts,
  };
}

function award(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const publishedAt = view.needInstant('NOTICE_SEND_TIME');
  const winnerChosen = requiredInstant(view, 'winnerChosen', { fallback: 'NOTICE_SEND_TIME' }, inferred);
  return {
    type: 'AwardPublished',
    data: defined({
      winnerChosen,
      winBidder: view.needParty('WIN_BIDDER_NAME', 'WIN_BIDDER_CODE'),
      bidAmount: view.needYuan('BID_AMOUNT'),
      priceForm: view.priceForm(),
      agency: view.party('TENDER_AGENCY_NAME', 'TENDER_AGENCY_CODE'),
      notice: noticeOf(view, 'NOTICE_NAME', 'NOTICE_CONTENT'),
      publication: publicationOf(view, {
        media: 'NOTICE_MEDIA',
        duty: 'BULLETIN_DUTY',
        examiner: 'EXAMINER_NAME',
      }),
      ...view.supplements(),
    }),
    occurredAt: winnerChosen,
    publishedAt,
    inferred,
    parts: [],
  };
}

function contract(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const signedAt = view.needInstant('CONTRACT_SIGN_TIME');
  return {
    type: 'ContractSigned',
    data: defined({
      signedAt,
      winBidder: view.needParty('BIDDER_NAME', 'BIDDER_CODE'),
      contractAmount: view.needYuan('CONTRACT_PRICE'),
      priceForm: view.priceForm(),
      notice: noticeOf(view, 'CONTRACT_NAME', 'CONTRACT_CONTENT'),
    }),
    occurredAt: signedAt,
    publishedAt: requiredInstant(view, 'publishedAt', { fallback: 'CONTRACT_SIGN_TIME' }, inferred),
    inferred,
    parts: [],
  };
}

function performance(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const changedAt = view.instant('FINISH_TIME') ?? view.needInstant('REPORT_ISSUE_TIME');
  const variation = view.text('CONTRACT_CHANGE_CONTENT');
  return {
    type: 'ContractChanged',
    data: defined({
      changeKind: variation ? 'variation' : 'performance',
      changedAt,
      description: view.text('PERFORMANCE_CONTENT') ?? variation ?? view.need('PERFORMANCE_REPORT_NAME'),
      newContractAmount: view.yuan('SETTLE_PRICE'),
      performingParty: view.party('PERFORMANCE_PARTY_NAME', 'PERFORMANCE_PARTY_CODE'),
    }),
    occurredAt: changedAt,
    publishedAt: requiredInstant(
      view,
      'publishedAt',
      { own: 'REPORT_ISSUE_TIME', fallback: 'FINISH_TIME' },
      inferred,
    ),
    inferred,
    parts: [],
  };
}

/** 异常情况类型 back to the termination kind (the inverse of engineering.records.ts' EXCEPTION_TYPE). */
const EXCEPTION_TYPE = { failed_bid: '1', terminated: '2', annulled: '9' } as const;

function termination(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const terminatedAt = requiredInstant(view, 'terminatedAt', { fallback: 'APPROVAL_TIME' }, inferred);
  const approvedAt = view.instant('APPROVAL_TIME');
  const result = view.text('APPROVAL_RESULT');
  return {
    type: 'TransactionTerminated',
    data: defined({
      terminationKind: fromCode('EXCEPITON_TYPE', EXCEPTION_TYPE, view.need('EXCEPITON_TYPE')),
      terminatedAt,
      reason: view.need('EXCEPITON_INFOR'),
      approval: result && approvedAt ? { result, approvedAt } : undefined,
    }),
    occurredAt: terminatedAt,
    publishedAt: requiredInstant(view, 'publishedAt', { fallback: 'APPROVAL_TIME' }, inferred),
    inferred,
    parts: [],
  };
}

const sectionKey = ['TENDER_PROJECT_CODE', 'BID_SECTION_CODE'] as const;

export const ENGINEERING_IMPORTS: readonly DataSetImport[] = [
  { code: '501', domain, transactionId: tenderProjectCode, key: (v) => keyOf(v, ['TENDER_PROJECT_CODE']) },
  { code: '502', domain, transactionId: tenderProjectCode, key: (v) => keyOf(v, sectionKey) },
  {
    code: '507',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, [...sectionKey, 'BIDDER_ORG_CODE']),
  },
  {
    code: '510',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, [...sectionKey, 'WIN_CANDIDATE_CODE']),
  },
  {
    code: '503',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, ['TENDER_PROJECT_CODE', 'BID_SECTION_CODES', 'NOTICE_NATURE', 'NOTICE_SEND_TIME']),
    stage: {
      of: (v) => (isCorrection(v) ? 'AnnouncementCorrected' : 'AnnouncementPublished'),
      build: announcement,
    },
  },
  {
    code: '516',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, sectionKey),
    stage: { of: () => 'QualificationResultPublished', build: qualification },
  },
  {
    code: '511',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, ['TENDER_PROJECT_CODE', 'BID_SECTION_CODES', 'PUBLICITY_START_TIME']),
    stage: { of: () => 'CandidatesPublicized', build: candidates },
  },
  {
    code: '513',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, [...sectionKey, 'NOTICE_SEND_TIME']),
    stage: { of: () => 'AwardPublished', build: award },
  },
  {
    code: '512',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, [...sectionKey, 'CONTRACT_SIGN_TIME']),
    stage: { of: () => 'ContractSigned', build: contract },
  },
  {
    code: '522',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, [...sectionKey, 'FINISH_TIME', 'REPORT_ISSUE_TIME', 'PERFORMANCE_REPORT_NAME']),
    stage: { of: () => 'ContractChanged', build: performance },
  },
  {
    code: '517',
    domain,
    transactionId: tenderProjectCode,
    key: (v) => keyOf(v, [...sectionKey, 'EXCEPITON_TYPE']),
    stage: { of: () => 'TransactionTerminated', build: termination },
  },
];
