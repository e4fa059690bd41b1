// The history file: appended one line per check, by any number of processes at once, read back tolerantly.
//
// Why it stays whole: every line goes out in ONE write(2) on a descriptor opened O_APPEND, so concurrent
// writers never interleave inside a line (the kernel moves to the end and writes under the inode lock) and
// nothing already written is ever rewritten. A writer killed mid-write can leave only a torn tail; the next
// writer sees that the file does not end in a newline and starts its line on a fresh one, so the torn line
// is the only loss. Rotation renames (never copies or truncates) under a lock file, re-checking the size once
// it holds the lock, so two writers never rotate the same generation twice; a writer still holding the old
// descriptor finishes its line in `.1`, where it is kept.
import {
  closeSync,
  constants,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  existsSync,
} from 'node:fs';
import { dirname } from 'node:path';
import {
  HISTORY_KEEP_ROTATED,
  HISTORY_ROTATE_BYTES,
  HistoryEntrySchema,
  MAX_HISTORY_LINE_BYTES,
  type HistoryEntry,
  type HistoryQuery,
  type HistoryRead,
} from '../../contract/history';
import { KerbProbeError } from '../errors';
import { readLines, type FileBounds } from './read-lines';

export interface AppendOptions {
  /** Rotate before the file would grow past this many bytes. */
  rotateBytes?: number;
  keepRotated?: number;
}

const APPEND_FLAGS = constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

function unwritable(path: string, err: unknown): KerbProbeError {
  return new KerbProbeError(
    'HISTORY_UNWRITABLE',
    `cannot write the history ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    { cause: err },
  );
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The rotation lock: a file created exclusively, holding the owner's pid. A lock whose owner is gone (killed
 * while rotating) is taken over. Judged by the pid, not by the lock's age: no clock is read, so a clock
 * that jumps cannot make a live lock look stale.
 */
function tryLock(lock: string, retry = true): boolean {
  try {
    const fd = openSync(lock, 'wx', 0o600);
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !retry) return false;
    let owner: number;
    try {
      owner = Number(readFileSync(lock, 'utf8'));
    } catch {
      return false;
    }
    // An empty lock is one being written right now: its owner is alive.
    if (!Number.isInteger(owner) || owner <= 0 || alive(owner)) return false;
    try {
      unlinkSync(lock);
    } catch {
      return false;
    }
    return tryLock(lock, false);
  }
}

function rotateIfFull(path: string, incoming: number, rotateBytes: number, keep: number): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return;
  }
  if (size + incoming <= rotateBytes) return;
  const lock = `${path}.lock`;
  if (!tryLock(lock)) return; // another writer is rotating: append to whichever file is live
  try {
    // Re-checked under the lock: the writer that held it before may have rotated already.
    if (statSync(path).size + incoming <= rotateBytes) return;
    for (let generation = keep; generation >= 1; generation--) {
      const from = generation === 1 ? path : `${path}.${generation - 1}`;
      if (existsSync(from)) renameSync(from, `${path}.${generation}`);
    }
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      /* already gone */
    }
  }
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns for a path under /proc (measured on
 * Node 24), and a check must never hang on where its history goes.
 */
function ensureDir(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Appends one entry; returns the file's path. Throws HISTORY_UNWRITABLE (the check's verdict stands). */
export function appendHistory(path: string, entry: HistoryEntry, opts: AppendOptions = {}): string {
  const line = Buffer.from(JSON.stringify(HistoryEntrySchema.parse(entry)) + '\n', 'utf8');
  if (line.length > MAX_HISTORY_LINE_BYTES)
    throw new KerbProbeError('HISTORY_LINE_TOO_LONG', `a history line is at most ${MAX_HISTORY_LINE_BYTES} bytes`);
  try {
    ensureDir(dirname(path));
    rotateIfFull(path, line.length, opts.rotateBytes ?? HISTORY_ROTATE_BYTES, opts.keepRotated ?? HISTORY_KEEP_ROTATED);
    // O_NOFOLLOW: a history that is a symbolic link is refused (ELOOP), never appended through to its target.
    const fd = openSync(path, APPEND_FLAGS, 0o600);
    try {
      const size = fstatSync(fd).size;
      let out = line;
      if (size > 0) {
        const last = Buffer.alloc(1);
        readSync(fd, last, 0, 1, size - 1);
        if (last[0] !== 0x0a) out = Buffer.concat([Buffer.from('\n'), line]);
      }
      let done = 0;
      while (done < out.length) done += writeSync(fd, out, done, out.length - done);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    throw err instanceof KerbProbeError ? err : unwritable(path, err);
  }
  return path;
}

/** Parses one line against the schema; null when it is not a history entry. */
export function parseHistoryLine(text: string): HistoryEntry | null {
  if (!text.trim()) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const r = HistoryEntrySchema.safeParse(value);
  return r.success ? r.data : null;
}

/** The newest entries of the file and its last rotated generation, streamed (memory: `limit` entries). */
export async function readHistory(
  path: string,
  query: HistoryQuery = {},
  bounds: FileBounds = {},
): Promise<HistoryRead> {
  const limit = query.limit ?? 20;
  const server = query.server?.toLowerCase();
  const ring: HistoryEntry[] = [];
  let skipped = 0;
  let torn = false;
  for (const file of [`${path}.1`, path]) {
    if (!existsSync(file)) continue;
    for await (const batch of readLines(file, { maxLineBytes: MAX_HISTORY_LINE_BYTES, bounds }))
      for (const ev of batch) {
        if (ev.kind === 'line' && !ev.text.trim()) continue; // the fresh line after a torn one
        const entry = ev.kind === 'too-long' ? null : parseHistoryLine(ev.text ?? '');
        if (ev.kind === 'torn' && file === path) torn = true;
        if (!entry) {
          skipped++;
          continue;
        }
        if (server && entry.server !== server) continue;
        if (query.port !== undefined && entry.port !== query.port) continue;
        ring.push(entry);
        if (ring.length > limit) ring.shift();
      }
  }
  return { path, entries: ring, skipped, torn };
}
