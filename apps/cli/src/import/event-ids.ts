import { createHash } from 'node:crypto';

/** gongkai import's UUID namespace (a fixed random UUID): ids of other origins can never collide with it. */
const IMPORT_NAMESPACE = Buffer.from('6f1d2c5e8a3b4e0f9c7d1b2a3e4f5a6b', 'hex');

/**
 * The id of the event a source record makes: a name-based UUID (RFC 9562 version 5) of its data set, its
 * primary key and the stage. The same record always makes the same id, so a re-run or a resumed run appends
 * nothing new (the store's append is idempotent by id), and an edited record is refused as a conflict
 * instead of stored twice.
 */
export function importedEventId(dataSet: string, key: string, stage: string): string {
  const hash = createHash('sha1')
    .update(IMPORT_NAMESPACE)
    .update(`${dataSet}\n${key}\n${stage}`, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
