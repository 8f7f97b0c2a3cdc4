/**
 * Where the lexical index keeps its chunks: UTF-8 JSON back to back in a growing Buffer, then, past
 * SPILL_BYTES, in an unlinked temporary file read back with pread (the OS page cache keeps reads fast and the
 * bytes out of the process's RSS). The file disappears when the process ends, even on kill -9.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Stored chunks beyond this many bytes go to a temporary file instead of memory (small indexes never do). */
export const SPILL_BYTES = 32 * 2 ** 20;

/**
 * Where stored chunks live: a growing Buffer, then, past SPILL_BYTES, an unlinked temporary file (gone when the
 * process ends, even on kill -9) with a write buffer in front. Reads of what is still buffered come from memory.
 */
export class ChunkArena {
  constructor(private readonly spillBytes = SPILL_BYTES) {}

  private mem = Buffer.allocUnsafe(1 << 16);
  private memUsed = 0;
  private fd: number | undefined;
  /** Bytes already in the file; memory then holds bytes from `flushed` on. */
  private flushed = 0;
  private static readonly closer = new FinalizationRegistry<number>((fd) => {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  });

  get size(): number {
    return this.flushed + this.memUsed;
  }

  /** Appends; returns [offset, length]. */
  append(json: string): [number, number] {
    const max = Buffer.byteLength(json);
    if (this.fd === undefined && this.size + max > this.spillBytes) this.spill();
    if (this.fd !== undefined && this.memUsed + max > this.mem.length) this.flush();
    if (this.memUsed + max > this.mem.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.memUsed + max, Math.ceil(this.mem.length * 1.5)));
      this.mem.copy(bigger, 0, 0, this.memUsed);
      this.mem = bigger;
    }
    const offset = this.size;
    const written = this.mem.write(json, this.memUsed, 'utf8');
    this.memUsed += written;
    return [offset, written];
  }

  read(offset: number, length: number): string {
    if (offset >= this.flushed) {
      const start = offset - this.flushed;
      return this.mem.toString('utf8', start, start + length);
    }
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd as number, buf, done, length - done, offset + done);
      if (n === 0) throw new Error('lexical index store file ended early');
      done += n;
    }
    return buf.toString('utf8');
  }

  close(): void {
    if (this.fd === undefined) return;
    ChunkArena.closer.unregister(this);
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    this.fd = undefined;
  }

  private spill(): void {
    const path = join(tmpdir(), `rounds-lexical-${process.pid}-${Math.random().toString(36).slice(2)}.bin`);
    try {
      this.fd = openSync(path, 'w+', 0o600);
      unlinkSync(path);
    } catch {
      // No writable temp directory: keep everything in memory (correct, only larger).
      this.fd = undefined;
      return;
    }
    ChunkArena.closer.register(this, this.fd, this);
    this.flush();
    // A 1 MiB write buffer in front of the file.
    this.mem = Buffer.allocUnsafe(1 << 20);
  }

  private flush(): void {
    let done = 0;
    while (done < this.memUsed) done += writeSync(this.fd as number, this.mem, done, this.memUsed - done, this.flushed + done);
    this.flushed += this.memUsed;
    this.memUsed = 0;
  }
}
