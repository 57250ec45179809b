import { api, query } from '../lib/api';
import { beijing, field, h } from '../lib/dom';
import { t } from '../lib/i18n';
import { async, form, page, section, value } from '../lib/ui';
import { transactionsTable, type Summary } from '../lib/transactions';
import { timelineTable, verifyPanel } from './transaction';
import { disclosuresTable, type DisclosureSummary } from './disclosures';

/** Anonymous search (the public disclosure read model), with no token sent even when logged in. */
export function publicSearchPage(main: HTMLElement): void {
  const out = h('div', {});
  const load = (filter: Record<string, string | undefined>) =>
    out.replaceChildren(
      async(async () => {
        const answer = await api<{ items: Summary[] }>(`/v1/transactions${query({ ...filter, limit: 50 })}`, {
          anonymous: true,
        });
        return transactionsTable(answer.items, '#/public/', 'public-results');
      }),
    );
  const filters = form(
    (data) => load({ region: value(data, 'p-region'), domain: value(data, 'p-domain') }),
    field('p-region', t('region'), h('input', { type: 'text', inputmode: 'numeric', pattern: '\\d{6}' })),
    field('p-domain', t('domain'), h('input', { type: 'text' })),
    h('button', { type: 'submit' }, t('search')),
  );
  page(main, t('publicSearch'), filters, out);
  load({});
}

export function publicTrailPage(main: HTMLElement, id: string): void {
  const body = async(async () => {
    const versions = await api<{ versions: Parameters<typeof timelineTable>[0] }>(
      `/v1/transactions/${encodeURIComponent(id)}/versions`,
      { anonymous: true },
    );
    const state = await api<{
      state: { status: string };
      lastRecordedAt: string;
      relatedDisclosures?: DisclosureSummary[];
    }>(`/v1/transactions/${encodeURIComponent(id)}`, { anonymous: true });
    return [
      h('p', {}, `${t('status')}: ${state.state.status} · ${beijing(state.lastRecordedAt)}`),
      section(t('timeline'), timelineTable(versions.versions, new Map())),
      ...(state.relatedDisclosures?.length
        ? [
            section(
              t('relatedDisclosures'),
              disclosuresTable(state.relatedDisclosures, 'related-disclosures'),
            ),
          ]
        : []),
      verifyPanel(id, true),
    ];
  });
  page(main, `${t('publicTrail')} ${id}`, body);
}
