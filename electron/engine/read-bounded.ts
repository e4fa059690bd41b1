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
  return new KerbProbeError('INPUT_UNREADABLE', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
}

export interface ReadBoundedOptions {
  /** How the file is named in a message (default: its path). */
  what?: string;
}

/** Reads the whole file if it is within the kind's limit. */
export async function readBounded(path: string, kind: InputKind, opts: ReadBoundedOptions = {}): Promise<Buffer> {
  const limit = MAX_INPUT_BYTES[kind];
  const what = opts.what ?? path;
  let fh;
  try { fh = await open(path, 'r'); } catch (err) { throw unreadable(path, err); }
  try {
    let st;
    try { st = await fh.stat(); } catch (err) { throw unreadable(path, err); }
    if (st.isDirectory()) throw unreadable(path, Object.assign(new Error('a directory'), { code: 'EISDIR' }));
    if (st.isFile() && st.size > limit) throw new InputTooLargeError(kind, what);
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK, limit + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      let n: number;
      try { n = (await fh.read(buf, 0, want, null)).bytesRead; } catch (err) { throw unreadable(path, err); }
      if (n === 0) break;
      parts.push(n === want ? buf : buf.subarray(0, n));
      total += n;
      if (total > limit) throw new InputTooLargeError(kind, what);
    }
    return Buffer.concat(parts, total);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** The same, synchronously (for the readers that run before any event loop work: hosts, krb5.conf). */
export function readBoundedSync(path: string, kind: InputKind, opts: ReadBoundedOptions = {}): Buffer {
  const limit = MAX_INPUT_BYTES[kind];
  const what = opts.what ?? path;
  let fd: number;
  try { fd = openSync(path, 'r'); } catch (err) { throw unreadable(path, err); }
  try {
    let st;
    try { st = fstatSync(fd); } catch (err) { throw unreadable(path, err); }
    if (st.isDirectory()) throw unreadable(path, Object.assign(new Error('a directory'), { code: 'EISDIR' }));
    if (st.isFile() && st.size > limit) throw new InputTooLargeError(kind, what);
    const parts: Buffer[] = [];
    let total = 0;
    for (;;) {
      const want = Math.min(CHUNK, limit + 1 - total);
      const buf = Buffer.allocUnsafe(want);
      let n: number;
      try { n = readSync(fd, buf, 0, want, null); } catch (err) { throw unreadable(path, err); }
      if (n === 0) break;
      parts.push(n === want ? buf : buf.subarray(0, n));
      total += n;
      if (total > limit) throw new InputTooLargeError(kind, what);
    }
    return Buffer.concat(parts, total);
  } finally {
    try { closeSync(fd); } catch { /* already closed */ }
  }
}
