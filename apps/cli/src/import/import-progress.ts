import { Presets, SingleBar } from 'cli-progress';

/** Progress of an import, in source rows taken (appended, already stored or rejected). */
export interface ImportProgress {
  start(totalRows: number): void;
  advance(rows: number, events: number): void;
  stop(): void;
}

/**
 * On a terminal, a bar on stderr; elsewhere (a pipe, a log, CI) a plain line every `intervalMs` and one at
 * the end, so a long import in a log still shows it is moving. stdout is left to the summary.
 */
export function importProgress(
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 2_000,
  now: () => number = Date.now,
): ImportProgress {
  let total = 0;
  let rows = 0;
  let events = 0;
  let started = 0;
  const rate = () => {
    const seconds = (now() - started) / 1000;
    return seconds > 0 ? Math.round(events / seconds) : 0;
  };
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        format:
          'import [{bar}] {percentage}% | {value}/{total} rows | {events} events, {rate} events/s | {eta_formatted} left',
        stream,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    return {
      start: (totalRows) => {
        total = totalRows;
        started = now();
        bar.start(Math.max(total, 1), 0, { events: 0, rate: 0 });
      },
      advance: (r, e) => {
        rows += r;
        events += e;
        bar.update(Math.min(rows, total), { events, rate: rate() });
      },
      stop: () => bar.stop(),
    };
  }
  let timer: NodeJS.Timeout | undefined;
  const line = () => {
    const percent = total === 0 ? 100 : Math.floor((rows / total) * 100);
    stream.write(`import: ${rows}/${total} rows (${percent}%), ${events} events, ${rate()} events/s\n`);
  };
  return {
    start: (totalRows) => {
      total = totalRows;
      started = now();
      line();
      timer = setInterval(line, intervalMs);
      timer.unref();
    },
    advance: (r, e) => {
      rows += r;
      events += e;
    },
    stop: () => {
      if (timer) clearInterval(timer);
      line();
    },
  };
}
