// SSE readers for bench/lib/feed-load-bench.ts, in a process of their own so that reading hundreds of MiB/s
// does not delay the bench's /health probes. Plain JavaScript: started with `node`, no loader.
//   node feed-readers.mjs <url> <idle> <replaying> <last id>
// Prints `{"opened":n,"refused":n}` once every reader has its answer, then one JSON line of counts per
// line read on stdin.
import * as net from 'node:net';
import { createInterface } from 'node:readline';

const [urlText, idleText, replayingText, lastId] = process.argv.slice(2);
const url = new URL(urlText);
const ID = Buffer.from('\nid: ');
const LAST = Buffer.from(`id: ${lastId}\n`);

function reader(query) {
  const state = { bytes: 0, messages: 0, sawLast: false, status: 0 };
  return new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write(`GET /v1/feed${query} HTTP/1.1\r\nHost: ${url.host}\r\nAccept: text/event-stream\r\n\r\n`);
    });
    let tail = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      if (state.status === 0) {
        state.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(chunk.subarray(0, 16).toString('latin1'))?.[1] ?? 0);
        resolve(state);
      }
      state.bytes += chunk.length;
      const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk;
      for (let i = data.indexOf(ID); i >= 0; i = data.indexOf(ID, i + 1)) state.messages += 1;
      if (!state.sawLast && data.indexOf(LAST) >= 0) state.sawLast = true;
      tail = Buffer.from(data.subarray(Math.max(0, data.length - 32)));
    });
    socket.on('error', () => resolve(state));
  });
}

const idle = [];
for (let i = 0; i < Number(idleText); i += 100) {
  idle.push(...(await Promise.all(Array.from({ length: Math.min(100, Number(idleText) - i) }, () => reader('')))));
}
process.stdout.write(`${JSON.stringify({ phase: 'idle-open' })}\n`);
const replaying = await Promise.all(Array.from({ length: Number(replayingText) }, () => reader('?from=0')));
const all = [...idle, ...replaying];
process.stdout.write(`${JSON.stringify({ phase: 'open', refused: all.filter((r) => r.status !== 200).length })}\n`);
const sum = (list, key) => list.reduce((total, r) => total + r[key], 0);
createInterface({ input: process.stdin }).on('line', () => {
  process.stdout.write(
    `${JSON.stringify({
      phase: 'counts',
      replayBytes: sum(replaying, 'bytes'),
      replayMessages: sum(replaying, 'messages'),
      replaysFinished: replaying.filter((r) => r.sawLast).length,
      idleMessages: sum(idle, 'messages'),
    })}\n`,
  );
});
