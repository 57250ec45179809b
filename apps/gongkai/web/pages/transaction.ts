import type { CompletenessItem, FieldChange, RedFlag, VersionSummary } from '../lib/api-types';
import { api, query, token } from '../lib/api';
import { beijing, field, h, table } from '../lib/dom';
import { change, status as statusName, stage, t } from '../lib/i18n';
import { async, errorBox, form, page, section, value } from '../lib/ui';
import { verifyTrail, type Check, type Trail } from '../lib/verify';
import { redFlagTable } from './overview';
import { transactionsTable, type Summary } from '../lib/transactions';
import { disclosuresTable, type DisclosureSummary } from './disclosures';

type Version = VersionSummary;
interface Versions {
  view: 'public' | 'full';
  versions: Version[];
  inForce?: number | null;
}

const show = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/** The verify button and its result list (shared with the public trail page). */
export function verifyPanel(transactionId: string, anonymous: boolean): HTMLElement {
  const results = h('ul', { 'data-testid': 'verify-results', 'aria-live': 'polite' });
  const summary = h('p', { 'data-testid': 'verify-summary', role: 'status' });
  const button = h('button', { type: 'button', 'data-testid': 'verify' }, t('verify'));
  button.addEventListener('click', async () => {
    button.setAttribute('disabled', '');
    summary.textContent = t('loading');
    results.replaceChildren();
    try {
      const trail = await api<Trail>(`/v1/transactions/${encodeURIComponent(transactionId)}/events`, {
        anonymous,
      });
      const checks = await verifyTrail(trail);
      results.append(
        ...checks.map((c: Check) =>
          h(
            'li',
            { class: c.ok === false ? 'bad' : c.ok ? 'good' : 'skipped', 'data-check': c.name },
            `${c.ok === false ? '✗' : c.ok ? '✓' : '–'} ${c.name}: ${c.detail}`,
          ),
        ),
      );
      const failed = checks.some((c) => c.ok === false);
      summary.textContent = failed ? t('verifyFailed') : `${t('verified')} (${trail.view})`;
      summary.className = failed ? 'bad' : 'good';
    } catch (error) {
      summary.replaceChildren(errorBox(error));
    } finally {
      button.removeAttribute('disabled');
    }
  });
  return section(t('verifyTitle'), button, summary, results);
}

/** PERIOD_CURED is a correction putting an earlier finding right, not a breach: shown apart, as a cure. */
function findingBadges(codes: string[]): HTMLElement | string {
  const breaches = codes.filter((c) => c !== 'PERIOD_CURED');
  const cures = codes.length - breaches.length;
  if (codes.length === 0) return '—';
  return h(
    'span',
    {},
    breaches.length ? h('span', { class: 'badge late' }, breaches.join(', ')) : '',
    cures ? h('span', { class: 'badge good', 'data-testid': 'cure' }, `${t('cures')} ×${cures}`) : '',
  );
}

export function timelineTable(versions: Version[], due: Map<string, string>): HTMLElement {
  return table(
    [
      t('revision'),
      t('stage'),
      t('occurredAt'),
      t('publishedAt'),
      t('recordedAt'),
      t('dueAt'),
      t('publisher'),
      t('findingsOf'),
    ],
    versions.map((v) => [
      v.revision,
      stage(v.eventType),
      beijing(v.occurredAt),
      beijing(v.publishedAt),
      beijing(v.recordedAt),
      beijing(due.get(v.eventType)),
      `${v.publisher.name} (${v.publisherRole})`,
      findingBadges(v.findings),
    ]),
    { 'data-testid': 'timeline' },
  );
}

interface DiffSection {
  element: HTMLElement;
  /** Chooses the two revisions and shows their diff. */
  compare(from: number, to: number): void;
}

function diffSection(id: string, versions: Version[]): DiffSection {
  const options = (selected: number) =>
    versions.map((v) =>
      h(
        'option',
        { value: v.revision, selected: v.revision === selected },
        `${v.revision} · ${stage(v.eventType)}`,
      ),
    );
  const out = h('div', {});
  const fromSelect = h('select', {}, options(Math.max(0, versions.length - 2))) as HTMLSelectElement;
  const toSelect = h('select', {}, options(versions.length - 1)) as HTMLSelectElement;
  const diff = form(
    (data) => {
      out.replaceChildren(
        async(async () => {
          const answer = await api<{ changes: FieldChange[] }>(
            `/v1/transactions/${encodeURIComponent(id)}/diff${query({ from: value(data, 'diff-from'), to: value(data, 'diff-to') })}`,
          );
          return table(
            [t('field'), t('change'), t('before'), t('after')],
            answer.changes.map((c) => [h('code', {}, c.path), c.change, show(c.before), show(c.after)]),
            { 'data-testid': 'diff' },
          );
        }),
      );
    },
    field('diff-from', t('diffFrom'), fromSelect),
    field('diff-to', t('diffTo'), toSelect),
    h('button', { type: 'submit', 'data-testid': 'diff-submit' }, t('diff')),
  );
  const element = section(t('versions'), diff, out);
  return {
    element,
    compare(from, to) {
      fromSelect.value = String(from);
      toSelect.value = String(to);
      diff.requestSubmit();
      element.scrollIntoView();
    },
  };
}

/**
 * Every stage of the trail with the versions that published or changed it (a correction changes the
 * announcement, a variation the contract, a second award replaces the first), each change comparable with the
 * stage's version before it.
 */
function stagesSection(versions: Version[], diff: DiffSection): HTMLElement {
  const byStage = new Map<string, Version[]>();
  for (const v of versions) byStage.set(v.stage, [...(byStage.get(v.stage) ?? []), v]);
  return section(
    t('stages'),
    table(
      [t('stage'), t('versions')],
      [...byStage].map(([name, list]) => [
        stage(name),
        h(
          'ul',
          { class: 'changes' },
          list.map((v, i) =>
            h(
              'li',
              { 'data-revision': v.revision, 'data-change': v.change },
              `${v.revision} · ${change(v.change)} · ${stage(v.eventType)} · ${beijing(v.publishedAt)} `,
              i === 0
                ? ''
                : h(
                    'button',
                    { type: 'button', onclick: () => diff.compare(list[i - 1]!.revision, v.revision) },
                    `${t('diff')} ${list[i - 1]!.revision} → ${v.revision}`,
                  ),
            ),
          ),
        ),
      ]),
      { 'data-testid': 'stages' },
    ),
  );
}

function asOfSection(id: string): HTMLElement {
  const out = h('div', {});
  const asOf = form(
    (data) => {
      const local = value(data, 'asof-at');
      if (!local) return;
      // The input is a Beijing wall-clock time.
      const at = new Date(Date.parse(`${local}:00+08:00`)).toISOString();
      out.replaceChildren(
        async(async () => {
          const answer = await api<Versions>(
            `/v1/transactions/${encodeURIComponent(id)}/versions${query({ at, by: value(data, 'asof-by') })}`,
          );
          if (answer.inForce === null || answer.inForce === undefined)
            return h('p', { 'data-testid': 'in-force' }, t('none'));
          const document = await api<{ state: unknown; stages: Record<string, unknown> }>(
            `/v1/transactions/${encodeURIComponent(id)}/versions/${answer.inForce}`,
          );
          return [
            h(
              'p',
              { 'data-testid': 'in-force' },
              `${t('inForce')}: ${answer.inForce} · ${stage(answer.versions[answer.inForce]!.eventType)}`,
            ),
            h('pre', { class: 'document' }, JSON.stringify(document, null, 2)),
          ];
        }),
      );
    },
    field('asof-at', t('asOfInstant'), h('input', { type: 'datetime-local', required: true })),
    field(
      'asof-by',
      t('asOfBy'),
      h(
        'select',
        {},
        h('option', { value: 'published' }, t('byPublication')),
        h('option', { value: 'recorded' }, t('byRecording')),
      ),
    ),
    h('button', { type: 'submit' }, t('show')),
  );
  return section(t('asOf'), asOf, out);
}

export function transactionPage(main: HTMLElement, id: string | undefined): void {
  const chooser = form(
    (data) => {
      const chosen = value(data, 'txn-id');
      if (chosen) location.hash = `#/transaction/${encodeURIComponent(chosen)}`;
    },
    field('txn-id', t('transactionId'), h('input', { type: 'text', value: id ?? '', required: true })),
    h('button', { type: 'submit' }, t('open')),
  );
  if (!id) {
    // No transaction chosen: the latest ones in the caller's view, to open.
    const latest = async(async () => {
      const answer = await api<{ items: Summary[] }>(`/v1/transactions${query({ limit: 50 })}`);
      return answer.items.length
        ? transactionsTable(answer.items, '#/transaction/', 'transactions')
        : h('p', {}, t('none'));
    });
    return page(main, t('transaction'), chooser, section(t('transactions'), latest));
  }
  const body = async(async () => {
    const versions = await api<Versions>(`/v1/transactions/${encodeURIComponent(id)}/versions`);
    const due = new Map<string, string>();
    const signedIn = token() !== null;
    let flags: HTMLElement | undefined;
    if (signedIn) {
      try {
        const report = await api<{ transactions: { items: Array<{ items: CompletenessItem[] }> } }>(
          `/v1/reports/completeness${query({ transactionId: id })}`,
        );
        for (const item of report.transactions.items[0]?.items ?? [])
          if (item.dueAt) due.set(item.eventType, item.dueAt);
        const completeness = report.transactions.items[0]?.items ?? [];
        const red = await api<{ items: RedFlag[] }>(`/v1/red-flags${query({ transactionId: id })}`);
        flags = h(
          'div',
          {},
          section(t('redFlags'), red.items.length ? redFlagTable(red.items) : h('p', {}, t('none'))),
          section(
            t('completeness'),
            table(
              [t('item'), t('status')],
              completeness.map((i) => [stage(i.eventType), statusName(i.status)]),
              { 'data-testid': 'txn-completeness' },
            ),
          ),
        );
      } catch (error) {
        flags = errorBox(error);
      }
    }
    const state = await api<{ relatedDisclosures?: DisclosureSummary[] }>(
      `/v1/transactions/${encodeURIComponent(id)}`,
    );
    const related = state.relatedDisclosures?.length
      ? [section(t('relatedDisclosures'), disclosuresTable(state.relatedDisclosures, 'related-disclosures'))]
      : [];
    const diff = diffSection(id, versions.versions);
    return [
      h('p', { 'data-testid': 'view' }, `${t('view')}: ${versions.view}`),
      section(t('timeline'), timelineTable(versions.versions, due)),
      stagesSection(versions.versions, diff),
      diff.element,
      asOfSection(id),
      ...related,
      verifyPanel(id, false),
      ...(flags ? [flags] : []),
    ];
  });
  page(main, `${t('transaction')} ${id}`, chooser, body);
}
