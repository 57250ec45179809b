import { api, query } from '../lib/api';
import type { RedFlag, TimelinessReport } from '../lib/api-types';
import { stackedBars } from '../lib/chart';
import { beijing, h, link, table } from '../lib/dom';
import { bi, stage, t } from '../lib/i18n';
import { async, page, section } from '../lib/ui';

const SERIES = () => [
  { key: 'onTime', label: t('onTime'), colour: '#2e7d32' },
  { key: 'late', label: t('late'), colour: '#ef6c00' },
  { key: 'missing', label: t('missing'), colour: '#c62828' },
];

function chart(title: string, report: TimelinessReport) {
  return section(
    title,
    stackedBars(
      title,
      report.rows.map((r) => ({
        label: r.name ?? (r.key || '—'),
        values: { onTime: r.onTime, late: r.late, missing: r.missing },
      })),
      SERIES(),
    ),
  );
}

export function redFlagTable(items: RedFlag[]): HTMLElement {
  return table(
    [t('code'), t('redFlags'), t('transactionId'), t('region'), t('raisedAt'), t('rule'), t('evidence')],
    items.map((f) => [
      h('span', { class: f.cardinal ? 'badge cardinal' : 'badge' }, f.code),
      bi(f.title),
      f.transactionId ? link(`#/transaction/${encodeURIComponent(f.transactionId)}`, f.transactionId) : '—',
      f.regionCode,
      beijing(f.raisedAt),
      f.rule ?? '—',
      h('code', { class: 'evidence' }, JSON.stringify(f.evidence)),
    ]),
    { 'data-testid': 'red-flags' },
  );
}

export function overviewPage(main: HTMLElement): void {
  const kpis = async(async () => {
    const report = await api<TimelinessReport>('/v1/reports/timeliness');
    const tile = (key: 'published' | 'onTime' | 'late' | 'missing') =>
      h(
        'div',
        { class: `kpi ${key}` },
        h('span', {}, t(key)),
        h('strong', { 'data-testid': `kpi-${key}` }, report.totals[key]),
      );
    return h('div', { class: 'kpis' }, tile('published'), tile('onTime'), tile('late'), tile('missing'));
  });
  const charts = async(async () => {
    const [region, month, domain, publisher] = await Promise.all(
      ['region', 'month', 'domain', 'publisher'].map((groupBy) =>
        api<TimelinessReport>(`/v1/reports/timeliness${query({ groupBy })}`),
      ),
    );
    return [
      chart(t('byRegion'), region!),
      chart(t('byMonth'), month!),
      chart(t('byDomain'), domain!),
      chart(t('byPublisher'), publisher!),
    ];
  });
  const openItems = async(async () => {
    const page = await api<{
      total: number;
      items: Array<{
        transactionId: string;
        awaiting: string;
        regionCode: string;
        dueAt: string;
        publisher: { name: string };
      }>;
    }>('/v1/findings/open-items?limit=20');
    if (page.items.length === 0) return h('p', {}, t('none'));
    return table(
      [t('transactionId'), t('stage'), t('region'), t('publisher'), t('dueAt')],
      page.items.map((i) => [
        link(`#/transaction/${encodeURIComponent(i.transactionId)}`, i.transactionId),
        i.awaiting,
        i.regionCode,
        i.publisher.name,
        beijing(i.dueAt),
      ]),
      { 'data-testid': 'open-items' },
    );
  });
  const flags = async(async () => {
    const page = await api<{
      total: number;
      byCode: Array<{ code: string; count: number }>;
      items: RedFlag[];
    }>('/v1/red-flags?limit=20');
    return [
      h('p', { 'data-testid': 'red-flags-total' }, `${t('total')}: ${page.total}`),
      page.items.length === 0 ? h('p', {}, t('none')) : redFlagTable(page.items),
    ];
  });
  page(
    main,
    t('overview'),
    kpis,
    section(t('openItems'), openItems),
    section(t('redFlags'), flags),
    charts,
    h('p', { class: 'hint' }, `${stage('AnnouncementPublished')} … ${stage('ContractChanged')}`),
  );
}
