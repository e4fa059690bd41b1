// The one way the engine, the CLI and main read a file of outside input: the size is checked before a
// byte is read (fstat of the opened file, so a swapped path cannot slip past), and a file whose size says
// nothing (/dev/zero, a pipe, a FIFO) is read to at most limit + 1 bytes. Over the limit is
// INPUT_TOO_LARGE with the limit in the message; a file that cannot be opened or read is INPUT_UNREADABLE.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_INPUT_BYTES, tooLargeMessage, type InputKind } from '../contract/limits';
import { KerbProbeError } from './errors';

const CHUNK = 64 * 1024;

export class InputTooLargeError extends KerbProbeError {
  readonly limit: number;
  constructor(kind: InputKind, what: string) {
    super('INPUT_TOO_LARGE', tooLargeMessage(kind, what));
    this.name = 'InputTooLargeError';
    this.limit = MAX_INPUT_BYTES[kind];
  }
}

function unreadable(path: string, err: unknown): KerbProbeError {
  return new KerbProbeError(
    'INPUT_UNREADABLE',
    `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    { cause: err },
  );
}

export interface ReadBoundedOptions {
  /** How the file is named in a message (default: its path). */
  what?: string;
}

/** The bookkeeping both readers share: the size check up front, then at most limit + 1 bytes. */
class Bounded {
  private readonly parts: Buffer[] = [];
  private total = 0;
  readonly limit: number;
  constructor(
    private readonly path: string,
    private readonly kind: InputKind,
    private readonly what: string,
  ) {
    this.limit = MAX_INPUT_BYTES[kind];
  }

  check(st: { isDirectory(): boolean; isFile(): boolean; size: number }): void {
    if (st.isDirectory()) throw unreadable(this.path, Object.assign(new Error('a directory'), { code: 'EISDIR' }));
    if (st.isFile() && st.size > this.limit) throw new InputTooLargeError(this.kind, this.what);
  }

  /** A buffer for the next read: never more than one byte past the limit in all. */
  next(): Buffer {
    return Buffer.allocUnsafe(Math.min(CHUNK, this.limit + 1 - this.total));
  }

  /** Keeps `n` bytes of `buf`; false once the file has ended. */
  took(buf: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.parts.push(n === buf.length ? buf : buf.subarray(0, n));
    this.total += n;
    if (this.total > this.limit) throw new InputTooLargeError(this.kind, this.what);
    return true;
  }

  result(): Buffer {
    return Buffer.concat(this.parts, this.total);
  }
}

/** Reads the whole file if it is within the kind's limit. */
export async function readBounded(path: string, kind: InputKind, opts: ReadBoundedOptions = {}): Promise<Buffer> {
  const bounded = new Bounded(path, kind, opts.what ?? path);
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    try {
      bounded.check(await fh.stat());
    } catch (err) {
      throw err instanceof KerbProbeError ? err : unreadable(path, err);
    }
    for (;;) {
      const buf = bounded.next();
      let bytesRead: number;
      try {
        bytesRead = (await fh.read(buf, 0, buf.length, null)).bytesRead;
      } catch (err) {
        throw unreadable(path, err);
      }
      if (!bounded.took(buf, bytesRead)) return bounded.result();
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** The same, synchronously (for the readers that run before any event loop work: hosts, krb5.conf). */
export function readBoundedSync(path: string, kind: InputKind, opts: ReadBoundedOptions = {}): Buffer {
  const bounded = new Bounded(path, kind, opts.what ?? path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    try {
      bounded.check(fstatSync(fd));
    } catch (err) {
      throw err instanceof KerbProbeError ? err : unreadable(path, err);
    }
    for (;;) {
      const buf = bounded.next();
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        throw unreadable(path, err);
      }
      if (!bounded.took(buf, bytesRead)) return bounded.result();
    }
  } finally {
    try {
      closeSync(fd);
    } catch {
      /* already closed */
    }
  }
}
