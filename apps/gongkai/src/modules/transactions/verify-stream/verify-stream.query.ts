import { Query } from '@nestjs/cqrs';
import type { VerifyResult } from '@gongkai/event-store';

export type StreamVerification = { transactionId: string; streamId: string } & VerifyResult;

export class VerifyStreamQuery extends Query<StreamVerification> {
  constructor(readonly transactionId: string) {
    super();
  }
}
