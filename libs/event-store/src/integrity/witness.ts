import { createHash, type KeyObject } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseCheckpointText } from './checkpoint';
import { COSIGNATURE_TYPE, cosign } from './cosignature';
import { EMPTY_ROOT, verifyConsistency } from './merkle';
import { NoteError, openNote, parseVerifierKey, verifierKey, type NoteVerifier } from './note';
import { syncDirectory } from './checkpoint-signer';

/** What a witness answers, per c2sp.org/tlog-witness `add-checkpoint`. */
export interface WitnessAnswer {
  status: 200 | 400 | 403 | 404 | 409 | 422;
  contentType: string;
  body: string;
}

interface WitnessState {
  origin: string;
  treeSize: number;
  rootHash: string;
  note: string;
}

/**
 * A c2sp.org/tlog-witness: keeps the latest checkpoint it cosigned per log (a file per origin in its state
 * directory, replaced atomically), checks each new one is signed by the log's key and consistent with it,
 * and cosigns (c2sp.org/tlog-cosignature). Requests are handled one at a time, so the compare-and-store of
 * the old size cannot interleave.
 */
export class Witness {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly logs = new Map<string, NoteVerifier>();

  constructor(
    readonly name: string,
    private readonly privateKey: KeyObject,
    private readonly stateDir: string,
    logKeys: readonly string[],
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    for (const key of logKeys) {
      const verifier = parseVerifierKey(key);
      this.logs.set(verifier.name, verifier);
    }
  }

  /** The witness's verifier key (type 0x04), what logs and clients configure. */
  get verifierKey(): string {
    return verifierKey(this.name, this.privateKey, COSIGNATURE_TYPE);
  }

  addCheckpoint(body: string): Promise<WitnessAnswer> {
    const run = this.queue.then(() => this.add(body));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async add(body: string): Promise<WitnessAnswer> {
    const split = body.indexOf('\n\n');
    if (split < 0)
      return text(400, 'the body is an old size line, proof lines, an empty line and a checkpoint');
    const lines = body.slice(0, split).split('\n');
    const old = /^old (0|[1-9][0-9]*)$/.exec(lines[0] ?? '');
    if (!old) return text(400, 'the first line is `old <size>`');
    const oldSize = Number(old[1]);
    const proof: Buffer[] = [];
    for (const line of lines.slice(1)) {
      const hash = Buffer.from(line, 'base64');
      if (hash.length !== 32 || hash.toString('base64') !== line) return text(400, `bad proof line ${line}`);
      proof.push(hash);
    }
    if (proof.length > 63) return text(400, 'at most 63 proof lines');
    const note = body.slice(split + 2);
    let origin: string;
    try {
      origin = parseCheckpointText(note.slice(0, note.indexOf('\n\n') + 1)).origin;
    } catch (error) {
      return text(400, (error as Error).message);
    }
    const log = this.logs.get(origin);
    if (!log) return text(404, `unknown log ${origin}`);
    let checkpointText: string;
    try {
      checkpointText = openNote(note, log);
    } catch (error) {
      return text(403, error instanceof NoteError ? error.message : 'bad signature');
    }
    const checkpoint = parseCheckpointText(checkpointText);
    if (oldSize > checkpoint.treeSize) return text(400, 'old size is larger than the checkpoint');
    const state = await this.read(origin);
    const latest = state?.treeSize ?? 0;
    if (oldSize !== latest) return { status: 409, contentType: 'text/x.tlog.size', body: `${latest}\n` };
    if (checkpoint.treeSize === 0 && checkpoint.rootHash !== EMPTY_ROOT.toString('hex')) {
      return text(422, 'an empty tree has the empty root');
    }
    if (oldSize === 0 && proof.length > 0) return text(422, 'no proof from the empty tree');
    if (state && oldSize === checkpoint.treeSize && state.rootHash !== checkpoint.rootHash) {
      return text(422, `two roots for size ${oldSize}: the log forked`);
    }
    if (
      state &&
      oldSize > 0 &&
      oldSize < checkpoint.treeSize &&
      !verifyConsistency(
        oldSize,
        checkpoint.treeSize,
        Buffer.from(state.rootHash, 'hex'),
        Buffer.from(checkpoint.rootHash, 'hex'),
        proof,
      )
    ) {
      return text(422, `not consistent with the checkpoint of size ${oldSize} this witness cosigned`);
    }
    await this.write({ origin, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, note });
    return {
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      body: cosign(checkpointText, this.name, this.privateKey, this.now()),
    };
  }

  private file(origin: string): string {
    return path.join(this.stateDir, `${createHash('sha256').update(origin).digest('hex').slice(0, 32)}.json`);
  }

  private async read(origin: string): Promise<WitnessState | undefined> {
    try {
      return JSON.parse(await fs.readFile(this.file(origin), 'utf8')) as WitnessState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Persists before answering: a temp file, fsynced, renamed over the old state, directory fsynced. */
  private async write(state: WitnessState): Promise<void> {
    await fs.mkdir(this.stateDir, { recursive: true });
    const target = this.file(state.origin);
    const temp = `${target}.${process.pid}.tmp`;
    const handle = await fs.open(temp, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(state));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    await syncDirectory(this.stateDir);
  }
}

function text(status: WitnessAnswer['status'], message: string): WitnessAnswer {
  return { status, contentType: 'text/plain; charset=utf-8', body: `${message}\n` };
}
