import { CATALOGUE_DOMAINS, FINDING_CODES } from '../../../../libs/domain/src/catalogues/vocabulary';
import { api, query } from '../lib/api';
import { beijing, field, h, link, table } from '../lib/dom';
import { download, toCsv, toXlsx, XLSX_TYPE, type Cell } from '../lib/export';
import { bi, stage, t } from '../lib/i18n';
import { async, form, page, value } from '../lib/ui';

interface Finding {
  transactionId?: string;
  eventType: string;
  code: string;
  ruleId: string;
  regionCode: string;
  domain?: string;
  publisher: { name: string; creditCode: string };
  due?: string;
  actual?: string;
  lateByWorkingDays?: number;
  sourceText?: string;
  message?: { zh?: string; en?: string };
  publishedAt: string;
  /** A PERIOD_TOO_SHORT a later correction put right: which, and when it was published. */
  cure?: { eventId: string; eventType: string; curedAt: string; actual?: string };
}

/** '' first: no filter. The lists are the domain's own, so the console cannot drift from them. */
const DOMAINS: string[] = ['', ...CATALOGUE_DOMAINS];
const CODES: string[] = ['', ...FINDING_CODES];

type Column = { label: string; value: (f: Finding) => Cell };

export function findingsPage(main: HTMLElement, params: URLSearchParams): void {
  const columns: Column[] = [
    { label: t('transactionId'), value: (f) => f.transactionId ?? '' },
    { label: t('stage'), value: (f) => stage(f.eventType) },
    { label: t('code'), value: (f) => f.code },
    { label: t('region'), value: (f) => f.regionCode },
    { label: t('publisher'), value: (f) => f.publisher.name },
    { label: t('dueAt'), value: (f) => f.due ?? '' },
    { label: t('publishedAt'), value: (f) => beijing(f.publishedAt) },
    { label: t('late'), value: (f) => f.lateByWorkingDays ?? '' },
    { label: t('rule'), value: (f) => f.sourceText ?? f.ruleId },
    { label: t('findingsOf'), value: (f) => bi(f.message) },
    {
      label: t('cure'),
      value: (f) =>
        f.cure ? `${stage(f.cure.eventType)} ${beijing(f.cure.curedAt)} (${f.cure.eventId})` : '',
    },
  ];
  const select = (options: string[], selected?: string) =>
    h(
      'select',
      {},
      options.map((o) => h('option', { value: o, selected: o === (selected ?? '') }, o || '—')),
    );
  const results = h('div', {});
  let items: Finding[] = [];
  let sort = { column: 6, descending: true };

  const render = () => {
    const sorted = [...items].sort((a, b) => {
      const x = columns[sort.column]!.value(a) ?? '';
      const y = columns[sort.column]!.value(b) ?? '';
      const order =
        typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.descending ? -order : order;
    });
    const head = h(
      'tr',
      {},
      columns.map((c, i) =>
        h(
          'th',
          {
            scope: 'col',
            'aria-sort': i === sort.column ? (sort.descending ? 'descending' : 'ascending') : 'none',
          },
          h(
            'button',
            {
              type: 'button',
              class: 'sort',
              onclick: () => {
                sort = { column: i, descending: sort.column === i ? !sort.descending : false };
                render();
              },
            },
            c.label,
          ),
        ),
      ),
    );
    const body = h(
      'tbody',
      {},
      sorted.map((f) =>
        h(
          'tr',
          {},
          columns.map((c, i) =>
            h(
              'td',
              {},
              i === 0 && f.transactionId
                ? link(`#/transaction/${encodeURIComponent(f.transactionId)}`, f.transactionId)
                : (c.value(f) ?? ''),
            ),
          ),
        ),
      ),
    );
    const rows = () => sorted.map((f) => columns.map((c) => c.value(f)));
    results.replaceChildren(
      h('p', { 'data-testid': 'findings-count' }, `${t('results')}: ${items.length}`),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              download(
                'findings.csv',
                toCsv(
                  columns.map((c) => c.label),
                  rows(),
                ),
                'text/csv;charset=utf-8',
              ),
          },
          t('exportCsv'),
        ),
        h(
          'button',
          {
            type: 'button',
            onclick: () =>
              download(
                'findings.xlsx',
                toXlsx(
                  'findings',
                  columns.map((c) => c.label),
                  rows(),
                ),
                XLSX_TYPE,
              ),
          },
          t('exportXlsx'),
        ),
      ),
      h('table', { 'data-testid': 'findings' }, h('thead', {}, head), body),
    );
  };

  const load = (filter: Record<string, string | undefined>) => {
    results.replaceChildren(
      async(async () => {
        const answer = await api<{ total: number; items: Finding[] }>(
          `/v1/findings${query({ ...filter, limit: 500 })}`,
        );
        items = answer.items;
        render();
        return [];
      }),
    );
  };

  const filters = form(
    (data) =>
      load({
        region: value(data, 'f-region'),
        domain: value(data, 'f-domain'),
        code: value(data, 'f-code'),
        cured: value(data, 'f-cured'),
        from: value(data, 'f-from'),
        to: value(data, 'f-to'),
      }),
    field(
      'f-region',
      t('region'),
      h('input', {
        type: 'text',
        inputmode: 'numeric',
        pattern: '\\d{6}',
        value: params.get('region') ?? '',
      }),
    ),
    field('f-domain', t('domain'), select(DOMAINS, params.get('domain') ?? undefined)),
    field('f-code', t('code'), select(CODES, params.get('code') ?? undefined)),
    field('f-cured', t('curedFilter'), select(['', 'true', 'false'], params.get('cured') ?? undefined)),
    field('f-from', t('from'), h('input', { type: 'date' })),
    field('f-to', t('to'), h('input', { type: 'date' })),
    h('button', { type: 'submit' }, t('search')),
  );
  page(main, t('findings'), filters, results);
  load({
    region: params.get('region') ?? undefined,
    domain: params.get('domain') ?? undefined,
    code: params.get('code') ?? undefined,
    cured: params.get('cured') ?? undefined,
  });
}

export { table };
