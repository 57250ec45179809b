import { Query } from '@nestjs/cqrs';
import type { Checkpoint, InclusionProof } from '@gongkai/event-store';

export interface CheckpointAnswer {
  checkpoint: Checkpoint;
  /** Ed25519 public key to verify the signature with (SPKI PEM and raw base64). */
  publicKey: { pem: string; base64: string; keyId: string };
}

export class GetCheckpointQuery extends Query<CheckpointAnswer> {}

export class GetInclusionProofQuery extends Query<InclusionProof> {
  constructor(
    readonly position: number,
    readonly treeSize?: number,
  ) {
    super();
  }
}
