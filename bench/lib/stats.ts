/** Timing and reporting helpers shared by the benches. */

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Nearest-rank percentile of a sample (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Throughput {
  count: number;
  seconds: number;
  perSecond: number;
}

export async function timeIt(count: number, work: () => Promise<void> | void): Promise<Throughput> {
  const start = nowMs();
  await work();
  const seconds = (nowMs() - start) / 1000;
  return { count, seconds, perSecond: count / seconds };
}

/** Tracks the peak resident set size while work runs; call `sample()` from inside loops. */
export class RssTracker {
  peakBytes = process.memoryUsage.rss();
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakBytes) this.peakBytes = rss;
  }
  get peakMiB(): number {
    return Math.round(this.peakBytes / 1024 / 1024);
  }
}

/** Prints "label: done/total (rate/s)" at most every `everyMs` to stderr, so --json stdout stays clean. */
export class Progress {
  private last = 0;
  private finished = false;
  private readonly start = nowMs();
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly everyMs = 2000,
  ) {}
  update(done: number): void {
    const t = nowMs();
    if (this.finished || (t - this.last < this.everyMs && done < this.total)) return;
    this.finished = done >= this.total;
    this.last = t;
    const rate = done / ((t - this.start) / 1000);
    process.stderr.write(
      `  ${this.label}: ${done.toLocaleString('en')}/${this.total.toLocaleString('en')} (${fmtRate(rate)}/s)\n`,
    );
  }
}

export function fmtRate(perSecond: number | undefined): string {
  if (perSecond === undefined || Number.isNaN(perSecond)) return 'n/a';
  if (perSecond >= 10_000) return `${Math.round(perSecond / 1000)}k`;
  if (perSecond >= 1000) return `${(perSecond / 1000).toFixed(1)}k`;
  return perSecond.toFixed(0);
}

export function fmtUs(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return 'n/a';
  return `${Math.round(ms * 1000)} µs`;
}

export function fmtRatio(a: number | undefined, b: number | undefined, lowerIsBetter = false): string {
  if (a === undefined || b === undefined || Number.isNaN(a) || Number.isNaN(b) || b === 0 || a === 0)
    return 'n/a';
  const ratio = lowerIsBetter ? b / a : a / b;
  return ratio >= 10 ? `${ratio.toFixed(0)}x` : `${ratio.toFixed(2)}x`;
}

/** A plain text table with right-aligned figure columns. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
