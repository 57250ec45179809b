import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createApp, type GongkaiApp } from '../../apps/gongkai/src/app';
import { loadConfig } from '@gongkai/runtime';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface RunningService {
  url: string;
  dataDir: string;
  service: GongkaiApp;
  /** fetch against the service, JSON in and out. */
  call(method: string, pathname: string, options?: CallOptions): Promise<Answer>;
  /** Stops the server and closes the store; `keepData` leaves the data dir for a restart. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  // Tests read answers structurally; the shape is asserted, not assumed.
  body: Record<string, unknown> & { [key: string]: unknown };
  text: string;
}

export interface StartOptions {
  /**
   * Wait (default) until the read models have caught up with the store, as tests expect of a fresh service:
   * they are built on the projection thread, which takes a moment to start, and answer 503 until then.
   */
  waitForReadModels?: boolean;
}

/** Starts the real service (createApp) on a free port with a real SQLite file in a fresh temp dir. */
export async function startService(
  env: Record<string, string> = {},
  dataDir: string = mkdtempSync(path.join(os.tmpdir(), 'gongkai-service-')),
  options: StartOptions = {},
): Promise<RunningService> {
  const config = loadConfig({
    GONGKAI_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    GONGKAI_ADMIN_TOKEN: ADMIN_TOKEN,
    GONGKAI_LOG_LEVEL: 'silent',
    GONGKAI_SQLITE_SYNCHRONOUS: 'NORMAL',
    GONGKAI_CHECKPOINT_ORIGIN: 'gongkai.test',
    ...env,
  });
  const service = await createApp(config, { docsUi: false });
  const url = await service.listen(0);
  if (options.waitForReadModels ?? true) await readModelsSettled(service);
  return {
    url,
    dataDir,
    service,
    async call(method, pathname, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.rawBody !== undefined || options.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = options.rawBody ?? JSON.stringify(options.body);
      }
      const response = await fetch(`${url}${pathname}`, { method, headers, body });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        parsed = {};
      }
      return { status: response.status, headers: response.headers, body: parsed, text };
    },
    async stop(options = {}) {
      await service.close();
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Until no read model is catching up any more (live, failing, or run by another process); at most 60 s. */
async function readModelsSettled(service: GongkaiApp): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const health = await service.background.readModels.health();
    if (health.status !== 'catching-up') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
