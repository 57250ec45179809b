import { api, query } from '../lib/api';
import { beijing, field, h, link, percent, table } from '../lib/dom';
import { bi, stage, status, t } from '../lib/i18n';
import { async, form, page, section, value } from '../lib/ui';

interface Figures {
  due: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  coverage: number;
}
interface Report {
  asOf: string;
  totals: Figures;
  catalogues: Array<Figures & { catalogueId: string; name?: { zh: string; en: string } }>;
  publishers: Array<Figures & { creditCode: string; name: string }>;
  transactions: {
    total: number;
    limit: number;
    offset: number;
    items: Array<{
      transactionId: string;
      regionCode: string;
      publisher: { name: string };
      figures: Figures;
      items: Array<{
        eventType: string;
        catalogueId: string;
        title?: { zh: string; en: string };
        status: string;
        publishedAt?: string;
        dueAt?: string;
      }>;
    }>;
  };
}

const figureCells = (f: Figures) => [f.due, f.onTime, f.late, f.missing, f.pending, percent(f.coverage)];
const figureHeads = () => [t('due'), t('onTime'), t('late'), t('missing'), t('pending'), t('coverage')];

export function completenessPage(main: HTMLElement): void {
  const out = h('div', {});
  const load = (filter: Record<string, string | undefined>, offset = 0) => {
    out.replaceChildren(
      async(async () => {
        const report = await api<Report>(
          `/v1/reports/completeness${query({ ...filter, offset, limit: 20 })}`,
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
                  disabled: transactions.offset === 0,
                  onclick: () => load(filter, Math.max(0, transactions.offset - transactions.limit)),
                },
                t('prev'),
              ),
              h(
                'span',
                {},
                ` ${transactions.offset + 1}–${transactions.offset + transactions.items.length} / ${transactions.total} `,
              ),
              h(
                'button',
                {
                  type: 'button',
                  disabled: transactions.offset + transactions.limit >= transactions.total,
                  onclick: () => load(filter, transactions.offset + transactions.limit),
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
