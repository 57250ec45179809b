import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { createInterface } from 'node:readline';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXAMPLE_PARTIES, TRANSACTION_ID_FIELD, exampleEvent } from '@gongkai/domain';
import { SqliteEventStore } from '@gongkai/event-store';
import type { FeedWorkload } from './feed-workload';
import { memoryOf, startBenchService } from './gongkai-service';
import { nowMs, percentile } from './stats';

/**
 * The SSE feed under the load: `idle` subscribers waiting at the live end plus `replaying` ones
 * reading from position 0, against a store of `events` events, while `/health` is probed every 50 ms.
 * The peer is the same service, same store, same run, probed with no subscriber at all.
 */
export interface FeedLoadFigures {
  events: number;
  /** The readers' process priority (nice): they stand for remote clients. */
  readersNice: number;
  idle: number;
  replaying: number;
  seconds: number;
  /** /health round trips with no subscriber (the peer). */
  healthAlone: HealthFigures;
  /** /health round trips while every subscriber is connected and the replays run. */
  healthUnderLoad: HealthFigures;
  /** SSE bytes and messages the replaying clients received in the window, all together. */
  replayedMessagesPerSecond: number;
  replayedMiBPerSecond: number;
  /** Replaying clients that had read the whole store by the end of the window. */
  replaysFinished: number;
  /** Live events appended during the window and how many idle subscribers got each (all of them, ideally). */
  liveAppends: number;
  liveDeliveries: number;
  /** The service's resident set: before subscribers connect, and the peak while they are connected. */
  rssIdleMiB: number;
  rssPeakMiB: number;
  refusedConnections: number;
  /** The service's own event-loop delay (p99, max), alone and under load: no client in the figure. */
  loopLagAlone: { p99Ms: number; maxMs: number };
  loopLagUnderLoad: { p99Ms: number; maxMs: number };
}

export interface HealthFigures {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

const started = Date.now();
const runTag = Date.now().toString(36).toUpperCase().slice(-5);
const liveTransaction = (n: number) => `320602L${runTag}${String(n).padStart(5, '0')}001`;

/** A new procurement transaction's announcement, published by the bench centre's organisation. */
function liveAnnouncement(n: number): string {
  const example = exampleEvent('AnnouncementPublished', 'procurement');
  const data = {
    ...(example.data as Record<string, unknown>),
    [TRANSACTION_ID_FIELD.procurement]: liveTransaction(n),
  };
  return JSON.stringify({
    ...example,
    id: randomUUID(),
    data,
    metadata: { ...example.metadata, publisher: EXAMPLE_PARTIES.authority },
  });
}

const log = (line: string) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);

function healthFigures(samples: number[]): HealthFigures {
  return {
    samples: samples.length,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: Math.max(...samples),
  };
}

/** Probes /health every `everyMs` until `stop` is set; one probe in flight at a time. */
async function probeHealth(url: string, everyMs: number, until: () => boolean): Promise<number[]> {
  const samples: number[] = [];
  while (!until()) {
    const started = nowMs();
    const response = await fetch(`${url}/health`);
    await response.arrayBuffer();
    samples.push(nowMs() - started);
    await sleep(Math.max(0, everyMs - (nowMs() - started)));
  }
  return samples;
}


/** The readers' process (bench/lib/feed-readers.mjs): asked for counts with a line on stdin. */
class ReaderProcess {
  private readonly child: ChildProcess;
  private readonly lines: string[] = [];
  private waiters: Array<() => void> = [];

  constructor(url: string, idle: number, replaying: number, lastId: number, nice: number) {
    this.child = spawn(
      process.execPath,
      [path.join(__dirname, 'feed-readers.mjs'), url, String(idle), String(replaying), String(lastId)],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    // The readers stand for clients on other machines: here they share the service's cores, so they run at
    // a lower priority rather than take the service's CPU away (what the figures would then measure).
    if (this.child.pid !== undefined && nice !== 0) setPriority(this.child.pid, nice);
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.lines.push(line);
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    });
  }

  /** The next line of the given phase. */
  async next<T>(phase: string): Promise<T> {
    for (;;) {
      const index = this.lines.findIndex((line) => (JSON.parse(line) as { phase: string }).phase === phase);
      if (index >= 0) return JSON.parse(this.lines.splice(index, 1)[0]!) as T;
      if (this.child.exitCode !== null) throw new Error('the readers process exited');
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  async counts(): Promise<ReaderCounts> {
    this.child.stdin!.write('\n');
    return this.next<ReaderCounts>('counts');
  }

  stop(): void {
    this.child.kill();
  }
}

interface ReaderCounts {
  replayBytes: number;
  replayMessages: number;
  replaysFinished: number;
  idleMessages: number;
}

/** The service's event-loop delay (prom-client's monitorEventLoopDelay, reset at each scrape). */
async function loopLag(url: string): Promise<{ p99Ms: number; maxMs: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name: string) =>
    1000 *
    Number(
      text
        .split('\n')
        .find((l) => l.startsWith(`${name} `))
        ?.split(' ')[1] ?? Number.NaN,
    );
  return {
    p99Ms: value('gongkai_nodejs_eventloop_lag_p99_seconds'),
    maxMs: value('gongkai_nodejs_eventloop_lag_max_seconds'),
  };
}

export async function feedLoadBench(options: {
  dir: string;
  workload: FeedWorkload;
  events: number;
  idle: number;
  replaying: number;
  seconds: number;
  /** The readers' process priority (nice). */
  readersNice: number;
}): Promise<FeedLoadFigures> {
  const dataDir = path.join(options.dir, 'feed-load');
  log(`load: building a store of ${options.events.toLocaleString('en')} events`);
  const store = await SqliteEventStore.open({
    path: path.join(dataDir, 'events.sqlite'),
    synchronous: 'NORMAL',
  });
  let head: number;
  try {
    await options.workload.load(store, options.events, 32, 'feed store');
    head = await store.headPosition();
  } finally {
    await store.close();
  }
  log('load: starting the service (read models and integrity log catch up first)');
  const service = await startBenchService(dataDir, {
    // Feed limits to try (GONGKAI_FEED_BUFFER_BYTES, ...) pass through.
    ...Object.fromEntries(
      Object.entries(process.env).filter((entry): entry is [string, string] =>
        entry[0].startsWith('GONGKAI_FEED_'),
      ),
    ),
    GONGKAI_FEED_MAX_CONNECTIONS: String(options.idle + options.replaying + 100),
    GONGKAI_FEED_MAX_PER_CALLER: String(options.idle + options.replaying + 100),
  });
  let readers: ReaderProcess | undefined;
  try {
    await waitCaughtUp(service.url, 600_000);
    log('load: /health alone');
    const aloneUntil = nowMs() + 10_000;
    await loopLag(service.url);
    const alone = await probeHealth(service.url, 50, () => nowMs() > aloneUntil);
    const lagAlone = await loopLag(service.url);
    // From /proc, not /metrics: every scrape resets the event-loop delay histogram `loopLag` reads.
    const rssIdleMiB = memoryOf(service.child.pid).rssMiB;

    log(`load: ${options.idle} idle subscribers, then ${options.replaying} from position 0`);
    readers = new ReaderProcess(service.url, options.idle, options.replaying, head, options.readersNice);
    await readers.next('idle-open');
    const windowStart = nowMs();
    const { refused } = await readers.next<{ refused: number }>('open');
    log(`load: every subscriber connected; ${options.seconds} s`);
    let done = false;
    const underLoad = probeHealth(service.url, 50, () => done);
    let rssPeakMiB = rssIdleMiB;
    let liveAppends = 0;
    let liveAppendsSent = 0;
    const sampler = (async () => {
      while (!done) {
        rssPeakMiB = Math.max(rssPeakMiB, memoryOf(service.child.pid).rssMiB);
        // A live event now and then, so the idle subscribers' shared tail is exercised too.
        const answer = await fetch(
          `${service.url}/v1/transactions/${liveTransaction(++liveAppendsSent)}/events`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${service.centreToken}`, 'content-type': 'application/json' },
            body: liveAnnouncement(liveAppendsSent),
          },
        );
        if (answer.status === 201) liveAppends += 1;
        else if (liveAppends === 0)
          log(`load: live append answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
        if (!answer.bodyUsed) await answer.arrayBuffer();
        await sleep(1000);
      }
    })();
    await sleep(options.seconds * 1000);
    done = true;
    const seconds = (nowMs() - windowStart) / 1000;
    const counts = await readers.counts();
    const healthUnderLoad = await underLoad;
    await sampler;
    const lagUnderLoad = await loopLag(service.url);
    log('load: window over');
    return {
      events: options.events,
      readersNice: options.readersNice,
      idle: options.idle,
      replaying: options.replaying,
      seconds,
      healthAlone: healthFigures(alone),
      healthUnderLoad: healthFigures(healthUnderLoad),
      loopLagAlone: lagAlone,
      loopLagUnderLoad: lagUnderLoad,
      replayedMessagesPerSecond: counts.replayMessages / seconds,
      replayedMiBPerSecond: counts.replayBytes / 1024 / 1024 / seconds,
      replaysFinished: counts.replaysFinished,
      liveAppends,
      liveDeliveries: counts.idleMessages,
      rssIdleMiB,
      rssPeakMiB,
      refusedConnections: refused,
    };
  } finally {
    readers?.stop();
    await service.stop();
  }
}

/** Waits until every read model has caught up with the store, so their rebuild does not share the window. */
async function waitCaughtUp(url: string, timeoutMs: number): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    const health = (await (await fetch(`${url}/health`)).json()) as { readModels?: { status?: string } };
    if (health.readModels?.status === 'live') return;
    if (nowMs() > deadline) throw new Error('the read models did not catch up in time');
    await sleep(1000);
  }
}
