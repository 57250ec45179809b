import type { EventStore } from '@gongkai/event-store';
import { createMapperFor } from './default-mappers';
import { cloudEventsJsonFormat, type PayloadFormat } from '../mappers/payload-format';
import { withImportedPolicy } from './imported-events';
import type { SinkKind, SinkMapper } from '../mappers/sink-record';
import { DeadLetterService } from './dead-letter-service';
import { UnknownSinkTarget } from './dead-letter-errors';
import { AttemptFailureReport, CircuitStateName, HttpSink } from './http-sink';
import { SinkLogger, silentSinkLogger } from './sink-logger';
import type { SinkStateStore } from './sink-state-store.port';
import type { SinkTargetConfig } from './sink-target.config';
import { TargetPipeline } from './target-pipeline';
import { routedMapper } from './target-route';

export interface SinkRunnerOptions {
  eventStore: EventStore;
  state: SinkStateStore;
  /** Parsed target configuration (see parseSinkTargets). */
  targets: readonly SinkTargetConfig[];
  /** Mapper per target; defaults to the provincial platform / Credit China mapper for the target's kind. */
  mapperFor?: (target: SinkTargetConfig) => SinkMapper;
  /** Request body encoding; JSON by default. */
  format?: PayloadFormat;
  logger?: SinkLogger;
  /** How often a running target picks up dead letters resolved by another process. Default 5 s; 0 disables. */
  parkedSyncIntervalMs?: number;
  /** Delay before a target stopped by an unexpected error starts again from its checkpoint. Default 5 s. */
  restartDelayMs?: number;
}

/** Delivery status of one target, for `/metrics` and the operations API. */
export interface SinkTargetStatus {
  target: string;
  kind: SinkKind;
  /** Target URL without credentials or query string. */
  url: string;
  enabled: boolean;
  running: boolean;
  /** Every event at or below this position is settled for the target. */
  checkpoint: number;
  /** Last position in the event store. */
  headPosition: number;
  /** Events (positions) not yet settled for the target: headPosition - checkpoint. */
  lag: number;
  /** Events read and being delivered right now. */
  inFlight: number;
  /** Totals since the target was first configured. */
  delivered: number;
  skipped: number;
  openDeadLetters: number;
  parkedStreams: number;
  heldEvents: number;
  circuitState: CircuitStateName;
  lastDeliveredAt?: string;
  lastError?: {
    message: string;
    at: string;
    eventId?: string;
    streamId?: string;
    position?: number;
    httpStatus?: number;
  };
}

interface TargetRuntime {
  config: SinkTargetConfig;
  sink: HttpSink;
  pipeline: TargetPipeline;
}

/**
 * Runs every configured target: each reads `$all` from its own stored checkpoint and delivers through
 * its own HttpSink. `start()` resumes where the previous run stopped (or crashed) without gaps.
 * Dead-letter operations go through `deadLetters` (a DeadLetterService); they also work on a runner
 * that is not started (for example from the command line while the service is stopped).
 */
export class SinkRunner {
  readonly deadLetters: DeadLetterService;
  private readonly targets = new Map<string, TargetRuntime>();

  constructor(private readonly options: SinkRunnerOptions) {
    const logger = options.logger ?? silentSinkLogger;
    const mapperFor = withImportedPolicy(options.mapperFor ?? createMapperFor);
    for (const config of options.targets) {
      const sink = new HttpSink(config, {
        // A subscriber receives CloudEvents; the platforms, their data set records.
        format: config.kind === 'webhook' ? cloudEventsJsonFormat : options.format,
        onAttemptFailure: (report: AttemptFailureReport) =>
          logger.warn(
            {
              target: report.target,
              eventId: report.eventId,
              streamId: report.streamId,
              position: report.position,
              failure: report.failure.kind,
              status: report.failure.status,
              error: report.failure.message,
            },
            'sink delivery attempt failed',
          ),
        onCircuitStateChange: (target, state) =>
          (state === 'closed' ? logger.info : logger.warn).call(
            logger,
            { target, circuit: state },
            'sink circuit ' + state,
          ),
      });
      const pipeline = new TargetPipeline(config, {
        eventStore: options.eventStore,
        state: options.state,
        sink,
        mapper: routedMapper(mapperFor(config), config),
        logger,
        parkedSyncIntervalMs: options.parkedSyncIntervalMs ?? 5_000,
        restartDelayMs: options.restartDelayMs ?? 5_000,
      });
      this.targets.set(config.name, { config, sink, pipeline });
    }
    this.deadLetters = new DeadLetterService(
      options.state,
      (name) => this.pipeline(name),
      () => this.targetNames(),
    );
  }

  /** Starts every enabled target. */
  async start(): Promise<void> {
    for (const { config, pipeline } of this.targets.values()) {
      if (config.enabled) await pipeline.start();
    }
  }

  /** Stops every target; in-flight requests are abandoned and resent after the next start. */
  async stop(): Promise<void> {
    await Promise.all([...this.targets.values()].map(({ pipeline }) => pipeline.stop()));
  }

  targetNames(): string[] {
    return [...this.targets.keys()];
  }

  async status(): Promise<SinkTargetStatus[]> {
    const headPosition = await this.options.eventStore.headPosition();
    const statuses: SinkTargetStatus[] = [];
    for (const { config, sink, pipeline } of this.targets.values()) {
      const [state, openDeadLetters, heldEvents] = await Promise.all([
        this.options.state.loadTarget(config.name),
        this.options.state.countDeadLetters(config.name, 'open'),
        this.options.state.countHeld(config.name),
      ]);
      const snapshot = pipeline.snapshot();
      const failure = sink.lastFailure;
      const lastError = snapshot.fatalError
        ? { message: snapshot.fatalError, at: new Date().toISOString() }
        : failure && {
            message: failure.failure.message,
            at: failure.at,
            eventId: failure.eventId,
            streamId: failure.streamId,
            position: failure.position,
            httpStatus: failure.failure.status,
          };
      statuses.push({
        target: config.name,
        kind: config.kind,
        url: sink.url,
        enabled: config.enabled,
        running: snapshot.running,
        checkpoint: state.checkpoint,
        headPosition,
        lag: Math.max(0, headPosition - state.checkpoint),
        inFlight: snapshot.inFlight,
        delivered: state.delivered,
        skipped: state.skipped,
        openDeadLetters,
        parkedStreams: state.parkedStreams.length,
        heldEvents,
        circuitState: sink.circuitState,
        lastDeliveredAt: snapshot.lastDeliveredAt,
        lastError,
      });
    }
    return statuses;
  }

  private pipeline(name: string): TargetPipeline {
    const runtime = this.targets.get(name);
    if (!runtime) throw new UnknownSinkTarget(name);
    return runtime.pipeline;
  }
}
