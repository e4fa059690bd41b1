// A big history file counted on two cores: the file is cut at a newline past its middle, a worker thread
// (fleet-worker.ts, its own small bundle) counts the second part while this thread counts the first, and
// the two tallies are merged (fleet-tally.ts: exact, the drill-down's line numbers offset by the first
// part's lines). Whenever a merge cannot give exactly what one pass would — the worker failed or ran out
// of its memory limit, its part reached a cap — this thread counts the worker's part itself; with no
// worker script beside the bundle, or a small file, the caller counts the file in one pass.
import { existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FleetQuery } from '../../contract/fleet';
import { MAX_INPUT_BYTES } from '../../contract/limits';
import { nonBlockingReadFlags } from '../read-bounded';
import type { LineRange } from '../history/read-lines';
import type { FleetTally, TallyPart, TimeWindow } from './fleet-tally';
import { tallyHistory } from './tally-history';

/** The worker bundle's file name, beside the CLI's and the utility process's bundles in dist/. */
const FLEET_WORKER_FILE = 'fleet-worker.cjs';

/**
 * The worker bundle beside the bundle this code runs in (the CLI's, the utility process's: `__dirname`
 * is the bundle's folder); null when running from the TypeScript sources (tsx: no `__dirname`, one pass).
 */
export function fleetWorkerBesideBundle(): string | null {
  return typeof __dirname === 'string' ? join(__dirname, FLEET_WORKER_FILE) : null;
}

export interface RangeJob {
  path: string;
  range: LineRange;
  query: FleetQuery | null;
  /** The caller's sane window of times (fleet-tally.ts), so the worker refuses what the caller would. */
  window: TimeWindow;
}

export interface FleetWorkerOptions {
  /** The worker bundle (dist/fleet-worker.cjs beside the caller's bundle); none: one pass in-process. */
  workerScript?: string | null;
  /** Files smaller than this are counted in one pass (a worker's start costs more than it saves). */
  parallelMinBytes?: number;
  /** Stops the count between chunks (the app's Cancel): the analysis rejects with CANCELLED. */
  signal?: AbortSignal;
  /** The reader's clock (ms since the epoch) for the sane window's future edge; none: no future edge. */
  now?: () => number;
}

/** Below this a worker's start-up (~100 ms: a thread and its bundle) outweighs half the file's count. */
const PARALLEL_MIN_BYTES = 32 << 20;
/**
 * Where the file is cut: this thread starts counting at once, the worker ~100 ms later (a thread and its
 * bundle to start), so the worker gets the smaller share and both finish together (measured on a million
 * lines: an even cut left this thread waiting ~100 ms).
 */
const LOCAL_SHARE = 0.55;
/** The worker's heap; counting holds only the tally, so this bounds a hostile file's cost, not a real one's. */
const WORKER_HEAP_MB = 48;

/** The offset just after the first newline at or past `from`, or -1 when the file has none there. */
async function lineStartAfter(path: string, from: number, size: number): Promise<number> {
  const fh = await open(path, nonBlockingReadFlags());
  try {
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let pos = from; pos < size; pos += buf.length) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
      if (bytesRead === 0) break;
      const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (nl >= 0) return pos + nl + 1;
    }
    return -1;
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function runWorker(script: string, job: RangeJob): { part: Promise<TallyPart>; stop: () => void } {
  const worker = new Worker(script, {
    workerData: job,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 2 },
  });
  const part = new Promise<TallyPart>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the fleet worker exited (${code})`)));
  });
  part.catch(() => undefined);
  return {
    part,
    stop: () => {
      void worker.terminate();
    },
  };
}

/**
 * Counts the history file on two threads into the tally; false: nothing was counted (too small, no
 * worker), count it in one pass. This thread counts the first part straight into the tally, as one pass
 * would; the worker's part is merged after it, or, when the worker failed or its part reached a cap,
 * this thread counts that part too.
 */
export async function tallyHistoryParallel(
  path: string,
  tally: FleetTally,
  query: FleetQuery | null,
  opts: FleetWorkerOptions,
): Promise<boolean> {
  const script = opts.workerScript;
  if (!script || !existsSync(script)) return false;
  // A file that cannot be stat'ed, is not a regular file or is over the limit is left to the one pass, which
  // says why it cannot be read.
  const size = await stat(path).then(
    (st) => (st.isFile() && st.size <= MAX_INPUT_BYTES.history ? st.size : 0),
    () => 0,
  );
  if (size < (opts.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return false;
  const cut = await lineStartAfter(path, Math.floor(size * LOCAL_SHARE), size);
  if (cut <= 0 || cut >= size) return false;
  const remote = runWorker(script, { path, range: { start: cut, end: size }, query, window: tally.timeWindow });
  try {
    const bounds = opts.signal ? { signal: opts.signal } : {};
    const lines = await tallyHistory(path, tally, { start: 0, end: cut }, 0, bounds);
    const second = await remote.part.catch(() => null);
    if (second && !second.refused) tally.merge(second, lines);
    else await tallyHistory(path, tally, { start: cut, end: Infinity }, lines, bounds);
    return true;
  } finally {
    remote.stop();
  }
}
