import { IMPORT_CODES, fromCode } from './spec-values';
import { defined, requiredInstant, type Inference, type RecordView } from './record-view';
import { keyOf, resentKeyOf, type DataSetImport, type StageBuild } from './data-set-import';

/**
 * 矿业权出让, the inverse of libs/sinks/src/mappers/national/mining.records.ts: 650 (探矿权) / 651 (采矿权) is
 * the announcement, 652 / 653 the result. No mining data set carries the right's project code, so the
 * transaction is keyed by its 统一交易标识码 (UNIFIED_DEAL_CODE, the same on each of its records); the
 * announcement's title, starting price and trading start are in no mining data set: the title defaults to
 * the right's name (named as inferred), the other two must come as supplements.
 */

const domain = 'mining' as const;
const dealCode = (view: RecordView) => view.need('UNIFIED_DEAL_CODE', 'it names the transaction');
const PAYMENT_STYLE = { lump_sum: '1', instalments: '2' } as const;

function right(view: RecordView) {
  const mineral = view.text('IN_MINE_COME');
  return defined({
    miningRightProjectCode: dealCode(view),
    miningRightName: view.need('NA_APP_NAME'),
    rightKind: view.dataSet === '650' || view.dataSet === '652' ? 'exploration' : 'mining',
    transferMethod: fromCode('IN_BUY_KIND', IMPORT_CODES.miningTransferKind, view.need('IN_BUY_KIND')),
    areaSquareKilometres: view.need('QT_TOTAL_AREA'),
    mineralCode: mineral,
    termYears: view.integer('QT_PLAN_YEARS'),
    location: view.text('NA_GEOGRAPHY_POSITION'),
    areaCoordinates: view.text('NA_AREA_COORDINATE'),
  });
}

function announcement(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const publishedAt = view.needInstant('PUBLISHING_TIME');
  const supplements = view.supplements();
  const mineralType = supplements.mineralType ?? view.need('IN_MINE_COME');
  if (supplements.mineralType === undefined) inferred.push({ field: 'mineralType', from: 'IN_MINE_COME' });
  const title = supplements.title ?? view.need('NA_APP_NAME');
  if (supplements.title === undefined) inferred.push({ field: 'title', from: 'NA_APP_NAME' });
  return {
    type: 'AnnouncementPublished',
    data: defined({
      ...right(view),
      url: view.text('URL'),
      ...supplements,
      mineralType,
      title,
      tradingStart: requiredInstant(view, 'tradingStart', {}, inferred),
    }),
    occurredAt: publishedAt,
    publishedAt,
    inferred,
    parts: [],
  };
}

function award(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const publishedAt = view.needInstant('PUBLISHING_TIME');
  const winnerChosen = requiredInstant(
    view,
    'winnerChosen',
    { own: 'DT_BUY_DATE', fallback: 'PUBLISHING_TIME' },
    inferred,
  );
  const style = view.text('IN_COST_STYLE');
  return {
    type: 'AwardPublished',
    data: defined({
      winnerChosen,
      transferee: view.needParty('NA_PUBLIC_BIDDER', 'BIDDER_CODE'),
      dealPrice: view.needYuan('QT_PUBLIC_PRICE'),
      transfereeAddress: view.text('NA_REG_ADDRESS'),
      dealPlace: view.text('NA_TD_ADDRESS'),
      paymentStyle: style === undefined ? undefined : fromCode('IN_COST_STYLE', PAYMENT_STYLE, style),
      paymentDueOn: view.date('DT_COST_DATE'),
      ...view.supplements(),
    }),
    occurredAt: winnerChosen,
    publishedAt,
    inferred,
    parts: [],
  };
}

const key = (v: RecordView) => keyOf(v, ['UNIFIED_DEAL_CODE']);
/** A correction resends the announcement whole: the second and later are corrections (see transaction-events). */
const resentKey = (v: RecordView) => resentKeyOf(v, ['UNIFIED_DEAL_CODE']);

export const MINING_IMPORTS: readonly DataSetImport[] = [
  ...(['650', '651'] as const).map((code) => ({
    code,
    domain,
    transactionId: dealCode,
    key: resentKey,
    stage: { of: () => 'AnnouncementPublished' as const, build: announcement },
  })),
  ...(['652', '653'] as const).map((code) => ({
    code,
    domain,
    transactionId: dealCode,
    key,
    stage: { of: () => 'AwardPublished' as const, build: award },
  })),
];
