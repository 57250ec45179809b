/**
 * Which data set of the national data specification (公共资源交易平台系统数据规范) each stage event goes to,
 * per transaction domain. Numbers follow the public implementations named in DOMAIN.md: 501-522
 * engineering, 550-557 procurement, 600/601 land, 650-660 mining, 700-753 state property, 302/303
 * blacklist. Domains the specification does not number (medical, emission, sea area, forest, housing)
 * use the provisional 9xx "other transactions" sets below. A province that numbers differently
 * overrides entries through the mapper options (`dataSets`), without a code change.
 */

export interface DataSetEntry {
  /** Data set code, e.g. '503'. */
  code: string;
  /** Name in the specification. */
  name: string;
  /**
   * NOTICE_NATURE of announcement-type records: 1 normal, 2 correction (更正), 3 termination (终止).
   * Left out for data sets that are not announcements.
   */
  noticeNature?: '1' | '2' | '3';
}

/** `${domain}:${eventType}`; `*` as domain applies to every domain without its own entry. */
export type DataSetKey = `${string}:${string}`;

/** `null` marks an event the provincial platform does not take (skipped). */
export type DataSetTable = Readonly<Record<DataSetKey, DataSetEntry | null>>;

const announcement = (code: string, name: string): Record<string, DataSetEntry> => ({
  AnnouncementPublished: { code, name, noticeNature: '1' },
  AnnouncementCorrected: { code, name, noticeNature: '2' },
  TransactionTerminated: { code, name, noticeNature: '3' },
});

function domainTable(
  domain: string,
  entries: Record<string, DataSetEntry>,
): Record<DataSetKey, DataSetEntry> {
  const table: Record<DataSetKey, DataSetEntry> = {};
  for (const [eventType, entry] of Object.entries(entries)) table[`${domain}:${eventType}`] = entry;
  return table;
}

const otherTransactions = (domain: string): Record<DataSetKey, DataSetEntry> =>
  domainTable(domain, {
    ...announcement('901', '其他交易公告'),
    QualificationResultPublished: { code: '902', name: '其他交易资格审查结果' },
    CandidatesPublicized: { code: '903', name: '其他交易成交候选人公示' },
    AwardPublished: { code: '904', name: '其他交易成交结果' },
    ContractSigned: { code: '905', name: '其他交易合同' },
    ContractChanged: { code: '906', name: '其他交易合同变更及履约' },
  });

export const DEFAULT_PROVINCIAL_DATA_SETS: DataSetTable = {
  // 工程建设项目招标投标
  ...domainTable('engineering', {
    ...announcement('503', '招标公告与资格预审公告'),
    QualificationResultPublished: { code: '516', name: '资格预审结果' },
    CandidatesPublicized: { code: '511', name: '中标候选人公示' },
    AwardPublished: { code: '513', name: '中标结果公示' },
    ContractSigned: { code: '522', name: '合同订立及履约' },
    ContractChanged: { code: '522', name: '合同订立及履约' },
  }),
  // 政府采购
  ...domainTable('procurement', {
    AnnouncementPublished: { code: '551', name: '采购公告', noticeNature: '1' },
    AnnouncementCorrected: { code: '552', name: '更正公告', noticeNature: '2' },
    TransactionTerminated: { code: '552', name: '更正公告', noticeNature: '3' },
    QualificationResultPublished: { code: '553', name: '资格审查结果' },
    CandidatesPublicized: { code: '553', name: '资格审查结果' },
    AwardPublished: { code: '554', name: '中标（成交）结果公告' },
    ContractSigned: { code: '555', name: '采购合同' },
    ContractChanged: { code: '556', name: '采购合同变更及履约' },
    ComplaintDecided: { code: '557', name: '投诉处理及监督检查处理决定' },
  }),
  // 国有土地使用权出让
  ...domainTable('land', {
    ...announcement('600', '土地出让公告'),
    CandidatesPublicized: { code: '601', name: '土地成交公示及供应结果' },
    AwardPublished: { code: '601', name: '土地成交公示及供应结果' },
    ContractSigned: { code: '601', name: '土地成交公示及供应结果' },
    ContractChanged: { code: '601', name: '土地成交公示及供应结果' },
  }),
  // 矿业权出让
  ...domainTable('mining', {
    ...announcement('651', '矿业权出让公告'),
    CandidatesPublicized: { code: '652', name: '矿业权成交公示' },
    AwardPublished: { code: '653', name: '矿业权出让结果' },
    ContractSigned: { code: '654', name: '矿业权出让合同' },
    ContractChanged: { code: '655', name: '矿业权变更信息' },
  }),
  // 国有产权交易
  ...domainTable('state_property', {
    ...announcement('701', '产权转让信息披露'),
    QualificationResultPublished: { code: '702', name: '意向受让方资格确认' },
    CandidatesPublicized: { code: '703', name: '产权交易成交公示' },
    AwardPublished: { code: '703', name: '产权交易成交公示' },
    ContractSigned: { code: '704', name: '产权交易合同' },
    ContractChanged: { code: '705', name: '产权交易合同变更' },
  }),
  ...otherTransactions('medical'),
  ...otherTransactions('emission'),
  ...otherTransactions('sea_area'),
  ...otherTransactions('forest'),
  ...otherTransactions('housing'),
  // Complaint decisions outside procurement: published with the transaction's other supervision records.
  '*:ComplaintDecided': { code: '907', name: '投诉及监督检查处理决定' },
  // 黑名单 and its withdrawal (失信联合惩戒), shared with the trading platform in real time.
  '*:BlacklistEntered': { code: '302', name: '黑名单' },
  '*:BlacklistRemoved': { code: '303', name: '黑名单移出' },
  // Penalties and credit records go to the public credit platform / Credit China (their own target),
  // which shares them onward; a province that wants them directly maps them here.
  '*:PenaltyImposed': null,
  '*:CreditRecorded': null,
};

/** The entry for an event, or undefined when the table has none (or says the platform does not take it). */
export function dataSetFor(
  table: DataSetTable,
  domain: string | undefined,
  eventType: string,
): DataSetEntry | undefined {
  if (domain !== undefined) {
    const specific = table[`${domain}:${eventType}`];
    if (specific !== undefined) return specific ?? undefined;
  }
  return table[`*:${eventType}`] ?? undefined;
}
