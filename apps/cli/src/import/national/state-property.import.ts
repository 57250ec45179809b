import { defined, requiredInstant, type Inference, type RecordView } from './record-view';
import { keyOf, resentKeyOf, type DataSetImport, type StageBuild } from './data-set-import';

/**
 * 国有产权交易, the inverse of libs/sinks/src/mappers/national/state-property.records.ts: 700 is the listing
 * (its end is 挂牌日期 plus 挂牌期间 days), 701 the result. 701 has no publicity period, which the domain's
 * result requires: it must come as the supplements `gongkai:publicityStart` and `gongkai:publicityEnd`.
 */

const domain = 'state_property' as const;
const projectCode = (view: RecordView) => view.need('PROJECT_CODE', 'it names the transaction');
const DAY_MS = 24 * 3600_000;

function listing(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const announcementStart = view.needInstant('PUBLISH_DATE');
  const days = view.integer('PUBLISH_DURATION');
  const supplements = view.supplements();
  const end =
    days === undefined
      ? requiredInstant(view, 'announcementEnd', {}, inferred)
      : new Date(Date.parse(announcementStart) + days * DAY_MS).toISOString().replace(/\.000Z$/, 'Z');
  const title = supplements.title ?? view.need('PROJECT_NAME');
  if (supplements.title === undefined) inferred.push({ field: 'title', from: 'PROJECT_NAME' });
  return {
    type: 'AnnouncementPublished',
    data: defined({
      propertyProjectCode: projectCode(view),
      targetName: view.need('PROJECT_NAME'),
      transferor: view.needParty('SELLER_NAME', 'SELLER_CODE'),
      priceForm: view.priceForm(),
      listingPrice: view.needYuan('PROJECT_PRICE'),
      announcementStart,
      announcementEnd: end,
      autoExtension: view.flag('POST_PONE'),
      transfereeConditions: view.text('TRANSFER_NOTES'),
      url: view.text('PROJECT_URL'),
      ...supplements,
      title,
    }),
    occurredAt: announcementStart,
    publishedAt: announcementStart,
    inferred,
    parts: [],
  };
}

function result(view: RecordView): StageBuild {
  const inferred: Inference[] = [];
  const winnerChosen = view.needInstant('TRADE_DATE');
  return {
    type: 'AwardPublished',
    data: defined({
      winnerChosen,
      // 701's SELLER_* are the 受让方 (the buyer), as the forward mapping notes.
      transferee: view.needParty('SELLER_NAME', 'SELLER_CODE'),
      dealPrice: view.needYuan('TRADE_VALUE'),
      appraisedValue: view.yuan('OBJECT_EVALUATE_VALUE'),
      priceForm: view.priceForm(),
      publicityStart: requiredInstant(view, 'publicityStart', {}, inferred),
      publicityEnd: requiredInstant(view, 'publicityEnd', {}, inferred),
      ...view.supplements(),
    }),
    occurredAt: winnerChosen,
    publishedAt: requiredInstant(view, 'publishedAt', { fallback: 'TRADE_DATE' }, inferred),
    inferred,
    parts: [],
  };
}

export const STATE_PROPERTY_IMPORTS: readonly DataSetImport[] = [
  {
    code: '700',
    domain,
    transactionId: projectCode,
    // A correction resends the listing whole: the second and later are corrections (see transaction-events).
    key: (v) => resentKeyOf(v, ['PROJECT_CODE', 'BID_CODE']),
    stage: { of: () => 'AnnouncementPublished', build: listing },
  },
  {
    code: '701',
    domain,
    transactionId: projectCode,
    key: (v) => keyOf(v, ['PROJECT_CODE', 'BID_CODE']),
    stage: { of: () => 'AwardPublished', build: result },
  },
];
