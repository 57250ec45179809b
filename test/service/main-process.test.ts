import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EVENT_TYPES } from '@gongkai/domain';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'apps', 'gongkai', 'src', 'main.ts');

interface Started {
  child: ChildProcess;
  output: () => string;
  url: Promise<string>;
  exited: Promise<number | null>;
}

/** Runs `main.ts` as its own process, as `npm run start:dev` does, and waits for its "listening" line. */
function start(env: Record<string, string>): Started {
  const child = spawn(TSX, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`exited before listening:\n${output}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, url, exited };
}

async function stop(started: Started): Promise<void> {
  started.child.kill('SIGTERM');
  await started.exited;
}

describe('the service as a process (main.ts)', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-main-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a generated admin token once, serves /docs and an OpenAPI document with every event type', async () => {
    const first = start({ GONGKAI_DATA_DIR: dataDir });
    try {
      const url = await first.url;
      const printed = /\n\s+(gk_[A-Za-z0-9_-]{43})\n/.exec(first.output());
      expect(printed).not.toBeNull();
      const token = printed![1]!;
      const tokens = await fetch(`${url}/v1/tokens`, { headers: { authorization: `Bearer ${token}` } });
      expect(tokens.status).toBe(200);

      const docs = await fetch(`${url}/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('Swagger UI');

      const openapi = (await (await fetch(`${url}/openapi.json`)).json()) as {
        openapi: string;
        paths: Record<
          string,
          {
            post?: {
              requestBody: {
                content: Record<string, { examples: Record<string, { value: { type: string } }> }>;
              };
            };
          }
        >;
        components: { schemas: Record<string, unknown> };
      };
      expect(openapi.openapi).toBe('3.1.0');
      const examples =
        openapi.paths['/v1/transactions/{id}/events']!.post!.requestBody.content['application/json']!
          .examples;
      const typesWithExamples = new Set(Object.values(examples).map((e) => e.value.type));
      expect([...typesWithExamples].sort()).toEqual([...EVENT_TYPES].sort());
      for (const type of EVENT_TYPES) expect(openapi.components.schemas[`${type}Data`]).toBeDefined();
    } finally {
      await stop(first);
    }

    const second = start({ GONGKAI_DATA_DIR: dataDir });
    try {
      await second.url;
      expect(second.output()).not.toMatch(/gk_[A-Za-z0-9_-]{43}/);
    } finally {
      await stop(second);
    }
  }, 60_000);

  it('refuses to start on a bad setting, naming the variable', async () => {
    const bad = start({ GONGKAI_DATA_DIR: dataDir, PORT: 'eighty', GONGKAI_STORE: 'postgres' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain('PORT');
    expect(bad.output()).toContain('GONGKAI_STORE');
    await bad.url.catch(() => undefined);
  }, 30_000);
});
