import { api } from '../lib/api';
import { beijing, h, table } from '../lib/dom';
import { t } from '../lib/i18n';
import { async, page, section } from '../lib/ui';

interface Sinks {
  targets: Array<{
    target: string;
    checkpoint?: number;
    lagEvents?: number;
    openDeadLetters?: number;
    circuit?: string;
    lastError?: string;
  }>;
  kafkaFeed?: { state?: string; lagEvents?: number; publishedThrough?: number };
}

export function operationsPage(main: HTMLElement): void {
  const deadLetters = async(async () => {
    const letters = await api<{
      items: Array<{ id: number; target: string; streamId: string; status: string; lastError?: string }>;
    }>('/v1/sinks/dead-letters');
    if (letters.items.length === 0) return h('p', {}, t('none'));
    return table(
      ['#', t('sinks'), t('event'), t('status'), t('error'), ''],
      letters.items.map((l) => [
        l.id,
        l.target,
        l.streamId,
        l.status,
        l.lastError ?? '',
        h(
          'span',
          {},
          h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                await api(`/v1/sinks/dead-letters/${l.id}/retry`, { method: 'POST', body: {} });
                location.reload();
              },
            },
            t('retry'),
          ),
          h(
            'button',
            {
              type: 'button',
              onclick: async () => {
                await api(`/v1/sinks/dead-letters/${l.id}/discard`, { method: 'POST', body: {} });
                location.reload();
              },
            },
            t('discard'),
          ),
        ),
      ]),
    );
  });
  page(
    main,
    t('operations'),
    section(
      t('sinks'),
      async(async () => {
        const sinks = await api<Sinks>('/v1/sinks');
        return [
          table(
            [t('sinks'), 'checkpoint', t('lag'), t('deadLetters'), 'circuit', t('error')],
            sinks.targets.map((s) => [
              s.target,
              s.checkpoint ?? '—',
              s.lagEvents ?? '—',
              s.openDeadLetters ?? 0,
              s.circuit ?? '—',
              s.lastError ?? '',
            ]),
            { 'data-testid': 'sinks' },
          ),
          h(
            'p',
            { 'data-testid': 'kafka' },
            `${t('kafka')}: ${sinks.kafkaFeed?.state ?? 'off'} · ${t('lag')} ${sinks.kafkaFeed?.lagEvents ?? 0}`,
          ),
        ];
      }),
    ),
    section(t('deadLetters'), deadLetters),
    section(
      t('projections'),
      async(async () => {
        const answer = await api<{
          projections: Array<{
            name: string;
            generation: number;
            phase: string;
            position: number;
            lagEvents: number;
          }>;
        }>('/v1/projections');
        return table(
          ['name', 'generation', t('status'), 'position', t('lag')],
          answer.projections.map((p) => [p.name, p.generation, p.phase, p.position, p.lagEvents]),
          { 'data-testid': 'projections' },
        );
      }),
    ),
    section(
      t('tokens'),
      async(async () => {
        const answer = await api<
          | {
              items?: Array<{
                id: string;
                role: string;
                subject: string;
                createdAt?: string;
                revokedAt?: string | null;
              }>;
            }
          | Array<{ id: string; role: string; subject: string; revokedAt?: string | null }>
        >('/v1/tokens');
        const items = Array.isArray(answer) ? answer : (answer.items ?? []);
        return table(
          [t('role'), t('subject'), t('revoked')],
          items.map((tk) => [tk.role, tk.subject, tk.revokedAt ? beijing(tk.revokedAt) : '—']),
          { 'data-testid': 'tokens' },
        );
      }),
    ),
  );
}
