// The fleet view's worker thread (bundled alone as dist/fleet-worker.cjs): counts one byte range of a
// history file and posts the tally's plain data back (fleet-workers.ts merges it). A failure rejects, which
// ends the thread with an 'error' event: the caller then counts that range itself.
import { parentPort, workerData } from 'node:worker_threads';
import { FleetTally } from './fleet-tally';
import { tallyHistory } from './tally-history';
import type { RangeJob } from './fleet-workers';

const job = workerData as RangeJob;
const tally = new FleetTally(job.query, job.window);
void tallyHistory(job.path, tally, job.range).then((lines) => {
  const part = tally.part(lines);
  // The devices' rows are handed over, not copied (a fleet of 200,000 devices: 25 MB).
  parentPort!.postMessage(part, [part.deviceStates.buffer as ArrayBuffer]);
});
