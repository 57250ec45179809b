/**
 * Calls the service's JSON API with the token kept in sessionStorage (never in a URL or a cookie: it lives
 * as long as the tab and is sent only in the Authorization header).
 */
const TOKEN_KEY = 'gongkai.token';

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}
export function setToken(value: string): void {
  sessionStorage.setItem(TOKEN_KEY, value);
}
export function clearToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { title?: string; detail?: string; type?: string },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; anonymous?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const secret = token();
  if (secret && !options.anonymous) headers.authorization = `Bearer ${secret}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : {};
  if (!response.ok) throw new ApiError(response.status, body as ApiError['problem']);
  return body as T;
}

export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface Session {
  role: 'admin' | 'supervisor' | 'centre' | 'subscriber' | 'anonymous';
  subject?: string;
  regions?: string[];
}
