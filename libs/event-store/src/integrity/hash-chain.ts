import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

/** What the per-stream hash covers: everything that identifies and states the event, not its global position. */
export interface HashedContent {
  id: string;
  type: string;
  streamId: string;
  revision: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: string;
}

/** hash = SHA-256(prevHash as 32 raw bytes || UTF-8 canonical JSON of the content), hex encoded. */
export function chainHash(prevHash: string, content: HashedContent): string {
  const canonical = canonicalJson({
    id: content.id,
    type: content.type,
    streamId: content.streamId,
    revision: content.revision,
    data: content.data,
    metadata: content.metadata,
    recordedAt: content.recordedAt,
  });
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(canonical, 'utf8').digest('hex');
}
