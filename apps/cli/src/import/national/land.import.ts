import { IMPORT_CODES, SpecValueError, fromCode, shiftDecimal } from './spec-values';
import { defined, group, requiredInstant, type Inference, type RecordView } from './record-view';
import {
  keyOf,
  type DataSetImport,
  type ImportedStage,
  type StageBuild,
  type TransactionRecords,
} from './data-set-import';

/**
 * 国有建设用地使用权出让, the inverse of libs/sinks/src/mappers/national/land.records.ts: 600 by its 公示类型
 * is the announcement (1), a correction (2) or a withdrawal (3); 601 is the award. The parcel's use, area and
 * tenure are only on 601, so an announcement takes them from its parcel's 601 record or from supplements;
 * its starting price and deposit are in no land data set and must come as supplements.
 */

const domain = 'land' as const;
const parcelOf600 = (view: RecordView) => view.need('ANNOUNCEMENT_GUID', 'it names the transaction (宗地)');
const parcelOf601 = (view: RecordView) =>
  view.need('DEAL_ANNOUNCEMENT_GUID', 'it names the transaction (宗地)');

/** 项目名称 is `location（parcel code）` as the forward mapping writes it: the location back. */
function locationOf(view: RecordView): string {
  const name = view.need('LAND_PROJECT_NAME');
  const code = view.text('ANNOUNCEMENT_GUID') ?? view.text('DEAL_ANNOUNCEMENT_GUID');
  const suffix = `（${code}）`;
  return code && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/** Use, area (公顷 on 601, square metres in the domain) and tenure of the parcel. */
function parcelFacts(view: RecordView, transaction: TransactionRecords) {
  const deal = transaction.of('601')[0];
  const supplements = view.supplements();
  const area = deal?.text('LAND_AREA');
  return {
    deal,
    facts: defined({
      landUse: deal?.text('LAND_USAGE') ?? supplements.landUse,
      areaSquareMetres: area !== undefined ? shiftDecimal(area, 4) : supplements.areaSquareMetres,
      tenureYears: deal?.integer('LEND_AGE_LIMIT') ?? supplements.tenureYears,
    }),
  };
}

function stageOf(view: RecordView): ImportedStage {
  const type = view.need('ANNOUNCEMENT_TYPE');
  if (type === IMPORT_CODES.noticeNature.correction) return 'AnnouncementCorrected';
  if (type === IMPORT_CODES.noticeNature.termination) return 'TransactionTerminated';
  return 'AnnouncementPublished';
}

function announcement(view: RecordView, transaction: TransactionRecords): StageBuild {
  const { deal, facts } = parcelFacts(view, transaction);
  const publishedAt = view.needInstant('PUBLISHING_TIME');
  const { landUse: _u, areaSquareMetres: _a, tenureYears: _t, ...supplements } = view.supplements();
  const stated = defined({
    title: view.need('ANNOUNCEMENT_TITLE'),
    content: view.text('ANNOUNCEMENT_CONNECT'),
    url: view.text('URL'),
    tradingStart: view.needInstant('LISTING_START_TIME'),
    listingStart: view.instant('LISTING_START_TIME'),
    listingEnd: view.instant('LISTING_DEADLINE'),
    ...supplements,
  });
  const subject = defined({
    landParcelCode: parcelOf600(view),
    parcelLocation: locationOf(view),
    transferMethod: fromCode('SUPPLY_TYPE', IMPORT_CODES.landSupplyType, view.need('SUPPLY_TYPE')),
    ...facts,
    tradingVenue: group(
      {
        name: view.text('TRA_AGENCY_NAME'),
        creditCode: view.text('TRA_AGENCY_CODE'),
        regionCode: view.text('TRA_PLACE_CODE'),
      },
      ['name', 'creditCode', 'regionCode'],
    ),
    contact: group(
      {
        person: view.text('CONTACT_PERSON'),
        telephone: view.text('CONTACT_NUMBER'),
        email: view.text('EMAIL'),
        address: view.text('UNIT_ADDRESS'),
      },
      ['person', 'telephone'],
    ),
  });
  const parts = deal ? [deal] : [];
  const stage = stageOf(view);
  if (stage === 'AnnouncementPublished') {
    return {
      type: stage,
      data: { ...subject, ...stated },
      occurredAt: view.instant('CREATE_TIME') ?? publishedAt,
      publishedAt,
      inferred: [],
      parts,
    };
  }
  if (stage === 'AnnouncementCorrected') {
    const correctedAt = view.instant('CHANGE_TIME') ?? publishedAt;
    return {
      type: stage,
      data: {
        ...subject,
        correctedAt,
        reason: stated.title,
        corrections: [{ field: 'announcement', after: stated.title }],
        tradingStart: stated.tradingStart,
        restatedAnnouncement: stated,
      },
      occurredAt: correctedAt,
      publishedAt,
      inferred: view.text('CHANGE_TIME') ? [] : [{ field: 'correctedAt', from: 'PUBLISHING_TIME' }],
      parts,
    };
  }
  const inferred: Inference[] = [];
  const terminatedAt = requiredInstant(
    view,
    'terminatedAt',
    { own: 'RETREAT_TIME', fallback: 'PUBLISHING_TIME' },
    inferred,
  );
  return {
    type: stage,
    data: {
      ...subject,
      terminationKind: 'terminated',
      terminatedAt,
      reason: view.need('CANCEL_REASON'),
      restatedAnnouncement: stated,
    },
    occurredAt: terminatedAt,
    publishedAt,
    inferred,
    parts,
  };
}

function award(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const publishedAt = view.needInstant('PUBLISHING_TIME');
  const winnerChosen = requiredInstant(view, 'winnerChosen', { fallback: 'PUBLISHING_TIME' }, inferred);
  const notice = group(
    { title: view.text('ANNOUNCEMENT_TITLE'), content: view.text('ANNOUNCEMENT_CONNECT') },
    ['title', 'content'],
  );
  if (view.text('LAND_AREA') === undefined)
    throw new SpecValueError('LAND_AREA', 'is empty, and the parcel requires it');
  return {
    type: 'AwardPublished',
    data: defined({
      winnerChosen,
      landee: view.needParty('LENDING_NAME', 'LENDING_CODE'),
      dealPrice: view.needYuan('DEAL_PRICE'),
      notice,
      ...view.supplements(),
    }),
    occurredAt: winnerChosen,
    publishedAt,
    inferred,
    parts: [],
  };
}

export const LAND_IMPORTS: readonly DataSetImport[] = [
  {
    code: '600',
    domain,
    transactionId: parcelOf600,
    key: (v) => keyOf(v, ['ANNOUNCEMENT_GUID', 'ANNOUNCEMENT_TYPE', 'PUBLISHING_TIME']),
    stage: { of: stageOf, build: announcement },
  },
  {
    code: '601',
    domain,
    transactionId: parcelOf601,
    key: (v) => keyOf(v, ['DEAL_ANNOUNCEMENT_GUID', 'DEAL_LAND_CODE']),
    stage: { of: () => 'AwardPublished', build: award },
  },
];
