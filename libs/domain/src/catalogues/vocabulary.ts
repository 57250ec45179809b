/**
 * The words catalogues are written in. These lists are the source: the event catalogue (`../events`) takes
 * its EVENT_TYPES and domain discriminators from here.
 */
export const CATALOGUE_EVENT_TYPES = [
  'AnnouncementPublished',
  'QualificationResultPublished',
  'CandidatesPublicized',
  'AwardPublished',
  'ContractSigned',
  'ContractChanged',
  'AnnouncementCorrected',
  'TransactionTerminated',
  'ComplaintDecided',
  /** 更正公告 of the later stages (the announcement's is AnnouncementCorrected). */
  'QualificationResultCorrected',
  'CandidatesCorrected',
  'AwardCorrected',
  'ContractCorrected',
  'PenaltyImposed',
  'LicenceGranted',
  'CreditRecorded',
  'BlacklistEntered',
  'BlacklistRemoved',
  /** Disclosures outside a transaction (supply plans, catalogues, approvals, housing plans…): `disclosure-<id>` streams. */
  'DisclosurePublished',
  'DisclosureAmended',
] as const;
export type CatalogueEventType = (typeof CATALOGUE_EVENT_TYPES)[number];

export const CATALOGUE_DOMAINS = [
  'engineering',
  'procurement',
  'land',
  'mining',
  'state_property',
  'medical',
  'emission',
  'sea_area',
  'forest',
  'housing',
] as const;
export type CatalogueDomain = (typeof CATALOGUE_DOMAINS)[number];

/** 谁批准谁公开，谁实施谁公开，谁制作谁公开. */
export const CATALOGUE_PUBLISHER_ROLES = [
  /** 审批部门: approves (project approval, transfer plan, penalty decision). */
  'approver',
  /** 实施主体: runs the allocation (招标人, 采购人, 出让人, 转让方...). */
  'implementer',
  /** 制作部门: produced the information (e.g. the supervisor who wrote a complaint decision). */
  'producer',
  /** 公共资源交易中心 / 交易平台 publishing on the implementer's behalf. */
  'trading_centre',
] as const;
export type CataloguePublisherRole = (typeof CATALOGUE_PUBLISHER_ROLES)[number];

/** Where an item must appear (公开渠道). */
export const DISCLOSURE_CHANNELS = [
  /** 政府门户网站 (the first platform). */
  'government_portal',
  /** 部门网站 of the responsible department. */
  'department_website',
  /** 省级公共资源交易平台 (comprehensive publication medium, in sync). */
  'provincial_trading_platform',
  /** 市/县公共资源交易中心网站 or its trading system. */
  'trading_centre_website',
  /** 国家/行业指定媒介 (中国政府采购网, 中国土地市场网, 中国招标投标公共服务平台...). */
  'designated_media',
  /** 公共信用信息共享平台 and local credit websites (信用XX). */
  'public_credit_platform',
  /** 信用中国 website. */
  'credit_china',
  /** 公示栏, 社区/村 notice boards (housing allocation, rural renovation). */
  'notice_board',
] as const;
export type DisclosureChannel = (typeof DISCLOSURE_CHANNELS)[number];

/**
 * Codes of the findings stored with an accepted event (`metadata.findings`): statutory timing
 * (calendar/rule-check.ts), the platform's late recording (lifecycle/publication-time.ts) and conduct
 * (lifecycle/conduct-findings.ts). One list, so the console's filters cannot drift from what the service stores.
 */
export const FINDING_CODES = [
  'LATE_DISCLOSURE',
  'DEADLINE_MISSED',
  'PERIOD_TOO_SHORT',
  'RECORDED_LATE',
  'WINNER_CHOSEN_DURING_PUBLICITY',
  'WINNER_NOT_FIRST_RANKED',
  'SUPPLEMENTARY_CONTRACT_OVER_10_PERCENT',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];
