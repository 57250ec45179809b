import { api, query } from '../lib/api';
import { beijing, field, h, link, table } from '../lib/dom';
import { kind, t } from '../lib/i18n';
import { async, form, page, section, value } from '../lib/ui';

/** A disclosure outside a transaction as `GET /v1/disclosures` answers it. */
export interface DisclosureSummary {
  disclosureId: string;
  kind: string;
  domain: string;
  regionCode: string;
  publisher: { name: string; creditCode: string; role: string };
  title: string;
  version: number;
  lastPublishedAt: string;
  late: boolean;
  transactionIds: string[];
}

interface Disclosure extends DisclosureSummary {
  view: { type: string; data: Record<string, unknown> };
  versions: Array<{
    type: string;
    revision: number;
    occurredAt: string;
    publishedAt: string;
    findingCodes: string[];
  }>;
}

/** Disclosures as a table, each linking to its page; `trail` links the transactions to the public trail. */
export function disclosuresTable(items: DisclosureSummary[], testId: string): HTMLElement {
  return table(
    [t('kind'), t('subject'), t('region'), t('publisher'), t('publishedAt'), t('status'), t('transactions')],
    items.map((d) => [
      kind(d.kind),
      link(`#/disclosures/${encodeURIComponent(d.disclosureId)}`, d.title),
      d.regionCode,
      d.publisher.name,
      beijing(d.lastPublishedAt),
      d.late ? t('late') : t('onTime'),
      d.transactionIds.length > 0
        ? h(
            'span',
            {},
            d.transactionIds.map((id) => link(`#/public/${encodeURIComponent(id)}`, id, { class: 'tag' })),
          )
        : '—',
    ]),
    { 'data-testid': testId },
  );
}

/** Public: supply plans, catalogues, approvals, housing plans… (the standalone-disclosures read model). */
export function disclosuresPage(main: HTMLElement, id: string | undefined): void {
  if (id) return disclosurePage(main, id);
  const out = h('div', {});
  const load = (filter: Record<string, string | undefined>) =>
    out.replaceChildren(
      async(async () => {
        const answer = await api<{ items: DisclosureSummary[] }>(
          `/v1/disclosures${query({ ...filter, limit: 50 })}`,
          {
            anonymous: true,
          },
        );
        return disclosuresTable(answer.items, 'disclosures');
      }),
    );
  const filters = form(
    (data) => load({ region: value(data, 'd-region'), kind: value(data, 'd-kind') }),
    field('d-region', t('region'), h('input', { type: 'text', inputmode: 'numeric', pattern: '\\d{6}' })),
    field('d-kind', t('kind'), h('input', { type: 'text' })),
    h('button', { type: 'submit' }, t('search')),
  );
  page(main, t('disclosures'), filters, out);
  load({});
}

function disclosurePage(main: HTMLElement, id: string): void {
  const body = async(async () => {
    const d = await api<Disclosure>(`/v1/disclosures/${encodeURIComponent(id)}`, { anonymous: true });
    const fields = Object.entries(d.view.data).filter(
      ([key]) => !['kind', 'domain', 'disclosureId', 'title', 'transactionIds'].includes(key),
    );
    return [
      h(
        'p',
        { 'data-testid': 'disclosure-summary' },
        `${kind(d.kind)} · ${d.publisher.name} (${d.publisher.creditCode}) · ${d.regionCode}`,
      ),
      section(
        t('value'),
        table(
          [t('field'), t('value')],
          fields.map(([key, v]) => [key, typeof v === 'string' ? v : JSON.stringify(v)]),
          { 'data-testid': 'disclosure-fields' },
        ),
      ),
      section(
        t('transactions'),
        d.transactionIds.length > 0
          ? h(
              'ul',
              { 'data-testid': 'disclosure-transactions' },
              d.transactionIds.map((tx) => h('li', {}, link(`#/public/${encodeURIComponent(tx)}`, tx))),
            )
          : t('none'),
      ),
      section(
        t('versions'),
        table(
          [t('revision'), t('event'), t('occurredAt'), t('publishedAt'), t('findingsOf')],
          d.versions.map((v) => [
            String(v.revision),
            v.type,
            beijing(v.occurredAt),
            beijing(v.publishedAt),
            v.findingCodes.join(', ') || '—',
          ]),
          { 'data-testid': 'disclosure-versions' },
        ),
      ),
    ];
  });
  page(main, `${t('disclosures')} ${id}`, body);
}
