import { Controller, Get, HttpCode, Inject, Post, Query as QueryParams } from '@nestjs/common';
import { z } from 'zod';
import type { ConsistencyProof, InclusionProof, VerifyReport } from '@gongkai/event-store';
import { Allow } from '../../../platform/auth/auth.guard';
import type { Integrity } from '../core/open-integrity';
import { parseRequest } from '../../../platform/http/parse-request';
import { Problem } from '../../../platform/http/problem';
import { INTEGRITY } from '../../../platform/di-symbols';
import {
  checkSize,
  currentCheckpoint,
  leafOfEvent,
  leafOfPosition,
  type CurrentCheckpoint,
} from './log-access';

export const proofQuerySchema = z
  .object({
    position: z.coerce.number().int().min(1).optional(),
    eventId: z.string().min(1).optional(),
    /** The leaf index (what tlog tools count in). */
    leaf: z.coerce.number().int().min(0).optional(),
    size: z.coerce.number().int().min(1).optional(),
  })
  .refine((q) => [q.position, q.eventId, q.leaf].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of position, eventId and leaf',
  });

export const consistencyQuerySchema = z.object({
  from: z.coerce.number().int().min(0),
  to: z.coerce.number().int().min(0).optional(),
});

export interface CheckpointAnswer extends CurrentCheckpoint {
  /** The key to verify with; publish it out of band (docs/integrity.md), do not trust it from here. */
  publicKey: { pem: string; base64: string; keyId: string; verifierKey: string };
}

export interface VerifyStatus {
  running: boolean;
  last?: VerifyReport;
  alarm?: Integrity['log']['alarm'];
}

/** JSON views of the Merkle log: checkpoint, inclusion and consistency proofs, whole-store verification. */
@Controller('v1/integrity')
export class IntegrityController {
  constructor(@Inject(INTEGRITY) private readonly integrity: Integrity) {}

  @Get('checkpoint')
  async checkpoint(): Promise<CheckpointAnswer> {
    const { signer } = this.integrity;
    return {
      ...(await currentCheckpoint(this.integrity)),
      publicKey: {
        pem: signer.publicKeyPem,
        base64: signer.publicKeyBase64,
        keyId: signer.keyId,
        verifierKey: signer.verifierKey,
      },
    };
  }

  /** RFC 9162 inclusion proof of an event (by position, id or leaf index) in the tree of the given size. */
  @Get('proof')
  async proof(@QueryParams() query: unknown): Promise<InclusionProof> {
    const { position, eventId, leaf, size } = parseRequest(proofQuerySchema, query, 'query');
    const log = this.integrity.log;
    await log.catchUp();
    const treeSize = size ?? log.size;
    checkSize(this.integrity, treeSize, '/query/size');
    const leafIndex =
      leaf ??
      (eventId !== undefined
        ? leafOfEvent(this.integrity, eventId)
        : leafOfPosition(this.integrity, position!));
    if (leafIndex >= treeSize) {
      throw new Problem(
        'validation-failed',
        `The event is leaf ${leafIndex}, outside a tree of size ${treeSize}`,
        {
          errors: [{ field: '/query/size', message: `must be greater than ${leafIndex}` }],
        },
      );
    }
    return log.inclusionProofOfLeaf(leafIndex, treeSize);
  }

  /** RFC 9162 consistency proof between two tree sizes (`to` defaults to the current size). */
  @Get('consistency')
  async consistency(@QueryParams() query: unknown): Promise<ConsistencyProof> {
    const { from, to } = parseRequest(consistencyQuerySchema, query, 'query');
    const log = this.integrity.log;
    await log.catchUp();
    const toSize = to ?? log.size;
    checkSize(this.integrity, toSize, '/query/to');
    if (from > toSize) {
      throw new Problem('validation-failed', `from (${from}) must not exceed to (${toSize})`, {
        errors: [{ field: '/query/from', message: `must be at most ${toSize}` }],
      });
    }
    return log.consistencyProof(from, toSize);
  }

  /** Starts a whole-store verification now (or joins the one running); poll GET for the outcome. */
  @Post('verify')
  @Allow('admin')
  @HttpCode(202)
  startVerify(): VerifyStatus {
    void this.integrity.log.verify('request');
    return this.status();
  }

  @Get('verify')
  @Allow('admin')
  verifyStatus(): VerifyStatus {
    return this.status();
  }

  private status(): VerifyStatus {
    const { log } = this.integrity;
    return {
      running: log.verifyInProgress,
      ...(log.lastVerify && { last: log.lastVerify }),
      ...(log.alarm && { alarm: log.alarm }),
    };
  }
}
