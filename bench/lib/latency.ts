import { setTimeout as sleep } from 'node:timers/promises';
import { nowMs, percentile } from './stats';

/** p50 / p99 of a latency run, and what it was run with. */
export interface LatencyFigures {
  sent: number;
  received: number;
  ratePerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Matches "sent" and "received" marks by key (an event id) and keeps the time between them. A key received
 * twice (an at-least-once duplicate) counts once, at its first arrival.
 */
export class LatencyRecorder {
  private readonly sentAt = new Map<string, number>();
  private readonly latencies = new Map<string, number>();
  private waiters: Array<() => void> = [];

  sent(key: string, at = nowMs()): void {
    this.sentAt.set(key, at);
  }

  received(key: string, at = nowMs()): void {
    const sent = this.sentAt.get(key);
    if (sent === undefined || this.latencies.has(key)) return;
    this.latencies.set(key, at - sent);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  get receivedCount(): number {
    return this.latencies.size;
  }

  /** Waits until every key marked sent has been received, or throws after `timeoutMs`. */
  async waitForAll(timeoutMs: number, label: string): Promise<void> {
    const deadline = nowMs() + timeoutMs;
    while (this.latencies.size < this.sentAt.size) {
      const left = deadline - nowMs();
      if (left <= 0) {
        throw new Error(
          `${label}: ${this.latencies.size} of ${this.sentAt.size} arrived within ${timeoutMs} ms`,
        );
      }
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push(resolve)),
        sleep(Math.min(left, 100)),
      ]);
    }
  }

  figures(ratePerSecond: number): LatencyFigures {
    const samples = [...this.latencies.values()];
    return {
      sent: this.sentAt.size,
      received: samples.length,
      ratePerSecond,
      p50Ms: percentile(samples, 50),
      p99Ms: percentile(samples, 99),
      maxMs: samples.reduce((max, v) => Math.max(max, v), 0),
    };
  }
}

/**
 * Calls `send` at a steady `ratePerSecond` for `seconds` (open loop: the schedule does not wait for slow
 * sends, so a backlog shows up as latency instead of a lower rate). Resolves when every send has settled.
 */
export async function steadyLoad(
  ratePerSecond: number,
  seconds: number,
  send: (index: number) => Promise<void>,
): Promise<void> {
  const total = Math.round(ratePerSecond * seconds);
  const intervalMs = 1000 / ratePerSecond;
  const start = nowMs();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * intervalMs;
    const wait = due - nowMs();
    if (wait > 1) await sleep(wait);
    inFlight.push(send(i));
  }
  await Promise.all(inFlight);
}
