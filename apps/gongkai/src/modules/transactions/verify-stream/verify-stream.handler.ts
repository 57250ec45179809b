import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { transactionStreamId } from '@gongkai/domain';
import { verifyStream, type EventStore } from '@gongkai/event-store';
import { Problem } from '../../../platform/http/problem';
import { EVENT_STORE } from '../../../platform/di-symbols';
import { type StreamVerification, VerifyStreamQuery } from './verify-stream.query';

/**
 * Recomputes the stream's hash chain from the stored bytes. A broken chain is a successful answer
 * (`ok: false` naming the first damaged event), not an HTTP error: the verification itself worked.
 */
@QueryHandler(VerifyStreamQuery)
export class VerifyStreamHandler implements IQueryHandler<VerifyStreamQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(query: VerifyStreamQuery): Promise<StreamVerification> {
    const streamId = transactionStreamId(query.transactionId);
    if ((await this.store.streamRevision(streamId)) === undefined) {
      throw new Problem('not-found', `No transaction ${query.transactionId}`, {
        transactionId: query.transactionId,
      });
    }
    const result = await verifyStream(this.store, streamId);
    return { transactionId: query.transactionId, streamId, ...result };
  }
}
