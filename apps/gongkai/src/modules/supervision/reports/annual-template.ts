import type { AnnualReport, TemplateCell } from '@gongkai/projections';

/**
 * Where the figures go in the annual report (格式 of 国办公开办函〔2021〕30号). Table 二 (主动公开政府信息情况)
 * has rows for 行政许可 and 行政处罚 (第二十条第（五）、（六）项) whose column 本年处理决定数量 counts the
 * decisions made in the year. The rest of this field's figures have no row in the format: part 六
 * (其他需要报告的事项) is free text, and the rows given for it here are gongkai's headings for that text.
 */
export function templateCells(
  report: AnnualReport & { periodFindings?: { periodTooShort: number; cured: number } },
): TemplateCell[] {
  const other = '六、其他需要报告的事项';
  const t = report.timeliness;
  return [
    {
      table: '二、主动公开政府信息情况',
      row: '行政许可',
      column: '本年处理决定数量',
      value: report.licences,
    },
    {
      table: '二、主动公开政府信息情况',
      row: '行政处罚',
      column: '本年处理决定数量',
      value: report.penalties,
    },
    { table: other, row: '公共资源交易领域主动公开信息', column: '条数', value: report.proactive.total },
    { table: other, row: '其中按时公开', column: '条数', value: t.onTime },
    { table: other, row: '其中逾期公开', column: '条数', value: t.late },
    { table: other, row: '应公开未公开事项', column: '项数', value: t.missing },
    { table: other, row: '更正公告', column: '条数', value: report.corrections },
    {
      table: other,
      row: '交易外公开事项（土地供应计划、集中采购目录、审批核准备案、住房保障等）',
      column: '条数',
      value: report.standaloneDisclosures.published,
    },
    { table: other, row: '交易外公开事项变更', column: '条数', value: report.standaloneDisclosures.amended },
    ...(report.periodFindings
      ? [
          { table: other, row: '期限不足', column: '项数', value: report.periodFindings.periodTooShort },
          { table: other, row: '其中已更正纠正', column: '项数', value: report.periodFindings.cured },
        ]
      : []),
    { table: other, row: '投诉处理决定公开', column: '件数', value: report.complaintDecisions.total },
    { table: other, row: '严重失信主体名单（黑名单）列入', column: '件数', value: report.blacklistEntries },
  ];
}
