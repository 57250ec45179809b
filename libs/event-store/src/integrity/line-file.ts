import type { FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;
/** Bytes read per step when scanning for a line boundary. */
const CHUNK = 4096;
/** Bytes read per step when reading lines forwards. */
const BLOCK = 64 * 1024;

/** One complete line of a file: its bytes (without the newline) and where it starts. */
export interface Line {
  start: number;
  bytes: Buffer;
  /** Offset just after its newline: where the next line starts. */
  next: number;
}

/**
 * Positional reads of a file of newline-terminated lines, each costing the lines it touches, not the file:
 * the end of the last complete line, the line before an offset, the line at an offset. Bytes after the last
 * newline (an append a crash cut) are never part of a line.
 */
export class LineFile {
  constructor(private readonly handle: FileHandle) {}

  /** Length of the file's complete lines: up to and including its last newline (0 if none). */
  async completeLength(size: number): Promise<number> {
    return (await this.lastNewlineBefore(size)) + 1;
  }

  /** The complete line that ends just before `end` (an offset just after a newline), or undefined at 0. */
  async lineBefore(end: number): Promise<Line | undefined> {
    if (end <= 0) return undefined;
    const start = (await this.lastNewlineBefore(end - 1)) + 1;
    return { start, bytes: await this.read(start, end - 1 - start), next: end };
  }

  /** The line starting at `start` (a line start below `end`, the complete length). */
  async lineAt(start: number, end: number): Promise<Line> {
    const newline = await this.firstNewlineFrom(start, end);
    return { start, bytes: await this.read(start, newline - start), next: newline + 1 };
  }

  /** The first line start at or after `offset` (`end` when none is below it). */
  async lineStartFrom(offset: number, end: number): Promise<number> {
    if (offset <= 0) return 0;
    if (offset >= end) return end;
    return (await this.firstNewlineFrom(offset - 1, end)) + 1;
  }

  /** Complete lines from the line start `start` up to `end`, read in blocks. */
  async *linesFrom(start: number, end: number): AsyncGenerator<Line> {
    let at = start;
    let carry: Buffer = Buffer.alloc(0);
    let carryStart = start;
    while (at < end) {
      const block = await this.read(at, Math.min(BLOCK, end - at));
      if (block.length === 0) break;
      at += block.length;
      const bytes = carry.length > 0 ? Buffer.concat([carry, block]) : block;
      let lineStart = 0;
      for (let nl = bytes.indexOf(NEWLINE); nl >= 0; nl = bytes.indexOf(NEWLINE, lineStart)) {
        const line = { start: carryStart + lineStart, bytes: bytes.subarray(lineStart, nl), next: 0 };
        line.next = carryStart + nl + 1;
        lineStart = nl + 1;
        yield line;
      }
      carry = bytes.subarray(lineStart);
      carryStart += lineStart;
    }
  }

  /** Reads `length` bytes at `position` (fewer only if the file is shorter). */
  async read(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }

  /** Offset of the last newline before `end`, or -1; reads backwards a chunk at a time. */
  private async lastNewlineBefore(end: number): Promise<number> {
    let to = end;
    while (to > 0) {
      const from = Math.max(0, to - CHUNK);
      const found = (await this.read(from, to - from)).lastIndexOf(NEWLINE);
      if (found >= 0) return from + found;
      to = from;
    }
    return -1;
  }

  /** Offset of the first newline at or after `from` (below `end`, which follows a newline). */
  private async firstNewlineFrom(from: number, end: number): Promise<number> {
    let at = from;
    while (at < end) {
      const chunk = await this.read(at, Math.min(CHUNK, end - at));
      const found = chunk.indexOf(NEWLINE);
      if (found >= 0) return at + found;
      if (chunk.length === 0) break;
      at += chunk.length;
    }
    throw new RangeError(`no newline between ${from} and ${end}`);
  }
}
