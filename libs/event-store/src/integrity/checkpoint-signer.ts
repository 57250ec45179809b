import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { rawPublicKey } from './checkpoint-keys';
import { verifierKey } from './note';
import { signMark, type VerifiedMark } from './verified-mark';
import { syncDirectory } from '../shared/sync-directory';

export { syncDirectory } from '../shared/sync-directory';

export interface CheckpointSignerOptions {
  /** Names the log in every signed checkpoint and names its signing key (c2sp.org/tlog-checkpoint origin line). */
  origin: string;
  /**
   * A configured PKCS#8 PEM Ed25519 private key. When set it must exist; gongkai never creates it.
   * When absent, `<dataDir>/keys/checkpoint-ed25519.pem` is used and generated on first use.
   */
  keyPath?: string;
  dataDir?: string;
}

export const DEFAULT_KEY_FILE = path.join('keys', 'checkpoint-ed25519.pem');

/** Signs checkpoints with one Ed25519 key, loaded from a file or generated once into the data directory. */
export class CheckpointSigner {
  readonly publicKey: KeyObject;
  readonly keyId: string;
  private readonly exported: { pem?: string; base64?: string; verifierKey?: string } = {};

  private constructor(
    readonly origin: string,
    private readonly privateKey: KeyObject,
    /** Where the key lives, for logs and docs (never the key itself). */
    readonly keyPath: string,
  ) {
    this.publicKey = createPublicKey(privateKey);
    // The signed-note key ID (8 hex digits), as in the verifier key.
    this.keyId = verifierKey(origin, this.publicKey).split('+')[1]!;
  }

  static async open(options: CheckpointSignerOptions): Promise<CheckpointSigner> {
    if (options.keyPath) {
      const pem = await fs.readFile(options.keyPath, 'utf8').catch((error: unknown) => {
        throw new Error(`cannot read the configured checkpoint key ${options.keyPath}`, { cause: error });
      });
      return new CheckpointSigner(options.origin, parseKey(pem, options.keyPath), options.keyPath);
    }
    if (!options.dataDir) throw new TypeError('CheckpointSigner needs either keyPath or dataDir');
    const keyPath = path.join(options.dataDir, DEFAULT_KEY_FILE);
    const pem = await readIfExists(keyPath);
    if (pem !== undefined) return new CheckpointSigner(options.origin, parseKey(pem, keyPath), keyPath);
    return new CheckpointSigner(options.origin, await generateKeyFile(keyPath), keyPath);
  }

  /** SPKI PEM of the public key, for auditors. */
  get publicKeyPem(): string {
    // Exported once: every GET /v1/integrity/checkpoint shows these three.
    this.exported.pem ??= this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    return this.exported.pem;
  }

  /** The raw 32-byte public key, standard base64. */
  get publicKeyBase64(): string {
    this.exported.base64 ??= rawPublicKey(this.publicKey).toString('base64');
    return this.exported.base64;
  }

  /** The c2sp.org/signed-note verifier key (`<origin>+<key id>+<base64>`), what auditors pin. */
  get verifierKey(): string {
    this.exported.verifierKey ??= verifierKey(this.origin, this.publicKey);
    return this.exported.verifierKey;
  }

  sign(treeSize: number, rootHash: string, timestamp: string = new Date().toISOString()): Checkpoint {
    return signCheckpoint(this.origin, treeSize, rootHash, this.privateKey, timestamp);
  }

  /** Signs the mark a complete whole-store verification leaves (verified-mark.ts). */
  signVerified(
    treeSize: number,
    rootHash: string,
    verifiedAt: string = new Date().toISOString(),
  ): VerifiedMark {
    return signMark({ origin: this.origin, treeSize, rootHash, verifiedAt }, this.privateKey);
  }
}

/** An Ed25519 private key from a PEM file, generated there (0600) on first use: a witness's key. */
export async function openOrCreateKey(keyPath: string): Promise<KeyObject> {
  const pem = await readIfExists(keyPath);
  return pem !== undefined ? parseKey(pem, keyPath) : generateKeyFile(keyPath);
}

function parseKey(pem: string, source: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${source} is not a PEM private key`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${source} holds a ${String(key.asymmetricKeyType)} key; checkpoints need Ed25519`);
  }
  return key;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes a new key to a temp file (mode 0600, fsynced) and links it into place. `link` fails when the
 * target exists, so two processes starting at once end up sharing whichever key landed first.
 */
async function generateKeyFile(keyPath: string): Promise<KeyObject> {
  const dir = path.dirname(keyPath);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const temp = path.join(
    dir,
    `.${path.basename(keyPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(pem, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(temp, keyPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await fs.unlink(temp);
    return parseKey(await fs.readFile(keyPath, 'utf8'), keyPath);
  }
  await fs.unlink(temp);
  await syncDirectory(dir);
  return privateKey;
}
