// test-results/reliability.json: the measured figures of the reliability and security tests, one
// section per test file. Test files run in parallel processes, so each update takes a lock directory
// (mkdir is atomic) and rewrites the file through a rename: no section is ever lost or half-written.
import { mkdirSync, readFileSync, renameSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
export const RELIABILITY_JSON = join(RESULTS_DIR, 'reliability.json');
const LOCK = join(RESULTS_DIR, '.reliability.lock');
/** A lock older than this was left by a killed process. */
const STALE_LOCK_MS = 30_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(fn: () => T): T {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > STALE_LOCK_MS) rmdirSync(LOCK);
      } catch {
        /* gone already */
      }
      if (attempt > 400) throw new Error(`could not lock ${LOCK}`);
      sleep(25);
    }
  }
  try {
    return fn();
  } finally {
    rmdirSync(LOCK);
  }
}

/** Replaces one section of reliability.json, keeping the others; stamps when it was measured. */
export function recordReliability(section: string, figures: unknown): void {
  withLock(() => {
    let doc: Record<string, unknown> = {};
    try {
      doc = JSON.parse(readFileSync(RELIABILITY_JSON, 'utf8')) as Record<string, unknown>;
    } catch {
      /* first writer */
    }
    doc[section] = { measuredAt: new Date().toISOString(), ...(figures as object) };
    const tmp = `${RELIABILITY_JSON}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(doc, null, 2) + '\n');
    renameSync(tmp, RELIABILITY_JSON);
  });
}
