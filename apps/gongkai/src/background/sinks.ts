import * as path from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventStore } from '@gongkai/event-store';
import {
  registerSinkMetrics,
  SinkRunner,
  SqliteSinkStateStore,
  type SinkTargetConfig,
} from '@gongkai/sinks';

/** File (under the data dir) of the sinks' delivery state; the CLI's `dead-letters` commands read it too. */
export const SINK_STATE_FILE = 'sinks.sqlite';

/**
 * The outbound sinks: one SinkRunner over the configured targets with its state beside the event store.
 * Built in every role (so an API process can show status and resolve dead letters, as the CLI does), but
 * delivering only where `start()` is called.
 */
export class Sinks {
  private running = false;

  private constructor(
    readonly runner: SinkRunner,
    private readonly state: SqliteSinkStateStore,
  ) {}

  static open(
    dataDir: string,
    store: EventStore,
    targets: readonly SinkTargetConfig[],
    logger: Logger,
  ): Sinks {
    const state = SqliteSinkStateStore.open({ path: path.join(dataDir, SINK_STATE_FILE) });
    const runner = new SinkRunner({ eventStore: store, state, targets, logger: logger.child({ part: 'sinks' }) });
    return new Sinks(runner, state);
  }

  get configured(): boolean {
    return this.runner.targetNames().length > 0;
  }

  registerMetrics(registry: Registry): void {
    registerSinkMetrics(registry, this.runner);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.runner.start();
  }

  async stop(): Promise<void> {
    if (this.running) await this.runner.stop();
    this.running = false;
  }

  async close(): Promise<void> {
    await this.state.close();
  }
}
