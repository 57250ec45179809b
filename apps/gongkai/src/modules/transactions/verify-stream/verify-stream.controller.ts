import { Controller, Get, Param, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { VerifyStreamQuery, type StreamVerification } from './verify-stream.query';

@Controller('v1/transactions')
export class VerifyStreamController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get(':id/verify')
  verify(@Param('id') transactionId: string): Promise<StreamVerification> {
    return this.queries.execute(new VerifyStreamQuery(transactionId));
  }
}
