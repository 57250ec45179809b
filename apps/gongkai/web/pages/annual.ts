import { api, query } from '../lib/api';
import type { AnnualReportAnswer } from '../lib/api-types';
import { field, h, table } from '../lib/dom';
import { download, toCsv, toXlsx, XLSX_TYPE, type Cell } from '../lib/export';
import { stage, t } from '../lib/i18n';
import { async, form, page, section, value } from '../lib/ui';

export function annualPage(main: HTMLElement): void {
  const out = h('div', {});
  // The report is written for a year that has ended: the last complete Beijing year by default.
  const lastYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
  const load = (year: string, region?: string) => {
    out.replaceChildren(
      async(async () => {
        const report = await api<AnnualReportAnswer>(`/v1/reports/annual${query({ year, region })}`);
        const headers = [t('table'), t('row'), t('column'), t('value')];
        const rows: Cell[][] = report.template.map((c) => [c.table, c.row, c.column, c.value]);
        const name = `annual-${report.year}${region ? `-${region}` : ''}`;
        return [
          h(
            'div',
            { class: 'kpis' },
            ...(['published', 'onTime', 'late', 'missing'] as const).map((k) =>
              h(
                'div',
                { class: `kpi ${k}` },
                h('span', {}, t(k)),
                h('strong', { 'data-testid': `annual-${k}` }, report.timeliness[k]),
              ),
            ),
          ),
          section(
            t('template'),
            h(
              'div',
              { class: 'actions' },
              h(
                'button',
                {
                  type: 'button',
                  onclick: () => download(`${name}.csv`, toCsv(headers, rows), 'text/csv;charset=utf-8'),
                },
                t('exportCsv'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  onclick: () =>
                    download(`${name}.xlsx`, toXlsx(String(report.year), headers, rows), XLSX_TYPE),
                },
                t('exportXlsx'),
              ),
            ),
            table(headers, rows, { 'data-testid': 'template' }),
          ),
          section(
            t('byCategory'),
            table(
              [t('domain'), t('stage'), t('published'), t('late')],
              report.proactive.byCategory.map((c) => [c.domain ?? '—', stage(c.eventType), c.count, c.late]),
            ),
          ),
          section(
            t('complaintDecisions'),
            table(
              [t('status'), t('total')],
              Object.entries(report.complaintDecisions.byOutcome).map(([k, v]) => [k, v]),
            ),
            table(
              [t('correctionsByStage'), t('total')],
              Object.entries(report.correctionsByStage).map(([k, v]) => [stage(k), v]),
              { 'data-testid': 'corrections-by-stage' },
            ),
            h(
              'p',
              { 'data-testid': 'period-findings' },
              `${t('periodFindings')}: ${report.periodFindings.periodTooShort} (${report.periodFindings.cured})`,
            ),
            h(
              'p',
              {},
              `${t('corrections')}: ${report.corrections} · ${t('licences')}: ${report.licences} · ${t('penalties')}: ${report.penalties} · ${t('blacklistEntries')}: ${report.blacklistEntries}`,
            ),
          ),
        ];
      }),
    );
  };
  const filters = form(
    (data) => load(value(data, 'a-year') ?? String(lastYear), value(data, 'a-region')),
    field(
      'a-year',
      t('year'),
      h('input', { type: 'number', min: 2000, max: 2100, value: lastYear, required: true }),
    ),
    field('a-region', t('region'), h('input', { type: 'text', inputmode: 'numeric', pattern: '\\d{6}' })),
    h('button', { type: 'submit' }, t('search')),
  );
  page(main, t('annual'), filters, out);
  load(String(lastYear));
}
