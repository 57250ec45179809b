// Preloaded into the service (node --require) by bench/build-memory.ts: every thread (workers inherit
// execArgv) appends its V8 heap every 500 ms to BENCH_HEAP_PROBE_FILE, so RSS can be broken down per thread.
const file = process.env.BENCH_HEAP_PROBE_FILE;
if (file) {
  const fs = require('node:fs');
  const v8 = require('node:v8');
  const { threadId, workerData } = require('node:worker_threads');
  // Which thread this is: the keys of its workerData (the projection thread has readModelsFile, ...).
  const role = workerData && typeof workerData === 'object' ? Object.keys(workerData).slice(0, 3).join(',') : 'main';
  const timer = setInterval(() => {
    const heap = v8.getHeapStatistics();
    const memory = process.memoryUsage();
    fs.appendFileSync(
      file,
      `${JSON.stringify({
        t: Date.now(),
        threadId,
        role,
        heapMiB: +(heap.total_heap_size / 2 ** 20).toFixed(1),
        usedMiB: +(heap.used_heap_size / 2 ** 20).toFixed(1),
        mallocedMiB: +(heap.malloced_memory / 2 ** 20).toFixed(1),
        externalMiB: +(memory.external / 2 ** 20).toFixed(1),
      })}\n`,
    );
  }, 500);
  timer.unref();
}
