import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore, IntegrityLog, IntegrityPhase } from '@gongkai/event-store';
import type { KafkaFeed, KafkaFeedState } from '../../feeds/core/kafka-feed';
import type { ReadModels, ReadModelsHealth } from '../../../background/read-models';
import type { Integrity } from '../../integrity/core/open-integrity';
import { CurrentPrincipal } from '../../../platform/auth/request-context';
import type { Principal } from '@gongkai/runtime';
import type { CalendarRegistry } from '@gongkai/write-engine';
import { calendarOutlook, type CalendarOutlook } from '../../supervision/core/calendar-outlook';
import { CALENDAR, EVENT_STORE, INTEGRITY, KAFKA_FEED, READ_MODELS } from '../../../platform/di-symbols';

export interface HealthReport {
  /** `ok` when the process answers and the store is ready; `degraded` when the store is not. */
  status: 'ok' | 'degraded';
  live: true;
  ready: boolean;
  store: { ok: boolean; detail: string };
  /**
   * `ok: false` while the integrity alarm is raised (status `degraded`, still ready: reads go on, new
   * checkpoints are not signed); `alarm` says what was found.
   */
  integrity: {
    ok: boolean;
    /**
     * `building`: the tree is catching up with a large backlog at start, in the background (reads and appends
     * are served; proofs beyond it and new checkpoints answer 503 with Retry-After); `verifying`: the
     * whole-store check at start runs (the last signed checkpoint is served, nothing new is signed); `live`.
     * Neither makes the process unready.
     */
    phase: IntegrityPhase;
    treeSize: number;
    lastPosition: number;
    detail?: string;
    alarm?: { reason: string; detail: string; raisedAt: string };
    lastVerify?: { trigger: string; startedAt: string; finishedAt?: string; ok?: boolean; checked?: number };
    /**
     * What the restart checked before signing again: the tree gives the last signed root (`anchorSize`) and
     * the `checked` events stored after it check out. The whole store is verified in the background after it.
     */
    startCheck?: { anchorSize: number; checked?: number; ok?: boolean; finishedAt?: string };
    /** The whole-store verification in progress (on its own thread): events checked of the tree's leaves. */
    scrub?: { checked: number; treeSize: number };
    /** The last complete whole-store verification on record (a signed mark kept across restarts). */
    verified?: { treeSize: number; at: string };
  };
  /**
   * Each read model's phase and lag. A read model still catching up does not make the service unready: the
   * write path and the trail are served meanwhile, and a query on a read model with no live generation yet
   * answers 503 with `Retry-After`. `servable` says whether its queries answer.
   */
  readModels: ReadModelsHealth;
  /**
   * Present when KAFKA_BROKERS is set. A feed that cannot reach Kafka is `degraded` here but does not make
   * the service unready: the API keeps serving and the feed catches up once the broker answers.
   */
  kafkaFeed?: { status: 'ok' | 'degraded'; state: KafkaFeedState; lagEvents: number; detail?: string };
  /** Next year's holiday arrangement: a warning from 1 November while it is not loaded (never unready). */
  calendar: CalendarOutlook;
}

function integrityHealth(log: IntegrityLog): HealthReport['integrity'] {
  const { alarm, lastVerify, startCheckReport: start, scrubProgress: scrub, verifiedMark: mark } = log;
  const result = lastVerify?.result;
  return {
    ok: alarm === undefined,
    phase: log.phase,
    treeSize: log.size,
    lastPosition: log.lastPosition,
    ...(alarm && {
      detail: `integrity alarm (${alarm.reason}): ${alarm.detail}`,
      alarm: { reason: alarm.reason, detail: alarm.detail, raisedAt: alarm.raisedAt },
    }),
    ...(lastVerify && {
      lastVerify: {
        trigger: lastVerify.trigger,
        startedAt: lastVerify.startedAt,
        ...(lastVerify.finishedAt && { finishedAt: lastVerify.finishedAt }),
        ...(result && { ok: result.ok, ...(result.ok && { checked: result.checked }) }),
      },
    }),
    ...(start?.anchor && {
      startCheck: {
        anchorSize: start.anchor.treeSize,
        ...(start.checked !== undefined && { checked: start.checked }),
        ...(start.ok !== undefined && { ok: start.ok }),
        ...(start.finishedAt && { finishedAt: start.finishedAt }),
      },
    }),
    ...(scrub && { scrub: { checked: scrub.checked, treeSize: scrub.treeSize } }),
    ...(mark && { verified: { treeSize: mark.treeSize, at: mark.verifiedAt } }),
  };
}

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRITY) private readonly integrity: Integrity,
    @Inject(KAFKA_FEED) private readonly kafkaFeed: KafkaFeed,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(CALENDAR) private readonly calendar: CalendarRegistry,
  ) {}

  /** Liveness and readiness in one answer: 200 when ready, 503 (same body) when the store or log is not. */
  @Get('health')
  async health(
    @Res({ passthrough: true }) reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HealthReport> {
    const checked = await this.store.health().catch((error: unknown) => ({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    }));
    // The store's detail names files on this machine: for admins only, a plain word for everyone else.
    const store =
      principal.role === 'admin' ? checked : { ok: checked.ok, detail: checked.ok ? 'ready' : 'not ready' };
    const { log } = this.integrity;
    const alarm = log.alarm;
    const ready = store.ok;
    void reply.status(ready ? 200 : 503);
    const readModels = await this.readModels
      .health()
      .catch((): ReadModelsHealth => ({ status: 'failing', runsOn: this.readModels.runsOn, projections: [] }));
    const feed = this.kafkaFeed.configured ? await this.kafkaFeed.status().catch(() => undefined) : undefined;
    return {
      status: ready && !alarm ? 'ok' : 'degraded',
      live: true,
      ready,
      store,
      integrity: integrityHealth(log),
      readModels,
      ...(feed && {
        kafkaFeed: {
          status: feed.healthy ? 'ok' : 'degraded',
          state: feed.state,
          lagEvents: feed.lagEvents,
          ...(!feed.healthy && feed.lastError ? { detail: feed.lastError.message } : {}),
        },
      }),
      calendar: calendarOutlook(this.calendar.current, new Date()),
    };
  }
}
