import { api, clearToken, token, type Session } from './lib/api';
import { clear, h } from './lib/dom';
import { lang, setLang, t } from './lib/i18n';
import { annualPage } from './pages/annual';
import { completenessPage } from './pages/completeness';
import { creditPage } from './pages/credit';
import { disclosuresPage } from './pages/disclosures';
import { findingsPage } from './pages/findings';
import { loginPage } from './pages/login';
import { operationsPage } from './pages/operations';
import { overviewPage } from './pages/overview';
import { publicSearchPage, publicTrailPage } from './pages/public';
import { transactionPage } from './pages/transaction';

/**
 * The supervisors' console: a single page over the JSON API, routed by the URL fragment (`#/findings`), so
 * the service serves one HTML page and one script. Nothing secret ever goes into the URL.
 */
let session: Session | undefined;

const app = document.getElementById('app')!;

function nav(): HTMLElement {
  const items: Array<[string, string]> = session
    ? [
        ['#/overview', t('overview')],
        ['#/findings', t('findings')],
        ['#/transaction', t('transaction')],
        ['#/completeness', t('completeness')],
        ['#/credit', t('credit')],
        ['#/annual', t('annual')],
        ...(session.role === 'admin' ? [['#/operations', t('operations')] as [string, string]] : []),
        ['#/public', t('publicSearch')],
        ['#/disclosures', t('disclosures')],
      ]
    : [
        ['#/public', t('publicSearch')],
        ['#/disclosures', t('disclosures')],
        ['#/login', t('login')],
      ];
  const current = location.hash.split('/').slice(0, 2).join('/');
  return h(
    'nav',
    { 'aria-label': t('appTitle') },
    h(
      'ul',
      {},
      items.map(([href, label]) =>
        h('li', {}, h('a', { href, 'aria-current': href === current ? 'page' : undefined }, label)),
      ),
    ),
  );
}

function header(): HTMLElement {
  return h(
    'header',
    {},
    h(
      'a',
      {
        class: 'skip',
        href: '#main',
        onclick: (e: Event) => {
          e.preventDefault();
          document.querySelector<HTMLElement>('main h1')?.focus();
        },
      },
      lang() === 'zh' ? '跳到正文' : 'Skip to content',
    ),
    h('span', { class: 'brand' }, t('appTitle')),
    session
      ? h(
          'span',
          { class: 'who', 'data-testid': 'who' },
          `${t('signedInAs')}: ${session.subject ?? ''} (${session.role}${session.regions ? ` · ${session.regions.join(', ')}` : ''})`,
        )
      : null,
    h(
      'button',
      {
        type: 'button',
        'data-testid': 'lang',
        onclick: () => {
          setLang(lang() === 'zh' ? 'en' : 'zh');
          route();
        },
      },
      t('switchLang'),
    ),
    session
      ? h(
          'button',
          {
            type: 'button',
            onclick: () => {
              clearToken();
              session = undefined;
              location.hash = '#/login';
            },
          },
          t('logout'),
        )
      : null,
  );
}

function route(): void {
  document.title = t('appTitle');
  const [, name = '', ...rest] = location.hash.replace(/^#/, '').split('/');
  const arg = rest.length ? decodeURIComponent(rest.join('/')) : undefined;
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const main = h('main', { id: 'main' });
  clear(app);
  app.append(header(), nav(), main);
  if (name === 'public') return arg ? publicTrailPage(main, arg) : publicSearchPage(main);
  if (name === 'disclosures') return disclosuresPage(main, arg);
  if (!session) {
    return loginPage(main, (signedIn) => {
      session = signedIn;
      location.hash = '#/overview';
      route();
    });
  }
  switch (name.split('?')[0]) {
    case 'findings':
      return findingsPage(main, params);
    case 'transaction':
      return transactionPage(main, arg);
    case 'completeness':
      return completenessPage(main);
    case 'credit':
      return creditPage(main, session, arg);
    case 'annual':
      return annualPage(main);
    case 'operations':
      return operationsPage(main);
    default:
      return overviewPage(main);
  }
}

async function start(): Promise<void> {
  setLang(lang());
  if (token()) {
    try {
      const known = await api<Session>('/v1/session');
      session = known.role === 'anonymous' ? undefined : known;
    } catch {
      clearToken();
    }
  }
  window.addEventListener('hashchange', route);
  route();
}

void start();
