import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { InclusionProof, IntegrityLog } from '@gongkai/event-store';
import type { Integrity } from '../infrastructure/open-integrity';
import { Problem } from '../problem/problem';
import { INTEGRITY } from '../tokens';
import { GetCheckpointQuery, GetInclusionProofQuery, type CheckpointAnswer } from './integrity.queries';

function liveLog(integrity: Integrity): IntegrityLog {
  if (!integrity.log)
    throw new Problem('unavailable', integrity.failure ?? 'the Merkle log is not available');
  return integrity.log;
}

/**
 * The latest signed checkpoint of the Merkle log. A new one is signed only when the log grew since the last,
 * so polling this endpoint does not grow the checkpoint history.
 */
@QueryHandler(GetCheckpointQuery)
export class GetCheckpointHandler implements IQueryHandler<GetCheckpointQuery> {
  constructor(@Inject(INTEGRITY) private readonly integrity: Integrity) {}

  async execute(): Promise<CheckpointAnswer> {
    const { signer, checkpoints } = this.integrity;
    const log = liveLog(this.integrity);
    await log.catchUp();
    const latest = await checkpoints.latest();
    const checkpoint =
      latest &&
      latest.treeSize === log.size &&
      latest.keyId === signer.keyId &&
      latest.rootHash === log.root()
        ? latest
        : await log.checkpoint();
    return {
      checkpoint,
      publicKey: { pem: signer.publicKeyPem, base64: signer.publicKeyBase64, keyId: signer.keyId },
    };
  }
}

/** RFC 9162 inclusion proof of the event at a global position, in the tree of the given size. */
@QueryHandler(GetInclusionProofQuery)
export class GetInclusionProofHandler implements IQueryHandler<GetInclusionProofQuery> {
  constructor(@Inject(INTEGRITY) private readonly integrity: Integrity) {}

  async execute(query: GetInclusionProofQuery): Promise<InclusionProof> {
    const log = liveLog(this.integrity);
    await log.catchUp();
    const size = query.treeSize ?? log.size;
    if (size > log.size) {
      throw new Problem('not-found', `The log holds ${log.size} events; no tree of size ${size} exists yet`, {
        treeSize: log.size,
      });
    }
    const leafIndex = log.leafIndexOf(query.position);
    if (leafIndex >= size) {
      throw new Problem(
        'validation-failed',
        `Position ${query.position} is leaf ${leafIndex}, outside a tree of size ${size}`,
        {
          errors: [{ field: '/query/size', message: `must be greater than ${leafIndex}` }],
        },
      );
    }
    return log.inclusionProof(query.position, size);
  }
}
