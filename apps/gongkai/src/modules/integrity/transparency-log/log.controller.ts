import { Controller, Get, Inject, Param, Query as QueryParams, Res } from '@nestjs/common';
import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { parseTilePath, type Checkpoint } from '@gongkai/event-store';
import type { Integrity } from '../core/open-integrity';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem, PROBLEM_CONTENT_TYPE } from '../../../platform/http/problem';
import { INTEGRITY } from '../../../platform/di-symbols';
import { currentCheckpoint, tlogProofOf } from './log-access';
import { verifiablePublicView, type VerifiablePublicView } from './public-view';

const TEXT = 'text/plain; charset=utf-8';
export const TILE_PREFIX = '/v1/log/tile/';

/** Most checkpoints one page of the history holds. */
export const CHECKPOINTS_PAGE_LIMIT = 1000;

export const checkpointsQuerySchema = z.object({
  from: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(CHECKPOINTS_PAGE_LIMIT).default(CHECKPOINTS_PAGE_LIMIT),
});

/**
 * The log in C2SP formats, for standard tools: c2sp.org/tlog-checkpoint (signed note), the note verifier
 * key, c2sp.org/tlog-tiles (hash tiles and entry bundles), c2sp.org/tlog-proof files, and the history.
 */
@Controller('v1/log')
export class LogController {
  constructor(@Inject(INTEGRITY) private readonly integrity: Integrity) {}

  @Get('checkpoint')
  async checkpoint(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { checkpoint, alarm } = await currentCheckpoint(this.integrity);
    if (checkpoint.note === undefined)
      throw new Problem('unavailable', 'No checkpoint in the C2SP format yet');
    void reply.header('content-type', TEXT).header('cache-control', 'no-cache, max-age=0');
    if (alarm) void reply.header('gongkai-integrity-alarm', alarm.reason);
    return this.integrity.witnesses?.cosigned(checkpoint) ?? checkpoint.note;
  }

  @Get('key')
  key(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.header('content-type', TEXT);
    return `${this.integrity.signer.verifierKey}\n`;
  }

  /**
   * The checkpoints signed so far, oldest first, a page at a time (the history grows with every signing):
   * from tree size `from` (default 0), at most `limit` (default and most 1000); `next` follows.
   */
  @Get('checkpoints')
  async checkpoints(
    @QueryParams() query: unknown,
  ): Promise<{ checkpoints: Checkpoint[]; nextFrom?: number; next?: string }> {
    const { from, limit } = parseRequest(checkpointsQuerySchema, query, 'query');
    const page = await this.integrity.checkpoints.page(from, limit);
    if (page.nextSize === undefined) return { checkpoints: page.checkpoints };
    return {
      checkpoints: page.checkpoints,
      nextFrom: page.nextSize,
      next: `/v1/log/checkpoints?from=${page.nextSize}&limit=${limit}`,
    };
  }

  /** c2sp.org/tlog-proof of one event in the latest signed checkpoint. */
  @Get('proof/:eventId')
  async proof(
    @Param('eventId') eventId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const text = await tlogProofOf(this.integrity, eventId);
    void reply.header('content-type', TEXT);
    return text;
  }

  /** The public view of one event in its committed form, provable against the latest checkpoint. */
  @Get('public-view/:eventId')
  publicView(@Param('eventId') eventId: string): Promise<VerifiablePublicView> {
    return verifiablePublicView(this.integrity, eventId);
  }
}

/**
 * `GET /v1/log/tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, per c2sp.org/tlog-tiles. Registered on
 * Fastify directly (app.ts): a tile name has a variable number of segments, which Nest routes cannot express.
 */
export async function serveTile(integrity: Integrity, url: string, reply: FastifyReply): Promise<void> {
  const rest = (url.split('?')[0] ?? '').slice(TILE_PREFIX.length);
  const ref = parseTilePath(rest);
  const log = integrity.log;
  if (ref) await log.catchUp();
  const bytes = ref && log.tree.tile(ref.level, ref.index, ref.width);
  if (!bytes) {
    const problem = new Problem(
      'not-found',
      ref ? `The log has no tile ${rest} yet (tree size ${log.size})` : `Not a tile path: ${rest}`,
    );
    await reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toBody(url));
    return;
  }
  await reply
    .header('content-type', 'application/octet-stream')
    // Tiles never change once they exist (a partial tile of width W is the same bytes forever).
    .header('cache-control', 'public, max-age=31536000, immutable')
    .send(bytes);
}
