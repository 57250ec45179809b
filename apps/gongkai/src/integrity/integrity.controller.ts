import { Controller, Get, Query as QueryParams, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { z } from 'zod';
import type { InclusionProof } from '@gongkai/event-store';
import { parseRequest } from '../problem/parse-request';
import { GetCheckpointQuery, GetInclusionProofQuery, type CheckpointAnswer } from './integrity.queries';

export const proofQuerySchema = z.object({
  position: z.coerce.number().int().min(1),
  size: z.coerce.number().int().min(1).optional(),
});

@Controller('v1/integrity')
export class IntegrityController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('checkpoint')
  checkpoint(): Promise<CheckpointAnswer> {
    return this.queries.execute(new GetCheckpointQuery());
  }

  @Get('proof')
  proof(@QueryParams() query: unknown): Promise<InclusionProof> {
    const { position, size } = parseRequest(proofQuerySchema, query, 'query');
    return this.queries.execute(new GetInclusionProofQuery(position, size));
  }
}
