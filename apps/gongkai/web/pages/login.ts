import { api, setToken, type Session } from '../lib/api';
import { field, h } from '../lib/dom';
import { t } from '../lib/i18n';
import { errorBox, form, page } from '../lib/ui';

/** One password field for the token; it goes to sessionStorage, never into the URL. */
export function loginPage(main: HTMLElement, onLogin: (session: Session) => void): void {
  const input = h('input', {
    type: 'password',
    autocomplete: 'off',
    required: true,
    'aria-describedby': 'token-hint',
  });
  const message = h('div', { 'aria-live': 'assertive' });
  const login = form(
    async (data) => {
      const secret = String(data.get('token') ?? '').trim();
      if (!secret) return;
      setToken(secret);
      try {
        const session = await api<Session>('/v1/session');
        if (session.role === 'anonymous') throw new Error(t('loginFailed'));
        onLogin(session);
      } catch (error) {
        sessionStorage.clear();
        message.replaceChildren(errorBox(error));
      }
    },
    field('token', t('token'), input),
    h('p', { id: 'token-hint', class: 'hint' }, t('tokenHint')),
    h('button', { type: 'submit' }, t('login')),
  );
  page(main, t('login'), login, message, h('p', {}, h('a', { href: '#/public' }, t('publicSearch'))));
  input.focus();
}
