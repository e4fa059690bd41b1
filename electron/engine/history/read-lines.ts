// Streams a file's lines with bounded memory: chunks of 1 MB, one line at most `maxLineBytes` held (a longer
// one is skipped to its end, never buffered), so a history of a million lines or a hostile file of one
// endless line costs the same few MB. The last line without a newline is reported as torn: a writer killed
// mid-write leaves exactly that, and a reader tolerates it. The file is opened as read-bounded.ts opens one
// (non-blocking; anything but a regular file refused) and bounded as a whole too: at most
// MAX_INPUT_BYTES.history bytes and HISTORY_FILE_READ_SECONDS, checked between chunks, and an AbortSignal
// (the app's Fleet tab has a Cancel button) is honoured between chunks as well.
//
// Two ways in: `visitLines` hands each line's bytes (the buffer and a range, valid only during the call) to
// a visitor, so a reader that needs no string per line (the fleet view's scanner) makes none; `readLines`
// is the same walk with each line decoded as UTF-8.
import { open } from 'node:fs/promises';
import { IPC_ERROR_CODES } from '../../contract/error-codes';
import { HISTORY_FILE_READ_SECONDS, MAX_INPUT_BYTES } from '../../contract/limits';
import { KerbProbeError } from '../errors';
import { InputTooLargeError, READ_ERROR_CODES, nonBlockingReadFlags, notAFile } from '../read-bounded';

const CHUNK = 1 << 20;

export type LineEvent =
  | { kind: 'line'; lineNo: number; text: string }
  | { kind: 'too-long'; lineNo: number }
  /** The file ended inside a line (no newline after it): its bytes are in `text` when within the limit. */
  | { kind: 'torn'; lineNo: number; text: string | null };

export interface LineVisitor {
  /** A whole line (newline not included); `torn` when the file ended without its newline. */
  line(buf: Buffer, start: number, end: number, lineNo: number, torn: boolean): void;
  /** A line longer than maxLineBytes (its bytes were skipped); `torn` as above. */
  tooLong(lineNo: number, torn: boolean): void;
}

/** The bounds of one whole file's read (defaults: MAX_INPUT_BYTES.history, HISTORY_FILE_READ_SECONDS). */
export interface FileBounds {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** A monotonic clock in ms (default performance.now); tests give one that jumps. */
  now?: () => number;
}

export interface LineRange {
  /** The first byte read; it must start a line (0, or just after a newline) for line numbers to mean lines. */
  start: number;
  /** Reading stops here (exclusive); the range should end just after a newline or at the end of the file. */
  end: number;
}

/**
 * Visits the lines of the file (or of a byte range of it; line numbers then count from the range's start),
 * yielding once per chunk read so the caller can flush what it gathered (an await per line would cost more
 * than the line's parse: a million lines, a million promise turns).
 */
export async function* visitLines(
  path: string,
  opts: { maxLineBytes: number; range?: LineRange; bounds?: FileBounds },
  visit: LineVisitor,
): AsyncGenerator<void> {
  const overdue = deadlineOf(path, opts.bounds);
  let fh;
  try {
    fh = await open(path, nonBlockingReadFlags());
  } catch (err) {
    throw new KerbProbeError(
      READ_ERROR_CODES.unreadable,
      `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      { cause: err },
    );
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new KerbProbeError(READ_ERROR_CODES.unreadable, `cannot read ${path}: EISDIR`);
    if (!st.isFile()) throw notAFile(path, st);
    if (st.size > MAX_INPUT_BYTES.history) throw new InputTooLargeError('history', path);
    // No bigger than the file (a fleet of small files would allocate 1 MB each); a file that grows meanwhile is
    // still read whole, in these smaller reads.
    const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(st.size + 1, 4096)));
    let parts: Buffer[] = [];
    let held = 0;
    let skipping = false;
    let lineNo = 0;
    let pos = opts.range?.start ?? 0;
    const stop = opts.range?.end ?? Infinity;
    for (;;) {
      const want = Math.min(buf.length, stop - pos);
      if (want <= 0) break;
      overdue();
      const { bytesRead } = await fh.read(buf, 0, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      let start = 0;
      for (;;) {
        const nl = buf.indexOf(0x0a, start);
        const end = nl < 0 || nl >= bytesRead ? bytesRead : nl;
        const len = end - start;
        if (!skipping && held + len > opts.maxLineBytes) {
          skipping = true;
          parts = [];
          held = 0;
        }
        if (!skipping && end < bytesRead && held === 0) {
          // The common case: the whole line is inside this chunk.
          visit.line(buf, start, end, ++lineNo, false);
          start = end + 1;
          continue;
        }
        if (!skipping && len > 0) {
          parts.push(Buffer.from(buf.subarray(start, end)));
          held += len;
        }
        if (end >= bytesRead) break;
        lineNo++;
        if (skipping) visit.tooLong(lineNo, false);
        else {
          const whole = Buffer.concat(parts, held);
          visit.line(whole, 0, held, lineNo, false);
        }
        parts = [];
        held = 0;
        skipping = false;
        start = end + 1;
      }
      yield;
    }
    if (skipping) visit.tooLong(lineNo + 1, true);
    else if (held > 0) {
      const whole = Buffer.concat(parts, held);
      visit.line(whole, 0, held, lineNo + 1, true);
    }
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** A check to run between chunks: throws once the read was cancelled or has taken longer than its limit. */
function deadlineOf(path: string, bounds: FileBounds = {}): () => void {
  const now = bounds.now ?? (() => performance.now());
  const timeoutMs = bounds.timeoutMs ?? HISTORY_FILE_READ_SECONDS * 1000;
  const start = now();
  return () => {
    if (bounds.signal?.aborted) throw new KerbProbeError(IPC_ERROR_CODES.cancelled, `reading ${path} was cancelled`);
    if (now() - start > timeoutMs)
      throw new KerbProbeError(
        READ_ERROR_CODES.timeout,
        `reading ${path} took longer than ${timeoutMs / 1000} s, the most KerbProbe spends on one history file`,
      );
  };
}

/** The file's lines decoded, a chunk's worth at a time. */
export async function* readLines(
  path: string,
  opts: { maxLineBytes: number; bounds?: FileBounds },
): AsyncGenerator<LineEvent[]> {
  let batch: LineEvent[] = [];
  const visitor: LineVisitor = {
    line: (buf, start, end, lineNo, torn) => {
      batch.push({ kind: torn ? 'torn' : 'line', lineNo, text: buf.toString('utf8', start, end) });
    },
    tooLong: (lineNo, torn) => {
      batch.push(torn ? { kind: 'torn', lineNo, text: null } : { kind: 'too-long', lineNo });
    },
  };
  for await (const _ of visitLines(path, opts, visitor)) {
    if (batch.length) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
