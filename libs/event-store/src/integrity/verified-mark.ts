import { randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { syncDirectory } from '../shared/sync-directory';

/**
 * "The first `treeSize` events of the store were each checked against their leaf, and every tile hash
 * against them, at `verifiedAt`": what the last complete whole-store verification (the scrub) found, signed
 * with the log's key so that an edit of the file is evident. It never lets a restart skip work (an edit made
 * to the store while the service was stopped can only be found by reading it again); it says how fresh the
 * last complete check is, and binds one more root the tree must keep (docs/integrity.md §5).
 */
export interface VerifiedMark {
  origin: string;
  treeSize: number;
  /** Hex root of the tree at `treeSize`. */
  rootHash: string;
  /** ISO-8601 instant the verification finished. */
  verifiedAt: string;
  /** Base64 Ed25519 signature over `markText(...)`. */
  signature: string;
}

const markSchema = z.object({
  origin: z.string(),
  treeSize: z.number().int().nonnegative(),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
  verifiedAt: z.string(),
  signature: z.string(),
});

/**
 * The signed bytes. The first line keeps them apart from every checkpoint (whose second line is a decimal
 * size) and cosignature the same key or its holder signs.
 */
export function markText(mark: Omit<VerifiedMark, 'signature'>): string {
  const root = Buffer.from(mark.rootHash, 'hex').toString('base64');
  return `gongkai verified-through/v1\n${mark.origin}\n${mark.treeSize}\n${root}\n${mark.verifiedAt}\n`;
}

export function signMark(mark: Omit<VerifiedMark, 'signature'>, privateKey: KeyObject): VerifiedMark {
  const signature = sign(null, Buffer.from(markText(mark), 'utf8'), privateKey).toString('base64');
  return { ...mark, signature };
}

export function verifyMark(mark: VerifiedMark, publicKey: KeyObject): boolean {
  try {
    const signature = Buffer.from(mark.signature, 'base64');
    return signature.length === 64 && verify(null, Buffer.from(markText(mark), 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

export class VerifiedMarkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VerifiedMarkError';
  }
}

/** Where the mark is kept: one small file, replaced atomically (temp file, fsync, rename, directory fsync). */
export class FileVerifiedMarkStore {
  constructor(readonly file: string) {}

  /** `<dataDir>/verified-through.json` */
  static inDataDir(dataDir: string): FileVerifiedMarkStore {
    return new FileVerifiedMarkStore(path.join(dataDir, 'verified-through.json'));
  }

  /** The mark, undefined when there is none; a VerifiedMarkError when the file is not a mark. */
  async read(): Promise<VerifiedMark | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return markSchema.parse(JSON.parse(text));
    } catch (error) {
      throw new VerifiedMarkError(`${this.file} is not a verified-through mark`, { cause: error });
    }
  }

  async write(mark: VerifiedMark): Promise<void> {
    const dir = path.dirname(this.file);
    await fs.mkdir(dir, { recursive: true });
    const temp = path.join(
      dir,
      `.${path.basename(this.file)}.${process.pid}.${randomBytes(6).toString('hex')}`,
    );
    const handle = await fs.open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(`${JSON.stringify(mark)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, this.file);
    await syncDirectory(dir);
  }
}
