import {
  CheckpointSigner,
  CorruptEvent,
  FileCheckpointStore,
  IntegrityLog,
  type CheckpointStore,
  type EventStore,
} from '@gongkai/event-store';
import type { ServiceConfig } from '../config/config.schema';

/** The Merkle log over `$all`, the key that signs its checkpoints, and their history. */
export interface Integrity {
  /** Undefined when the log could not be built (a stored event no longer decodes): see `failure`. */
  log: IntegrityLog | undefined;
  failure: string | undefined;
  signer: CheckpointSigner;
  checkpoints: CheckpointStore;
}

/**
 * Builds the Merkle log from the store and keeps it current with a subscription. Shared by the service and
 * the CLI (which may skip `follow`). A damaged store does not stop the service: stream verification still
 * locates the damage, while checkpoints and proofs answer 503 until the store is repaired.
 */
export async function openIntegrity(
  store: EventStore,
  config: Pick<ServiceConfig, 'dataDir' | 'checkpoint'>,
  options: { follow?: boolean } = {},
): Promise<Integrity> {
  const signer = await CheckpointSigner.open({
    origin: config.checkpoint.origin,
    keyPath: config.checkpoint.keyFile,
    dataDir: config.dataDir,
  });
  const checkpoints = FileCheckpointStore.inDataDir(config.dataDir);
  try {
    const log = await IntegrityLog.open({ store, signer, checkpoints });
    if (options.follow ?? true) log.follow();
    return { log, failure: undefined, signer, checkpoints };
  } catch (error) {
    if (!(error instanceof CorruptEvent)) throw error;
    return {
      log: undefined,
      failure: `the Merkle log cannot be built: ${error.message}`,
      signer,
      checkpoints,
    };
  }
}
