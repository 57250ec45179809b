/** Chinese first; English on request (the choice is kept in localStorage: it is not a secret). */
export type Lang = 'zh' | 'en';

const LANG_KEY = 'gongkai.lang';

const STRINGS = {
  appTitle: [
    '公共资源交易全流程公开 · 监管控制台',
    'Public resource trading disclosure · supervisors’ console',
  ],
  switchLang: ['English', '中文'],
  login: ['登录', 'Log in'],
  logout: ['退出', 'Log out'],
  token: ['访问令牌', 'Access token'],
  tokenHint: [
    '令牌仅保存在本标签页的会话存储中，关闭即清除。',
    'The token is kept in this tab’s session storage only and cleared when it closes.',
  ],
  loginFailed: ['令牌无效或已撤销', 'The token is unknown or revoked'],
  signedInAs: ['当前身份', 'Signed in as'],
  overview: ['总览', 'Overview'],
  findings: ['监管发现', 'Findings'],
  transaction: ['交易详情', 'Transaction'],
  completeness: ['目录完整性', 'Completeness'],
  credit: ['信用记录', 'Credit'],
  annual: ['年度报告', 'Annual report'],
  operations: ['运维', 'Operations'],
  publicSearch: ['公开查询', 'Public search'],
  disclosures: ['交易外公开事项', 'Other disclosures'],
  relatedDisclosures: ['相关公开事项', 'Related disclosures'],
  kind: ['类别', 'Kind'],
  land_supply_plan: ['土地供应计划', 'Land supply plan'],
  procurement_catalogue: ['集中采购目录及限额标准', 'Procurement catalogue and thresholds'],
  project_approval: ['审批核准备案', 'Project approval or filing'],
  transfer_decision: ['产权交易决策及批准', 'Transfer decision and approval'],
  intermediary_report: ['中介机构审计评估结果', 'Intermediary audit or valuation'],
  housing_plan: ['保障性安居工程计划', 'Affordable housing plan'],
  housing_project: ['保障性住房项目', 'Affordable housing project'],
  housing_allocation_policy: ['保障性住房分配政策', 'Housing allocation policy'],
  housing_allocation_result: ['保障性住房分配结果', 'Housing allocation results'],
  rural_renovation: ['农村危房改造', 'Rural dilapidated-housing renovation'],
  published: ['已公开', 'Published'],
  onTime: ['按时公开', 'On time'],
  late: ['逾期公开', 'Late'],
  missing: ['应公开未公开', 'Missing'],
  pending: ['未到期', 'Not yet due'],
  due: ['应公开', 'Due'],
  coverage: ['覆盖率', 'Coverage'],
  byRegion: ['按地区', 'By region'],
  byMonth: ['按月份', 'By month'],
  byDomain: ['按领域', 'By domain'],
  byPublisher: ['按公开主体', 'By publisher'],
  openItems: ['逾期未公开事项', 'Open items past due'],
  redFlags: ['廉政风险预警', 'Red flags'],
  region: ['地区代码', 'Region code'],
  domain: ['领域', 'Domain'],
  publisher: ['公开主体', 'Publisher'],
  code: ['类型', 'Code'],
  rule: ['规则', 'Rule'],
  from: ['起始日期', 'From'],
  to: ['截止日期', 'To'],
  search: ['查询', 'Search'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  exportXlsx: ['导出 Excel', 'Export XLSX'],
  transactionId: ['交易编号', 'Transaction id'],
  open: ['打开', 'Open'],
  stage: ['环节', 'Stage'],
  occurredAt: ['信息形成', 'Occurred'],
  publishedAt: ['公开时间', 'Published'],
  recordedAt: ['记录时间', 'Recorded'],
  dueAt: ['应公开期限', 'Due'],
  timeline: ['全流程时间线', 'Timeline'],
  versions: ['历史版本', 'Versions'],
  stages: ['各环节及其更正、变更', 'Stages, corrections and changes'],
  firstPublished: ['发布', 'Published'],
  corrected: ['更正', 'Corrected'],
  cure: ['已由更正纠正', 'Cured by a correction'],
  cures: ['纠正', 'Cures'],
  curedFilter: ['是否已纠正', 'Cured'],
  correctionsByStage: ['更正公告（按被更正环节）', 'Corrections (by stage corrected)'],
  periodFindings: ['期限不足（其中已由更正纠正）', 'Periods too short (of which cured by a correction)'],
  subjects: ['信用主体', 'Credit subjects'],
  nextPage: ['下一页', 'Next page'],
  replaced: ['重新确定', 'Replaced'],
  changed: ['变更', 'Changed'],
  revision: ['版本', 'Revision'],
  diff: ['比较', 'Compare'],
  diffFrom: ['比较自版本', 'From revision'],
  diffTo: ['比较至版本', 'To revision'],
  change: ['变更', 'Change'],
  field: ['字段', 'Field'],
  before: ['变更前', 'Before'],
  after: ['变更后', 'After'],
  asOf: ['历史视图', 'As of'],
  asOfInstant: ['时间点', 'Instant'],
  asOfBy: ['依据', 'Judged by'],
  byPublication: ['公开时间', 'Publication time'],
  byRecording: ['记录时间', 'Recording time'],
  inForce: ['当时有效版本', 'Version in force'],
  show: ['显示', 'Show'],
  verify: ['验证', 'Verify'],
  verifyTitle: ['防篡改验证（在浏览器中计算）', 'Tamper evidence (checked in the browser)'],
  verified: ['验证通过', 'Verified'],
  verifyFailed: ['验证失败', 'Verification failed'],
  findingsOf: ['发现', 'Findings'],
  none: ['无', 'None'],
  status: ['状态', 'Status'],
  catalogue: ['公开目录', 'Catalogue'],
  item: ['公开事项', 'Item'],
  transactions: ['交易', 'Transactions'],
  total: ['合计', 'Total'],
  creditCode: ['统一社会信用代码', 'Unified social credit code'],
  penalties: ['行政处罚', 'Penalties'],
  licences: ['行政许可', 'Licences'],
  blacklist: ['严重失信主体名单', 'Blacklist'],
  creditRecords: ['信用记录', 'Credit records'],
  displayUntil: ['公示截止', 'Displayed until'],
  displayed: ['公示中', 'Displayed'],
  inForceShort: ['有效', 'In force'],
  delivery: ['信用中国报送', 'Credit China delivery'],
  deliveryAdminOnly: ['报送状态仅管理员可见', 'Delivery status is shown to admins'],
  deliveryOk: ['无积压（无死信）', 'Nothing held (no dead letters)'],
  year: ['年度', 'Year'],
  template: ['年度报告填报位置', 'Where the figures go in the annual report'],
  table: ['表格', 'Table'],
  row: ['行', 'Row'],
  column: ['列', 'Column'],
  value: ['数值', 'Value'],
  byCategory: ['主动公开信息（按领域和环节）', 'Proactively disclosed (by domain and stage)'],
  corrections: ['更正公告', 'Corrections'],
  complaintDecisions: ['投诉处理决定', 'Complaint decisions'],
  blacklistEntries: ['列入黑名单', 'Blacklist entries'],
  sinks: ['报送目标', 'Sink targets'],
  lag: ['积压', 'Lag'],
  kafka: ['Kafka 推送', 'Kafka feed'],
  deadLetters: ['死信', 'Dead letters'],
  retry: ['重试', 'Retry'],
  discard: ['放弃', 'Discard'],
  projections: ['读模型', 'Projections'],
  tokens: ['令牌', 'Tokens'],
  role: ['角色', 'Role'],
  subject: ['名称', 'Subject'],
  revoked: ['已撤销', 'Revoked'],
  adminOnly: ['仅管理员可用', 'Admins only'],
  publicTrail: ['公开全流程记录', 'Public trail'],
  loading: ['加载中…', 'Loading…'],
  error: ['出错', 'Error'],
  results: ['结果', 'Results'],
  evidence: ['依据', 'Evidence'],
  raisedAt: ['预警时间', 'Raised'],
  prev: ['上一页', 'Previous'],
  next: ['下一页', 'Next'],
  event: ['事件', 'Event'],
  view: ['视图', 'View'],
  hash: ['哈希', 'Hash'],
} as const satisfies Record<string, readonly [string, string]>;

export type Key = keyof typeof STRINGS;

export function lang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
}

export function setLang(value: Lang): void {
  localStorage.setItem(LANG_KEY, value);
  document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en';
}

export function t(key: Key): string {
  return STRINGS[key][lang() === 'zh' ? 0 : 1];
}

const STAGES: Record<string, readonly [string, string]> = {
  AnnouncementPublished: ['招标（出让）公告', 'Announcement'],
  QualificationResultPublished: ['资格审查结果', 'Qualification result'],
  CandidatesPublicized: ['中标候选人公示', 'Candidates publicity'],
  AwardPublished: ['中标（成交）结果', 'Award'],
  ContractSigned: ['合同订立', 'Contract signed'],
  ContractChanged: ['履约及变更', 'Contract changed'],
  AnnouncementCorrected: ['更正公告', 'Correction'],
  QualificationResultCorrected: ['资格审查结果更正', 'Qualification result corrected'],
  CandidatesCorrected: ['中标候选人公示更正', 'Candidates publicity corrected'],
  AwardCorrected: ['中标（成交）结果更正', 'Award corrected'],
  ContractCorrected: ['合同更正', 'Contract corrected'],
  TransactionTerminated: ['终止（流标）', 'Terminated'],
  ComplaintDecided: ['投诉处理决定', 'Complaint decided'],
  PenaltyImposed: ['行政处罚', 'Penalty'],
  CreditRecorded: ['信用记录', 'Credit record'],
  BlacklistEntered: ['列入黑名单', 'Blacklist entry'],
  BlacklistRemoved: ['移出黑名单', 'Blacklist removal'],
};

export function stage(type: string): string {
  const names = STAGES[type];
  return names ? names[lang() === 'zh' ? 0 : 1] : type;
}

/** The label of an API value (a status, a kind of change), or the value itself when it has none. */
const labelled =
  (labels: Record<string, Key>) =>
  (value: string): string => {
    const key = labels[value];
    return key ? t(key) : value;
  };

/** An item's status at a report's instant. */
export const status = labelled({ onTime: 'onTime', late: 'late', missing: 'missing', pending: 'pending' });

/** How a version changed its stage. */
export const change = labelled({
  published: 'firstPublished',
  corrected: 'corrected',
  replaced: 'replaced',
  changed: 'changed',
});

/** The name of a disclosure kind (`land_supply_plan`), or the kind itself when it has none. */
export const kind = labelled({
  land_supply_plan: 'land_supply_plan',
  procurement_catalogue: 'procurement_catalogue',
  project_approval: 'project_approval',
  transfer_decision: 'transfer_decision',
  intermediary_report: 'intermediary_report',
  housing_plan: 'housing_plan',
  housing_project: 'housing_project',
  housing_allocation_policy: 'housing_allocation_policy',
  housing_allocation_result: 'housing_allocation_result',
  rural_renovation: 'rural_renovation',
});

/** A bilingual title from the API (`{ zh, en }`). */
export function bi(text: { zh?: string; en?: string } | undefined): string {
  if (!text) return '';
  return (lang() === 'zh' ? text.zh : text.en) ?? text.zh ?? text.en ?? '';
}
