import {
  CheckpointSigner,
  FileCheckpointStore,
  FileVerifiedMarkStore,
  IntegrityLog,
  SqliteEventStore,
  SqliteTileStorage,
  ThreadScrubber,
  type CheckpointStore,
  type EventStore,
} from '@gongkai/event-store';
import type { ServiceConfig } from '@gongkai/runtime';
import type { Witnesses } from './witnesses';

/** The Merkle log over `$all` (persisted as tiles), the key that signs its checkpoints, and their history. */
export interface Integrity {
  log: IntegrityLog;
  signer: CheckpointSigner;
  checkpoints: CheckpointStore;
  /** Set by the service (createApp): where checkpoints are sent for cosigning, and their cosignatures. */
  witnesses?: Witnesses;
}

export interface OpenIntegrityOptions {
  /** Keep the tree current in the background (the service); the CLI catches up on demand. */
  follow?: boolean;
  /** Verify the whole store against the tree in the background right after opening. */
  verifyAtStart?: boolean;
  /**
   * Whether this process appends to the tree (default true). Exactly one process per data directory does:
   * the one serving the API (roles `all` and `api`); a `worker` only reads it for /health.
   */
  maintain?: boolean;
}

/**
 * Opens the persisted tree (`<dataDir>/merkle-tiles.db`) and appends what the store holds beyond it. A
 * damaged or rewritten store does not stop the service: the log raises its alarm (see /health), keeps
 * serving the last good checkpoint and refuses to sign new ones.
 */
export async function openIntegrity(
  store: EventStore,
  config: Pick<ServiceConfig, 'dataDir' | 'checkpoint'>,
  options: OpenIntegrityOptions = {},
): Promise<Integrity> {
  const signer = await CheckpointSigner.open({
    origin: config.checkpoint.origin,
    keyPath: config.checkpoint.keyFile,
    dataDir: config.dataDir,
  });
  const checkpoints = FileCheckpointStore.inDataDir(config.dataDir);
  const tiles = SqliteTileStorage.inDataDir(config.dataDir);
  try {
    const maintain = options.maintain ?? true;
    const log = await IntegrityLog.open({
      store,
      tiles,
      signer,
      checkpoints,
      marks: FileVerifiedMarkStore.inDataDir(config.dataDir),
      // The whole-store verification of a SQLite store runs on a worker thread (another core, not the loop
      // that answers requests); EventStoreDB's runs in process, in slices.
      scrubber:
        maintain && store instanceof SqliteEventStore
          ? new ThreadScrubber({ eventsFile: store.file, tilesFile: tiles.file })
          : undefined,
      readOnly: !maintain,
      verifyAtStart: maintain && (options.verifyAtStart ?? true),
    });
    if (maintain && (options.follow ?? true)) log.follow();
    return { log, signer, checkpoints };
  } catch (error) {
    tiles.close();
    throw error;
  }
}
