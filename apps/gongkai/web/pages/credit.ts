import { api, ApiError, query, type Session } from '../lib/api';
import { field, h, link, table } from '../lib/dom';
import { t } from '../lib/i18n';
import { async, form, page, section, value } from '../lib/ui';

interface Profile {
  creditCode: string;
  name: string;
  blacklisted: boolean;
  penalties: Array<{
    decisionNumber: string;
    facts: string;
    decidedOn: string;
    displayUntil?: string;
    displayed: boolean;
  }>;
  creditRecords: Array<{
    recordNumber: string;
    title: string;
    decidedOn: string;
    displayUntil?: string;
    displayed: boolean;
  }>;
  blacklist: Array<{
    decisionNumber: string;
    reason: string;
    decidedOn: string;
    displayUntil: string;
    inForce: boolean;
    removalReason?: string;
    repairDecisionNumber?: string;
  }>;
}

const yes = (b: boolean) => (b ? '✓' : '—');

async function delivery(session: Session, creditCode: string): Promise<HTMLElement> {
  if (session.role !== 'admin') return h('p', { class: 'hint' }, t('deliveryAdminOnly'));
  try {
    const letters = await api<{
      items: Array<{ id: number; target: string; status: string; lastError?: string }>;
    }>(`/v1/sinks/dead-letters?status=all&streamId=${encodeURIComponent(`credit-${creditCode}`)}`);
    if (letters.items.length === 0) return h('p', { 'data-testid': 'delivery' }, t('deliveryOk'));
    return table(
      [t('deadLetters'), t('status'), t('error')],
      letters.items.map((l) => [`${l.target} #${l.id}`, l.status, l.lastError ?? '']),
    );
  } catch (error) {
    return h('p', { class: 'hint' }, error instanceof ApiError ? error.message : String(error));
  }
}

interface SubjectPage {
  items: Array<{
    creditCode: string;
    name: string;
    penalties: number;
    creditRecords: number;
    blacklistEntries: number;
    blacklistNotRemoved: number;
  }>;
  nextCursor: string | null;
}

/** The subjects with a record in the token's regions, a page at a time; each opens its profile. */
function subjectList(): HTMLElement {
  const rows = h('tbody', {});
  const more = h('button', { type: 'button', 'data-testid': 'subjects-more', hidden: true }, t('nextPage'));
  let cursor: string | null = null;
  const load = async () => {
    const answer = await api<SubjectPage>(`/v1/credit${query({ limit: 50, cursor: cursor ?? undefined })}`);
    rows.append(
      ...answer.items.map((s) =>
        h(
          'tr',
          {},
          h('td', {}, link(`#/credit/${encodeURIComponent(s.creditCode)}`, s.creditCode)),
          h('td', {}, s.name),
          h('td', {}, String(s.penalties)),
          h('td', {}, String(s.creditRecords)),
          h('td', {}, `${s.blacklistEntries} (${s.blacklistNotRemoved})`),
        ),
      ),
    );
    cursor = answer.nextCursor;
    more.hidden = cursor === null;
    return [];
  };
  more.addEventListener('click', () => void load());
  const head = h(
    'tr',
    {},
    [t('creditCode'), t('subject'), t('penalties'), t('creditRecords'), t('blacklist')].map((label) =>
      h('th', { scope: 'col' }, label),
    ),
  );
  return section(
    t('subjects'),
    h('table', { 'data-testid': 'credit-subjects' }, h('thead', {}, head), rows),
    more,
    async(load),
  );
}

export function creditPage(main: HTMLElement, session: Session, code: string | undefined): void {
  const chooser = form(
    (data) => {
      const chosen = value(data, 'credit-code');
      if (chosen) location.hash = `#/credit/${encodeURIComponent(chosen)}`;
    },
    field(
      'credit-code',
      t('creditCode'),
      h('input', { type: 'text', value: code ?? '', required: true, minlength: 18, maxlength: 18 }),
    ),
    h('button', { type: 'submit' }, t('search')),
  );
  if (!code) return page(main, t('credit'), chooser, subjectList());
  const body = async(async () => {
    const profile = await api<Profile>(`/v1/credit/${encodeURIComponent(code)}`);
    return [
      h(
        'p',
        { 'data-testid': 'credit-subject' },
        `${profile.name} · ${profile.creditCode} · ${t('blacklist')}: ${yes(profile.blacklisted)}`,
      ),
      section(
        t('penalties'),
        table(
          ['#', t('evidence'), t('from'), t('displayUntil'), t('displayed')],
          profile.penalties.map((p) => [
            p.decisionNumber,
            p.facts,
            p.decidedOn,
            p.displayUntil ?? '—',
            yes(p.displayed),
          ]),
        ),
      ),
      section(
        t('blacklist'),
        table(
          ['#', t('evidence'), t('from'), t('displayUntil'), t('inForceShort'), t('status')],
          profile.blacklist.map((b) => [
            b.decisionNumber,
            b.reason,
            b.decidedOn,
            b.displayUntil,
            yes(b.inForce),
            b.removalReason ? `${b.removalReason} ${b.repairDecisionNumber ?? ''}` : '—',
          ]),
          { 'data-testid': 'blacklist' },
        ),
      ),
      section(
        t('creditRecords'),
        table(
          ['#', t('subject'), t('from'), t('displayUntil'), t('displayed')],
          profile.creditRecords.map((r) => [
            r.recordNumber,
            r.title,
            r.decidedOn,
            r.displayUntil ?? '—',
            yes(r.displayed),
          ]),
        ),
      ),
      section(t('delivery'), await delivery(session, profile.creditCode)),
    ];
  });
  page(main, `${t('credit')} ${code}`, chooser, body);
}
