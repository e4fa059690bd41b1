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
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  existsSync,
  linkSync,
  lstatSync,
  type Stats,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
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
import { readBoundedSync } from '../read-bounded';
import { readLines, type FileBounds } from './read-lines';
import { processAlive } from '../process-alive';

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

/** A rotation takes milliseconds: a lock older than this is stale whoever it names (a PID can be reused). */
export const LOCK_STALE_MS = 60_000;
/** A lock is created empty and its PID written at once: empty or not a PID and older than this, it was left. */
export const LOCK_WRITE_GRACE_MS = 5_000;

/** The lock was taken; another writer holds it (append, do not rotate); or it cannot be taken, and why. */
type LockResult = { taken: true } | { taken: false; blocked?: string };

/**
 * "Now" as the lock's file system counts it: the modification time of a file created there this instant.
 * The lock's age is then one clock minus the same clock (a network share's, or the kernel's), never this
 * process's wall clock, which may be wrong or jump.
 */
function fileSystemNow(dir: string): number {
  const probe = join(dir, `.kerbprobe-clock.${process.pid}.${randomBytes(4).toString('hex')}`);
  const fd = openSync(probe, 'wx', 0o600);
  try {
    return fstatSync(fd).mtimeMs;
  } finally {
    closeSync(fd);
    unlinkSync(probe);
  }
}

/** Why the lock left in place is stale, or null while it may still be a writer's (live owner, or being written). */
function staleness(lock: string, st: Stats): string | null {
  const age = fileSystemNow(dirname(lock)) - st.mtimeMs;
  if (age > LOCK_STALE_MS) return `it is ${Math.round(age / 1000)} s old`;
  const text = readBoundedSync(lock, 'config', { noFollow: true }).toString('utf8').trim();
  const owner = /^\d{1,10}$/.test(text) ? Number(text) : null;
  if (owner === null || owner <= 0) return age > LOCK_WRITE_GRACE_MS ? 'it names no process' : null;
  return processAlive(owner) ? null : `its owner (PID ${owner}) is gone`;
}

/**
 * Takes a stale lock over: renamed aside first (one step; a second writer that judged the same stale lock
 * then finds nothing to rename), checked to be the very file judged, then removed. A fresh lock renamed by
 * mistake (created between the judgement and the rename) is put back.
 */
function takeOver(lock: string, judged: Stats): boolean {
  const aside = `${lock}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lock, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false; // another writer took it over
    throw err;
  }
  if (lstatSync(aside).ino !== judged.ino) {
    try {
      linkSync(aside, lock);
    } catch {
      /* a newer lock is in place already */
    }
    unlinkSync(aside);
    return false;
  }
  unlinkSync(aside);
  return true;
}

/**
 * The rotation lock: a file created exclusively, holding the owner's PID. A stale lock (its owner gone, empty
 * or not a PID past a short grace, or older than any rotation takes: a PID that was reused) is taken over; a
 * lock that cannot be taken (not a file, no permission) is reported, never silently left to switch rotation
 * off for good.
 */
function tryLock(lock: string, retry = true): LockResult {
  try {
    const fd = openSync(lock, 'wx', 0o600);
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return { taken: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') return { taken: false, blocked: `the lock ${lock} cannot be created (${code ?? 'error'})` };
    if (!retry) return { taken: false };
  }
  try {
    const st = lstatSync(lock);
    if (!st.isFile()) return { taken: false, blocked: `the lock ${lock} is not a file` };
    if (staleness(lock, st) === null || !takeOver(lock, st)) return { taken: false };
  } catch (err) {
    // Released meanwhile (by lstat, or by the bounded read, which wraps the file system's error as its cause).
    const cause = err instanceof KerbProbeError ? err.cause : err;
    if ((cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') return tryLock(lock, false);
    const why = err instanceof KerbProbeError ? err.message : ((err as NodeJS.ErrnoException).code ?? String(err));
    return { taken: false, blocked: `the stale lock ${lock} cannot be taken over (${why})` };
  }
  return tryLock(lock, false);
}

/** Rotates when the line would take the file past rotateBytes; a lock that cannot be taken is said, not fatal. */
function rotateIfFull(path: string, incoming: number, rotateBytes: number, keep: number): string | null {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return null;
  }
  if (size + incoming <= rotateBytes) return null;
  const lock = `${path}.lock`;
  const got = tryLock(lock);
  // Held by a live writer: it is rotating; append to whichever file is live.
  if (!got.taken) return got.blocked ?? null;
  try {
    // Re-checked under the lock: the writer that held it before may have rotated already.
    if (statSync(path).size + incoming <= rotateBytes) return null;
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
  return null;
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

/**
 * Appends one entry; returns the file's path. Throws HISTORY_UNWRITABLE (the check's verdict stands), or
 * HISTORY_ROTATION_BLOCKED after the line was written when the rotation lock could not be taken.
 */
export function appendHistory(path: string, entry: HistoryEntry, opts: AppendOptions = {}): string {
  const line = Buffer.from(JSON.stringify(HistoryEntrySchema.parse(entry)) + '\n', 'utf8');
  if (line.length > MAX_HISTORY_LINE_BYTES)
    throw new KerbProbeError('HISTORY_LINE_TOO_LONG', `a history line is at most ${MAX_HISTORY_LINE_BYTES} bytes`);
  let blocked: string | null = null;
  try {
    ensureDir(dirname(path));
    blocked = rotateIfFull(
      path,
      line.length,
      opts.rotateBytes ?? HISTORY_ROTATE_BYTES,
      opts.keepRotated ?? HISTORY_KEEP_ROTATED,
    );
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
  // The line is written; the file could not be rotated and grows past its size until someone looks.
  if (blocked)
    throw new KerbProbeError(
      'HISTORY_ROTATION_BLOCKED',
      `the history ${path} is not rotated (the line was written): ${blocked}`,
    );
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
