import { ApiError } from './api';
import { clear, h } from './dom';
import { t } from './i18n';

/** Renders the page's heading and body into the main area and moves focus to the heading. */
export function page(main: HTMLElement, title: string, ...content: HTMLElement[]): void {
  clear(main);
  const heading = h('h1', { tabindex: -1 }, title);
  main.append(heading, ...content);
  heading.focus();
}

/** A region that shows "loading", then the content the promise builds, or the error as a problem message. */
export function async(build: () => Promise<Node | Node[]>, attrs: Record<string, string> = {}): HTMLElement {
  const holder = h('div', { 'aria-live': 'polite', ...attrs }, t('loading'));
  build().then(
    (content) => {
      clear(holder);
      holder.append(...(Array.isArray(content) ? content : [content]));
    },
    (error: unknown) => {
      clear(holder);
      holder.append(errorBox(error));
    },
  );
  return holder;
}

export function errorBox(error: unknown): HTMLElement {
  const message = error instanceof ApiError ? `${error.status}: ${error.message}` : (error as Error).message;
  return h('p', { class: 'error', role: 'alert' }, `${t('error')}: ${message}`);
}

export function section(title: string, ...content: Array<Node | string>): HTMLElement {
  return h('section', {}, h('h2', {}, title), ...content);
}

/** A form whose submit runs `onSubmit` (Enter in any field submits: keyboard users need no mouse). */
export function form(onSubmit: (data: FormData) => void, ...controls: HTMLElement[]): HTMLFormElement {
  const element = h('form', { class: 'filters' }, ...controls);
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(new FormData(element));
  });
  return element;
}

export function value(data: FormData, name: string): string | undefined {
  const v = data.get(name);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
