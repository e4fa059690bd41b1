// The one way the engine, the CLI and main read a file of outside input. Nothing here can block: the file is
// opened non-blocking (a FIFO opens at once instead of waiting for a writer), fstat of the opened descriptor
// (so a swapped path cannot slip past) refuses anything that is not a regular file (a FIFO, a socket, a
// device such as /dev/zero) with INPUT_NOT_A_FILE, and the size is checked before a byte is read: over the
// limit is INPUT_TOO_LARGE with the limit in the message. The asynchronous reader also has a time limit (a
// file on a network share that stopped answering): past it, INPUT_READ_TIMEOUT, and the read left in the
// background is closed when it ends. A file that cannot be opened or read is INPUT_UNREADABLE.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { MAX_INPUT_BYTES, tooLargeMessage, type InputKind } from '../contract/limits';
import { KerbProbeError } from './errors';

const CHUNK = 64 * 1024;

/** How long one asynchronous read may take, open to close: a local file of the largest kind takes milliseconds. */
export const READ_TIMEOUT_MS = 10_000;

/** The stable codes of a file refused before or while it is read (besides INPUT_TOO_LARGE). */
export const READ_ERROR_CODES = {
  unreadable: 'INPUT_UNREADABLE',
  notAFile: 'INPUT_NOT_A_FILE',
  timeout: 'INPUT_READ_TIMEOUT',
} as const;

/**
 * Open flags that never wait: O_NONBLOCK (a FIFO with no writer opens at once; a regular file reads as
 * usual) and, when asked, O_NOFOLLOW (a final symbolic link is refused, ELOOP). Windows has neither flag and
 * no FIFOs in the file system; the fstat check below still refuses a device or a pipe there.
 */
export function nonBlockingReadFlags(noFollow = false): number {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
  return noFollow ? flags | (constants.O_NOFOLLOW ?? 0) : flags;
}

/** What a file that is not a regular file is, in words. */
export function fileTypeName(
  st: Pick<Stats, 'isDirectory' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>,
): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** INPUT_NOT_A_FILE: the path names something that is not a regular file, which KerbProbe never reads. */
export function notAFile(path: string, st: Parameters<typeof fileTypeName>[0]): KerbProbeError {
  return new KerbProbeError(
    READ_ERROR_CODES.notAFile,
    `cannot read ${path}: it is ${fileTypeName(st)}, not a regular file`,
  );
}

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
    READ_ERROR_CODES.unreadable,
    `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    { cause: err },
  );
}

export interface ReadBoundedOptions {
  /** How the file is named in a message (default: its path). */
  what?: string;
  /** Refuse a final symbolic link (ELOOP) instead of following it. */
  noFollow?: boolean;
  /** The asynchronous reader's time limit (default READ_TIMEOUT_MS). */
  timeoutMs?: number;
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

  check(st: Stats): void {
    if (st.isDirectory()) throw unreadable(this.path, Object.assign(new Error('a directory'), { code: 'EISDIR' }));
    if (!st.isFile()) throw notAFile(this.path, st);
    if (st.size > this.limit) throw new InputTooLargeError(this.kind, this.what);
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

/** Reads the whole file if it is within the kind's limit and its time limit. */
export async function readBounded(path: string, kind: InputKind, opts: ReadBoundedOptions = {}): Promise<Buffer> {
  const timeoutMs = opts.timeoutMs ?? READ_TIMEOUT_MS;
  const work = readWhole(path, new Bounded(path, kind, opts.what ?? path), opts.noFollow ?? false);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new KerbProbeError(
            READ_ERROR_CODES.timeout,
            `cannot read ${path}: no answer within ${timeoutMs / 1000} s (a network share that stopped answering?)`,
          ),
        ),
      timeoutMs,
    );
    // A late answer of an abandoned read changes nothing; the timer must not keep a finished process alive.
    timer.unref();
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function readWhole(path: string, bounded: Bounded, noFollow: boolean): Promise<Buffer> {
  let fh;
  try {
    fh = await open(path, nonBlockingReadFlags(noFollow));
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

/**
 * The same, synchronously (for the readers that run before any event loop work: hosts, krb5.conf). It cannot
 * block on a FIFO or a device (refused before a byte is read), but it has no time limit of its own.
 */
export function readBoundedSync(path: string, kind: InputKind, opts: ReadBoundedOptions = {}): Buffer {
  const bounded = new Bounded(path, kind, opts.what ?? path);
  let fd: number;
  try {
    fd = openSync(path, nonBlockingReadFlags(opts.noFollow ?? false));
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
