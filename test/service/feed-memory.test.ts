import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LONG_TEXT_MAX_CHARS } from '@gongkai/domain';
import { startChildService, type ChildService } from './child-service';
import { eventsPath, lifecycle, NANTONG_CENTRE } from './fixtures';
import { SseClient } from './sse-client';

/**
 * Issue 9 finding 5: readers of `GET /v1/feed?from=0` on a store holding large events must not exhaust the
 * heap. The service runs as its own process with a small heap; the store holds announcements at the
 * per-event cap, and many clients open the feed from 0 and read nothing, so whatever the service keeps per
 * connection stays kept. Each connection may hold at most one page (one event when it is larger
 * than a page) and all of them together at most GONGKAI_FEED_BUFFER_BYTES plus one event.
 */
describe('GET /v1/feed with large events and many readers', () => {
  const LARGE_EVENTS = 120;
  const ADMIN = 'feed-memory-admin-token-0123456789';
  const READERS = 40;
  const BUFFER_BYTES = 16 * 1024 * 1024;
  let dataDir: string;
  let running: ChildService | undefined;
  const sockets: net.Socket[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-feed-memory-'));
    running = await startChildService({
      GONGKAI_DATA_DIR: dataDir,
      GONGKAI_ADMIN_TOKEN: ADMIN,
      GONGKAI_SQLITE_SYNCHRONOUS: 'NORMAL',
      GONGKAI_FEED_MAX_PER_CALLER: String(READERS + 5),
      GONGKAI_FEED_BUFFER_BYTES: String(BUFFER_BYTES),
      // The stalled readers must stay connected for the whole test, however slow the machine.
      GONGKAI_FEED_STALL_MS: '3600000',
      // A heap far smaller than what the readers would hold if each kept a page of events decoded.
      NODE_OPTIONS: '--max-old-space-size=192',
    });
    const created = await fetch(`${running.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(NANTONG_CENTRE),
    });
    const token = ((await created.json()) as { token: string }).token;
    // Announcements at the per-event cap: 100,000 three-byte characters of content, about 300 KB each.
    const post = async (i: number) => {
      const transactionId = `3206022026F7${String(i).padStart(6, '0')}01`;
      const announcement = lifecycle('engineering', transactionId)[0]!;
      (announcement.data as unknown as Record<string, unknown>)['content'] = '公'.repeat(LONG_TEXT_MAX_CHARS);
      const answer = await fetch(`${running!.url}${eventsPath(transactionId)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(announcement),
      });
      if (answer.status !== 201) throw new Error(`append ${i}: ${answer.status} ${await answer.text()}`);
    };
    for (let i = 0; i < LARGE_EVENTS; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, LARGE_EVENTS - i) }, (_, k) => post(i + k)));
    }
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Opens the feed from 0 on a raw socket that never reads: the server's writes back up. */
  function stalledReader(url: URL): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(
          `GET /v1/feed?from=0 HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`,
        );
        socket.once('data', () => {
          socket.pause();
          resolve();
        });
      });
      socket.on('error', reject);
      sockets.push(socket);
    });
  }

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`${running!.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    if (line === undefined) throw new Error(`no metric ${name}`);
    return Number(line.split(' ')[1]);
  }

  it('keeps the process alive and its held bytes within the budget while readers stall', async () => {
    const url = new URL(running!.url);
    await Promise.all(Array.from({ length: READERS }, () => stalledReader(url)));
    // Let the service fill every socket it can.
    for (let i = 0; i < 20; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(running!.child.exitCode).toBeNull();
    }
    const health = await fetch(`${running!.url}/health`);
    expect(health.status).toBe(200);
    expect(await metric('gongkai_feed_connections')).toBe(READERS);
    // At most the budget, plus the one event that may go through alone when nothing else is held.
    expect(await metric('gongkai_feed_held_bytes')).toBeLessThanOrEqual(BUFFER_BYTES + 4 * 1024 * 1024);

    // A reader that does read still gets every event, in order.
    const reader = await SseClient.connect(`${running!.url}/v1/feed?from=0`);
    try {
      expect(reader.status).toBe(200);
      await reader.waitFor((client) => client.events.length >= LARGE_EVENTS, 60_000);
      expect(reader.events.map((event) => Number(event.id))).toEqual(
        Array.from({ length: LARGE_EVENTS }, (_, i) => i + 1),
      );
      expect(reader.events.every((event) => event.data.length > LONG_TEXT_MAX_CHARS)).toBe(true);
    } finally {
      await reader.close();
    }
    expect(running!.child.exitCode).toBeNull();
  }, 180_000);
});
