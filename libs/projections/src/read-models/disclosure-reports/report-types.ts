/**
 * What the report APIs answer (GET /v1/reports/...): the one declaration of these shapes, used by the queries,
 * the service and the console (apps/gongkai/web), so the console cannot drift from the API. No imports: the
 * console's bundle and its DOM-only typecheck include this file.
 */

export const TIMELINESS_DIMENSIONS = ['region', 'domain', 'publisher', 'month'] as const;
export type TimelinessDimension = (typeof TIMELINESS_DIMENSIONS)[number];

export interface TimelinessRow {
  key: string;
  /** Publisher name when grouped by publisher. */
  name?: string;
  published: number;
  onTime: number;
  late: number;
  /** Catalogue items that had fallen due by `asOf` and were not published by then. */
  missing: number;
}

export interface TimelinessReport {
  asOf: string;
  groupBy: TimelinessDimension;
  rows: TimelinessRow[];
  totals: Omit<TimelinessRow, 'key' | 'name'>;
}

export type ItemStatus = 'onTime' | 'late' | 'missing' | 'pending';

export interface CoverageFigures {
  /** Items due by `asOf`: published (on time or late) or missing. */
  due: number;
  onTime: number;
  late: number;
  missing: number;
  /** Not due yet. */
  pending: number;
  /** Published share of what was due, 0..1 (1 when nothing was due). */
  coverage: number;
}

export interface CompletenessItem {
  eventType: string;
  round: number;
  catalogueId: string;
  title?: { zh: string; en: string };
  /** Whether the catalogue expects it of every round (a lifecycle stage) or it was published as it happened. */
  expected: boolean;
  status: ItemStatus;
  publishedAt?: string;
  dueAt?: string;
  missingSince?: string;
}

export interface CompletenessReport {
  asOf: string;
  totals: CoverageFigures;
  catalogues: Array<CoverageFigures & { catalogueId: string; name?: { zh: string; en: string } }>;
  publishers: Array<CoverageFigures & { creditCode: string; name: string }>;
  transactions: {
    limit: number;
    /** Pass as `cursor` for the next page of transactions; null on the last. */
    nextCursor: string | null;
    items: Array<{
      transactionId: string;
      domain: string;
      regionCode: string;
      publisher: { name: string; creditCode: string };
      figures: CoverageFigures;
      items: CompletenessItem[];
    }>;
  };
}

export interface AnnualReport {
  year: number;
  region?: string;
  /** The instant the figures are judged at: the end of the year, or now for the current year. */
  asOf: string;
  proactive: {
    total: number;
    byCategory: Array<{ domain: string | null; eventType: string; count: number; late: number }>;
  };
  timeliness: { published: number; onTime: number; late: number; missing: number };
  /** 更正公告 of every stage published in the year. */
  corrections: number;
  /** The same, by the stage corrected (AnnouncementPublished, CandidatesPublicized…). */
  correctionsByStage: Record<string, number>;
  complaintDecisions: { total: number; byOutcome: Record<string, number> };
  /** 行政处罚 decided in the year (by decision date, whenever published): table 二's 本年处理决定数量. */
  penalties: number;
  /** 行政许可 decided in the year (by decision date): table 二's 本年处理决定数量. */
  licences: number;
  blacklistEntries: number;
  creditRecords: number;
  /**
   * Disclosures outside a transaction (土地供应计划, 集中采购目录, 审批核准备案, 住房保障…) published in the year, and
   * their amendments (信息变更); both are also in `proactive`.
   */
  standaloneDisclosures: { published: number; amended: number };
}

/** One cell of the 政府信息公开工作年度报告 the annual report fills, with the figure to enter. */
export interface TemplateCell {
  table: string;
  row: string;
  column: string;
  value: number;
}

/** GET /v1/reports/annual: the figures and where each goes in the report's tables. */
export type AnnualReportAnswer = AnnualReport & {
  /** PERIOD_TOO_SHORT findings of the year's disclosures, and how many a correction cured (supervision-findings). */
  periodFindings: { periodTooShort: number; cured: number; standing: number };
  template: TemplateCell[];
};
