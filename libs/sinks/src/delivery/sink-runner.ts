import type { EventStore } from '@gongkai/event-store';
import { createMapperFor } from './default-mappers';
import { cloudEventsJsonFormat, type PayloadFormat } from '../mappers/payload-format';
import { withImportedPolicy } from './imported-events';
import type { SinkKind, SinkMapper } from '../mappers/sink-record';
import { DeadLetterService } from './dead-letter-service';
import { UnknownSinkTarget } from './dead-letter-errors';
import { AttemptFailureReport, CircuitStateName, HttpSink, type HttpSinkOptions } from './http-sink';
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
  /** Releases what the target holds beyond its pipeline (a transport's connections). */
  close?: () => void;
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

  private readonly mapperFor: (target: SinkTargetConfig) => SinkMapper;
  private readonly logger: SinkLogger;

  constructor(private readonly options: SinkRunnerOptions) {
    this.logger = options.logger ?? silentSinkLogger;
    this.mapperFor = withImportedPolicy(options.mapperFor ?? createMapperFor);
    for (const config of options.targets) this.register(config);
    this.deadLetters = new DeadLetterService(
      options.state,
      (name) => this.pipeline(name),
      () => this.targetNames(),
    );
  }

  /**
   * Adds a target at run time (a subscription created over HTTP), not started: `startTarget` starts it.
   * `mapper` replaces the kind's default; `http` adds a transport and per-attempt headers (signatures).
   */
  addTarget(
    config: SinkTargetConfig,
    extras: { mapper?: SinkMapper; http?: Pick<HttpSinkOptions, 'transport' | 'signRequest'> } = {},
  ): void {
    if (this.targets.has(config.name)) throw new Error(`sink target ${config.name} is already registered`);
    this.register(config, extras);
  }

  /** Starts one registered target from its checkpoint. */
  async startTarget(name: string): Promise<void> {
    await this.runtime(name).pipeline.start();
  }

  /** Stops one target (its state is kept; undelivered events go out after its next start). */
  async stopTarget(name: string): Promise<void> {
    await this.runtime(name).pipeline.stop();
  }

  /** Stops and forgets one target (its stored state is the caller's to delete). */
  async removeTarget(name: string): Promise<void> {
    const runtime = this.targets.get(name);
    if (!runtime) return;
    await runtime.pipeline.stop();
    this.targets.delete(name);
    runtime.close?.();
  }

  hasTarget(name: string): boolean {
    return this.targets.has(name);
  }

  private register(
    config: SinkTargetConfig,
    extras: { mapper?: SinkMapper; http?: Pick<HttpSinkOptions, 'transport' | 'signRequest'> } = {},
  ): void {
    const logger = this.logger;
    const sink = new HttpSink(config, {
      // A subscriber receives CloudEvents; the platforms, their data set records.
      format: config.kind === 'webhook' ? cloudEventsJsonFormat : this.options.format,
      ...extras.http,
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
    const mapper = extras.mapper ? withImportedPolicy(() => extras.mapper!)(config) : this.mapperFor(config);
    const pipeline = new TargetPipeline(config, {
      eventStore: this.options.eventStore,
      state: this.options.state,
      sink,
      mapper: routedMapper(mapper, config),
      logger,
      parkedSyncIntervalMs: this.options.parkedSyncIntervalMs ?? 5_000,
      restartDelayMs: this.options.restartDelayMs ?? 5_000,
    });
    const transport = extras.http?.transport as { close?: () => void } | undefined;
    this.targets.set(config.name, { config, sink, pipeline, close: transport?.close });
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
    for (const runtime of this.targets.values()) statuses.push(await this.statusOf(runtime, headPosition));
    return statuses;
  }

  /** The status of one target. */
  async targetStatus(name: string): Promise<SinkTargetStatus> {
    const runtime = this.runtime(name);
    return this.statusOf(runtime, await this.options.eventStore.headPosition());
  }

  private async statusOf(
    { config, sink, pipeline }: TargetRuntime,
    headPosition: number,
  ): Promise<SinkTargetStatus> {
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
    return {
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
    };
  }

  private runtime(name: string): TargetRuntime {
    const runtime = this.targets.get(name);
    if (!runtime) throw new UnknownSinkTarget(name);
    return runtime;
  }

  private pipeline(name: string): TargetPipeline {
    const runtime = this.targets.get(name);
    if (!runtime) throw new UnknownSinkTarget(name);
    return runtime.pipeline;
  }
}
