import { api, query } from '../lib/api';
import type { CompletenessReport, CoverageFigures } from '../lib/api-types';
import { beijing, field, h, link, percent, table } from '../lib/dom';
import { bi, stage, status, t } from '../lib/i18n';
import { async, form, page, section, value } from '../lib/ui';

const figureCells = (f: CoverageFigures) => [
  f.due,
  f.onTime,
  f.late,
  f.missing,
  f.pending,
  percent(f.coverage),
];
const figureHeads = () => [t('due'), t('onTime'), t('late'), t('missing'), t('pending'), t('coverage')];

export function completenessPage(main: HTMLElement): void {
  const out = h('div', {});
  /** Cursors of the pages before this one, for "previous". */
  const load = (filter: Record<string, string | undefined>, cursors: string[] = []) => {
    out.replaceChildren(
      async(async () => {
        const cursor = cursors[cursors.length - 1];
        const report = await api<CompletenessReport>(
          `/v1/reports/completeness${query({ ...filter, cursor, limit: 20 })}`,
        );
        const { transactions } = report;
        return [
          h(
            'p',
            { 'data-testid': 'coverage-total' },
            `${t('coverage')}: ${percent(report.totals.coverage)} (${report.totals.onTime + report.totals.late}/${report.totals.due})`,
          ),
          section(
            t('catalogue'),
            table(
              [t('catalogue'), ...figureHeads()],
              report.catalogues.map((c) => [bi(c.name) || c.catalogueId, ...figureCells(c)]),
              { 'data-testid': 'catalogues' },
            ),
          ),
          section(
            t('publisher'),
            table(
              [t('publisher'), ...figureHeads()],
              report.publishers.map((p) => [p.name, ...figureCells(p)]),
              { 'data-testid': 'publishers' },
            ),
          ),
          section(
            t('transactions'),
            ...transactions.items.map((txn) =>
              h(
                'details',
                {},
                h(
                  'summary',
                  {},
                  link(`#/transaction/${encodeURIComponent(txn.transactionId)}`, txn.transactionId),
                  ` · ${txn.publisher.name} · ${t('coverage')} ${percent(txn.figures.coverage)}`,
                ),
                table(
                  [t('item'), t('catalogue'), t('status'), t('publishedAt'), t('dueAt')],
                  txn.items.map((i) => [
                    `${stage(i.eventType)}${i.title ? ` — ${bi(i.title)}` : ''}`,
                    i.catalogueId,
                    h('span', { class: `badge ${i.status}` }, status(i.status)),
                    beijing(i.publishedAt),
                    beijing(i.dueAt),
                  ]),
                ),
              ),
            ),
            h(
              'div',
              { class: 'actions' },
              h(
                'button',
                {
                  type: 'button',
                  disabled: cursors.length === 0,
                  onclick: () => load(filter, cursors.slice(0, -1)),
                },
                t('prev'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  disabled: transactions.nextCursor === null,
                  onclick: () => load(filter, [...cursors, transactions.nextCursor!]),
                },
                t('next'),
              ),
            ),
          ),
        ];
      }),
    );
  };
  const filters = form(
    (data) =>
      load({
        region: value(data, 'c-region'),
        publisher: value(data, 'c-publisher'),
        asOf: value(data, 'c-asof'),
      }),
    field('c-region', t('region'), h('input', { type: 'text', inputmode: 'numeric', pattern: '\\d{6}' })),
    field('c-publisher', t('publisher'), h('input', { type: 'text' })),
    field('c-asof', t('asOf'), h('input', { type: 'date' })),
    h('button', { type: 'submit' }, t('search')),
  );
  page(main, t('completeness'), filters, out);
  load({});
}
