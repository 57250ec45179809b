import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@gongkai/event-store';
import type { Integrity } from '../infrastructure/open-integrity';
import { EVENT_STORE, INTEGRITY } from '../tokens';

export interface HealthReport {
  /** `ok` when the process answers and the store is ready; `degraded` when the store is not. */
  status: 'ok' | 'degraded';
  live: true;
  ready: boolean;
  store: { ok: boolean; detail: string };
  integrity: { ok: boolean; treeSize: number; lastPosition: number; detail?: string };
}

@Controller()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(INTEGRITY) private readonly integrity: Integrity,
  ) {}

  /** Liveness and readiness in one answer: 200 when ready, 503 (same body) when the store or log is not. */
  @Get('health')
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const store = await this.store.health().catch((error: unknown) => ({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    }));
    const { log, failure } = this.integrity;
    const ready = store.ok && log !== undefined;
    void reply.status(ready ? 200 : 503);
    return {
      status: ready ? 'ok' : 'degraded',
      live: true,
      ready,
      store,
      integrity: {
        ok: log !== undefined,
        treeSize: log?.size ?? 0,
        lastPosition: log?.lastPosition ?? 0,
        ...(failure ? { detail: failure } : {}),
      },
    };
  }
}
