import type { Worker } from 'node:worker_threads';
import { spawnThread, threadEntry } from '../shared/spawn-thread';
import type { Scrubber, ScrubProgress } from './integrity-log';
import type { ScrubMessage, ScrubRequest } from './scrub-worker';
import type { CheckpointHistory } from './checkpoint-store';
import { VerifyStopped, type VerifyResult } from './verify';

/**
 * Runs the whole-store verification of a SQLite store on a worker thread (scrub-worker.ts), one run per
 * thread, so a scrub of millions of events takes the second core and leaves the request loop alone.
 */
export class ThreadScrubber implements Scrubber {
  private readonly running = new Set<Worker>();
  private closed = false;

  constructor(private readonly files: { eventsFile: string; tilesFile: string }) {}

  run(input: {
    history?: CheckpointHistory;
    onProgress?: (progress: ScrubProgress) => void;
  }): Promise<VerifyResult> {
    // Closed: the service is stopping, and a thread started now would outlive it.
    if (this.closed) return Promise.reject(new VerifyStopped());
    const request: ScrubRequest = input.history ? { history: input.history } : {};
    const worker = spawnThread(threadEntry(__filename, 'scrub-worker'), {
      workerData: { ...this.files, request },
    });
    this.running.add(worker);
    return new Promise<VerifyResult>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        this.running.delete(worker);
        outcome();
      };
      worker.on('message', (message: ScrubMessage) => {
        if (message.kind === 'progress') input.onProgress?.(message);
        else if (message.kind === 'done') {
          settle(() => resolve(message.result));
          void worker.terminate();
        } else settle(() => reject(new Error(message.error)));
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) =>
        settle(() => reject(new Error(`the scrub worker exited with code ${code}`))),
      );
    });
  }

  /** Stops a run in progress (its promise rejects), and refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.running].map((worker) => worker.terminate()));
  }
}
