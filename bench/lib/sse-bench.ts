import { randomUUID } from 'node:crypto';
import { EXAMPLE_PARTIES, TRANSACTION_ID_FIELD, exampleEvent } from '@gongkai/domain';
import { startBenchService } from './gongkai-service';
import { LatencyRecorder, steadyLoad, type LatencyFigures } from './latency';
import { fmtUs } from './stats';

/**
 * append -> SSE client: new transactions announced over HTTP (`POST /v1/transactions/{id}/events`) at a
 * steady rate, timed until `GET /v1/feed` delivers them; against the same appends' own HTTP round trip.
 */
export interface SseFigures {
  /** POST sent -> the event's SSE message read by the client. */
  appendToSse: LatencyFigures;
  /** POST sent -> its 201 answer (the peer: what the publishing centre itself waits). */
  appendAnswered: LatencyFigures;
  failedAppends: number;
}

/** The service answers 404 for `GET /v1/feed`: this build has no SSE feed. */
export class FeedEndpointMissing extends Error {
  constructor() {
    super('GET /v1/feed answered 404');
    this.name = 'FeedEndpointMissing';
  }
}

const DOMAIN = 'procurement';
const TX = '__BENCH_TX__';
const log = (line: string) => process.stderr.write(`${line}\n`);

const announcementTemplate = (() => {
  const example = exampleEvent('AnnouncementPublished', DOMAIN);
  const data = { ...(example.data as Record<string, unknown>), [TRANSACTION_ID_FIELD[DOMAIN]]: TX };
  return JSON.stringify({
    ...example,
    data,
    metadata: { ...example.metadata, publisher: EXAMPLE_PARTIES.authority },
  });
})();

let transactions = 0;
const runTag = Date.now().toString(36);

/** A new procurement transaction's announcement: its stream id (the SSE key) and its request. */
function announcement(): { transactionId: string; streamId: string; body: string } {
  const transactionId = `SSE${runTag}${String(++transactions).padStart(7, '0')}`;
  const body = announcementTemplate
    .replaceAll(TX, transactionId)
    .replace(/"id":"[^"]+"/, `"id":"${randomUUID()}"`);
  return { transactionId, streamId: `txn-${transactionId}`, body };
}

/**
 * Reads `GET /v1/feed` (Server-Sent Events) and reports each message's stream id as it arrives; resolves
 * once the server's `: connected` comment is in, so no appended event is missed.
 */
async function openFeed(
  url: string,
  onMessage: (streamId: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const response = await fetch(`${url}/v1/feed`, { signal, headers: { accept: 'text/event-stream' } });
  if (response.status === 404) throw new FeedEndpointMissing();
  if (response.status !== 200 || !response.body) throw new Error(`GET /v1/feed answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let connected!: () => void;
  const isConnected = new Promise<void>((resolve) => (connected = resolve));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(': connected')) connected();
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) onMessage((JSON.parse(data.slice('data: '.length)) as { streamId: string }).streamId);
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  await isConnected;
}

export async function sseBench(options: {
  dataDir: string;
  ratePerSecond: number;
  seconds: number;
}): Promise<SseFigures> {
  const service = await startBenchService(options.dataDir);
  const abort = new AbortController();
  let recorders = { sse: new LatencyRecorder(), answered: new LatencyRecorder() };
  let failedAppends = 0;
  const post = async () => {
    const { transactionId, streamId, body } = announcement();
    const { sse, answered } = recorders;
    sse.sent(streamId);
    answered.sent(streamId);
    const response = await fetch(`${service.url}/v1/transactions/${transactionId}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.centreToken}`, 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    if (response.status === 201) answered.received(streamId);
    else if (failedAppends++ === 0) log(`  an append answered ${response.status}: ${text.slice(0, 300)}`);
  };
  try {
    await openFeed(service.url, (streamId) => recorders.sse.received(streamId), abort.signal);
    // Warm-up (JIT, SQLite page cache, first-use module work), not counted.
    await steadyLoad(options.ratePerSecond, 2, post);
    await recorders.sse.waitForAll(30_000, 'SSE warm-up');
    recorders = { sse: new LatencyRecorder(), answered: new LatencyRecorder() };
    failedAppends = 0;

    log(`  append over HTTP -> SSE client: ${options.ratePerSecond}/s for ${options.seconds} s`);
    await steadyLoad(options.ratePerSecond, options.seconds, post);
    if (failedAppends > 0) throw new Error(`${failedAppends} appends failed`);
    await recorders.sse.waitForAll(30_000, 'append -> SSE client');
    const appendToSse = recorders.sse.figures(options.ratePerSecond);
    const appendAnswered = recorders.answered.figures(options.ratePerSecond);
    log(
      `    SSE p50 ${fmtUs(appendToSse.p50Ms)}, p99 ${fmtUs(appendToSse.p99Ms)}; ` +
        `201 answered p50 ${fmtUs(appendAnswered.p50Ms)}, p99 ${fmtUs(appendAnswered.p99Ms)}`,
    );
    return { appendToSse, appendAnswered, failedAppends };
  } finally {
    abort.abort();
    await service.stop();
  }
}
