import { IMPORT_CODES, SpecValueError, fromCode } from './spec-values';
import { defined, group, noticeOf, requiredInstant, type Inference, type RecordView } from './record-view';
import { keyOf, type DataSetImport, type StageBuild, type TransactionRecords } from './data-set-import';

/**
 * 政府采购, the inverse of libs/sinks/src/mappers/national/procurement.records.ts: 551 (with its 550 采购项目)
 * is the announcement, 552 a correction, 553 the award, 554 the contract. 552 is imported as a correction:
 * the specification sends a termination as a 552 too, with nothing in it that tells the two apart.
 */

const domain = 'procurement' as const;
const projectCode = (view: RecordView) => view.need('PURCHASE_PROJECT_CODE', 'it names the transaction');

function projectOf(view: RecordView, transaction: TransactionRecords): RecordView {
  const section = view.text('PURCHASE_SECTION_CODE');
  const projects = transaction.of('550');
  const project = projects.find((p) => p.text('PURCHASE_SECTION_CODE') === section) ?? projects[0];
  if (!project) {
    throw new SpecValueError(
      'PURCHASE_PROJECT_CODE',
      'no 550 采购项目 record of the project gives the purchaser, method and budget the announcement requires',
    );
  }
  return project;
}

function announcement(view: RecordView, transaction: TransactionRecords): StageBuild {
  const project = projectOf(view, transaction);
  const inferred: Inference[] = [];
  const publishedAt = view.needInstant('BULLETIN_START_TIME');
  const bidDeadline = view.needInstant('BID_CLOSING_TIME');
  const agency = project.party('PURCHASER_AGENCY_NAME', 'PURCHASER_AGENCY_CODE');
  const agencyContact = group(
    {
      person: project.text('PURCHASER_AGENCY_CONNECTOR'),
      telephone: project.text('PURCHASER_AGENCY_INFORMATION'),
    },
    ['person', 'telephone'],
  );
  return {
    type: 'AnnouncementPublished',
    data: defined({
      procurementProjectCode: projectCode(view),
      procurementProjectName: view.text('PURCHASE_PROJECT_NAME') ?? project.need('PURCHASE_PROJECT_NAME'),
      procurementMethod: fromCode(
        'PURCHASER_MODE',
        IMPORT_CODES.procurementMode,
        project.need('PURCHASER_MODE'),
      ),
      purchaser: project.needParty('PURCHASER_NAME', 'PURCHASER_CODE'),
      agency: agency ? defined({ ...agency, contact: agencyContact }) : undefined,
      priceForm: project.priceForm(),
      title: view.need('BULLETIN_TITLE'),
      content: view.text('BULLETIN_CONTENT'),
      url: view.text('URL'),
      budgetAmount: project.needYuan('PROGRAM_BUDGET', 'UNIT_BUDGET'),
      announcementStart: publishedAt,
      announcementEnd: requiredInstant(view, 'announcementEnd', { fallback: 'BID_CLOSING_TIME' }, inferred),
      bidDeadline,
      ...view.supplements(),
    }),
    occurredAt: project.instant('CREATE_TIME') ?? publishedAt,
    publishedAt,
    inferred,
    parts: [project],
  };
}

function correction(view: RecordView): StageBuild {
  const publishedAt = view.needInstant('MODIFICATION_START_TIME');
  const title = view.need('TERMINATION_BULLETIN_TITLE');
  return {
    type: 'AnnouncementCorrected',
    data: defined({
      correctedAt: publishedAt,
      reason: title,
      corrections: [{ field: 'announcement', after: title }],
      bidDeadline: view.instant('POST_BID_CLOSING_TIME'),
      notice: noticeOf(view, 'TERMINATION_BULLETIN_TITLE', 'TERMINATION_BULLETIN_CONTENT'),
    }),
    occurredAt: publishedAt,
    publishedAt,
    inferred: [{ field: 'correctedAt', from: 'MODIFICATION_START_TIME' }],
    parts: [],
  };
}

function award(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const publishedAt = view.needInstant('WIN_BID_BULLETIN_START_TIME');
  const winnerChosen = requiredInstant(
    view,
    'winnerChosen',
    { fallback: 'WIN_BID_BULLETIN_START_TIME' },
    inferred,
  );
  return {
    type: 'AwardPublished',
    data: defined({
      winnerChosen,
      supplier: view.needParty('WINNINGBIDDER_NAME', 'WINNINGBIDDER_CODE'),
      dealAmount: view.needYuan('WIN_BID_PRICE'),
      priceForm: view.priceForm(),
      agency: view.party('PURCHASER_AGENCY_NAME', 'PURCHASER_AGENCY_CODE'),
      notice: noticeOf(view, 'WIN_BID_BULLETIN_TITLE', 'WIN_BID_BULLETIN_CONTENT'),
    }),
    occurredAt: winnerChosen,
    publishedAt,
    inferred,
    parts: [],
  };
}

function contract(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const signedAt = view.needInstant('SIGNING_TIME');
  return {
    type: 'ContractSigned',
    data: defined({
      signedAt,
      supplier: view.needParty('SUPPLIER_NAME', 'SUPPLIER_CODE'),
      contractAmount: view.needYuan('CONTRACT_AMOUNT'),
      priceForm: view.priceForm(),
    }),
    occurredAt: signedAt,
    publishedAt: requiredInstant(view, 'publishedAt', { fallback: 'SIGNING_TIME' }, inferred),
    inferred,
    parts: [],
  };
}

const sectionKey = ['PURCHASE_PROJECT_CODE', 'PURCHASE_SECTION_CODE'] as const;

export const PROCUREMENT_IMPORTS: readonly DataSetImport[] = [
  { code: '550', domain, transactionId: projectCode, key: (v) => keyOf(v, sectionKey) },
  {
    code: '551',
    domain,
    transactionId: projectCode,
    key: (v) => keyOf(v, sectionKey),
    stage: { of: () => 'AnnouncementPublished', build: announcement },
  },
  {
    code: '552',
    domain,
    transactionId: projectCode,
    key: (v) => keyOf(v, [...sectionKey, 'MODIFICATION_START_TIME']),
    stage: { of: () => 'AnnouncementCorrected', build: correction },
  },
  {
    code: '553',
    domain,
    transactionId: projectCode,
    key: (v) => keyOf(v, sectionKey),
    stage: { of: () => 'AwardPublished', build: award },
  },
  {
    code: '554',
    domain,
    transactionId: projectCode,
    key: (v) => keyOf(v, sectionKey),
    stage: { of: () => 'ContractSigned', build: contract },
  },
];
