import type { Checkpoint } from './checkpoint';
import { verifyCosignature } from './cosignature';
import { NoteError, parseVerifierKey, type NoteVerifier } from './note';

export interface WitnessTarget {
  /** Submission prefix: the witness answers `POST <url>/add-checkpoint`. */
  url: string;
  /** The witness's verifier key (type 0x04). */
  key: string;
}

export class WitnessRefused extends Error {
  constructor(
    readonly witness: string,
    readonly status: number,
    detail: string,
  ) {
    super(`witness ${witness} answered ${status}: ${detail}`);
    this.name = 'WitnessRefused';
  }
}

/**
 * Submits checkpoints to one c2sp.org/tlog-witness with a consistency proof from the size it last cosigned
 * (learnt from a 409 answer when unknown), and returns its verified cosignature lines.
 */
export class WitnessClient {
  readonly verifier: NoteVerifier;
  private oldSize = 0;

  constructor(
    readonly target: WitnessTarget,
    /** RFC 9162 consistency proof between two sizes of the log's own tree. */
    private readonly proof: (fromSize: number, toSize: number) => Buffer[],
  ) {
    this.verifier = parseVerifierKey(target.key);
  }

  async submit(checkpoint: Checkpoint): Promise<string> {
    if (checkpoint.note === undefined) throw new TypeError('only C2SP checkpoints can be witnessed');
    for (let attempt = 0; attempt < 2; attempt++) {
      const old = Math.min(this.oldSize, checkpoint.treeSize);
      const proof = old === 0 ? [] : this.proof(old, checkpoint.treeSize);
      const body = `old ${old}\n${proof.map((h) => `${h.toString('base64')}\n`).join('')}\n${checkpoint.note}`;
      const response = await fetch(`${this.target.url.replace(/\/$/, '')}/add-checkpoint`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
      });
      const text = await response.text();
      if (response.status === 409 && /^(0|[1-9][0-9]*)\n$/.test(text) && attempt === 0) {
        const size = Number(text.trim());
        if (size > checkpoint.treeSize) {
          throw new WitnessRefused(
            this.verifier.name,
            409,
            `it cosigned size ${size}, beyond this checkpoint`,
          );
        }
        this.oldSize = size;
        continue;
      }
      if (response.status !== 200) throw new WitnessRefused(this.verifier.name, response.status, text.trim());
      const lines = text
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => `${line}\n`);
      const mine = lines.filter((line) => line.startsWith(`\u2014 ${this.verifier.name} `));
      try {
        verifyCosignature(`${checkpoint.note}${mine.join('')}`, this.verifier);
      } catch (error) {
        throw new WitnessRefused(this.verifier.name, 200, (error as NoteError).message);
      }
      this.oldSize = checkpoint.treeSize;
      return mine.join('');
    }
    throw new WitnessRefused(this.verifier.name, 409, 'the old size kept changing');
  }
}
