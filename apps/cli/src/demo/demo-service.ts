import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  ensureAdminToken,
  openServiceDatabase,
  TokenStore,
  type ServiceConfig,
  type TokenGrant,
} from '../service';
import { GongkaiClient } from './gongkai-client';

/** Issues the short-lived publisher tokens the demo publishes with, and revokes them afterwards. */
export interface TokenIssuer {
  issue(grant: TokenGrant): Promise<{ id: string; token: string }>;
  revoke(id: string): Promise<void>;
}

/** A running service the demo talks HTTP to. */
export interface DemoService {
  url: string;
  client: GongkaiClient;
  tokens: TokenIssuer;
  /** Where its data lives, when the demo started it. */
  dataDir?: string;
  /**
   * Set when the demo's start was the data directory's first: the admin token the service generated. Only its
   * hash is stored, so it must be shown now (as `npm start` would have).
   */
  generatedAdminToken?: string;
  close(): Promise<void>;
}

/**
 * The service's entry point beside this CLI (the CLI runs the service as a program, never imports it): the
 * TypeScript source under tsx (`npm run gongkai`), or the built `dist/apps/gongkai/src/main.js`.
 */
function serviceEntryPoint(): { args: string[]; cwd: string } {
  const extension = path.extname(__filename);
  const main = path.resolve(__dirname, '..', '..', '..', 'gongkai', 'src', `main${extension}`);
  if (!existsSync(main)) throw new Error(`the service entry point ${main} is missing`);
  return { args: extension === '.ts' ? ['--import', 'tsx', main] : [main], cwd: projectRoot(__dirname) };
}

/** The nearest directory above `from` holding package.json (the repository, or the image's root). */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/**
 * Starts the service (the same entry point as `npm start`) as a child process on a free port of 127.0.0.1,
 * over the configured data directory, and stops it on `close`. Tokens are issued through the token store of
 * that directory directly: the demo has no admin token to present, and the store is the same one
 * `POST /v1/tokens` writes to. A first start's admin token is generated here, before the service starts, so
 * it can be shown (the service finds it registered and generates none).
 */
export async function startServiceProcess(config: ServiceConfig): Promise<DemoService> {
  const db = openServiceDatabase(config.dataDir);
  const store = new TokenStore(db);
  let child: ChildProcess | undefined;
  try {
    const generatedAdminToken = ensureAdminToken(store, config.adminToken);
    const entry = serviceEntryPoint();
    child = spawn(process.execPath, entry.args, {
      cwd: entry.cwd,
      env: {
        ...process.env,
        GONGKAI_DATA_DIR: config.dataDir,
        HOST: '127.0.0.1',
        PORT: '0',
        GONGKAI_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = child;
    const exited = new Promise<number | null>((resolve) => running.on('exit', (code) => resolve(code)));
    const url = await listeningUrl(running, exited);
    return {
      url,
      client: new GongkaiClient(url),
      dataDir: config.dataDir,
      ...(generatedAdminToken ? { generatedAdminToken } : {}),
      tokens: {
        issue: async (grant) => {
          const { token, record } = store.create(grant);
          return { id: record.id, token };
        },
        revoke: async (id) => {
          store.revoke(id);
        },
      },
      close: async () => {
        if (running.exitCode === null && running.signalCode === null) running.kill('SIGTERM');
        await exited;
        db.close();
      },
    };
  } catch (error) {
    child?.kill('SIGKILL');
    db.close();
    throw error;
  }
}

/** Resolves with the URL the service logs once it listens; rejects with its output if it exits first. */
function listeningUrl(child: ChildProcess, exited: Promise<number | null>): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) =>
      reject(new Error(`the service exited (code ${code}) before listening:\n${output}`)),
    );
  });
}

/** A service already running elsewhere; publisher tokens are created and revoked with an admin token. */
export function connectToService(url: string, adminToken: string): DemoService {
  const client = new GongkaiClient(url.replace(/\/+$/, ''));
  return {
    url: client.baseUrl,
    client,
    tokens: {
      issue: async (grant) => {
        const answer = await client.request<{ id: string; token: string; detail?: string }>(
          'POST',
          '/v1/tokens',
          {
            token: adminToken,
            body: grant,
          },
        );
        if (answer.status !== 201) {
          throw new Error(
            `POST /v1/tokens answered ${answer.status}: ${answer.body?.detail ?? 'no detail'} (is the admin token right?)`,
          );
        }
        return { id: answer.body.id, token: answer.body.token };
      },
      revoke: async (id) => {
        await client.request('DELETE', `/v1/tokens/${encodeURIComponent(id)}`, { token: adminToken });
      },
    },
    close: async () => undefined,
  };
}

/** A subject that says where a token came from, unique per run. */
export function demoSubject(name: string): string {
  return `demo: ${name} (${randomUUID().slice(0, 8)})`;
}
