// `kerbprobe analyze --fleet` and the app's Fleet tab: many users' history files (JSON Lines, rotated
// generations too) and saved reports, folders walked, every file streamed line by line (engine/history/
// read-lines.ts: a few MB whatever the size), counted into one FleetSummary. A file that cannot be read is
// listed, never fatal; a line that is not a history entry is counted as skipped. A big history file is
// counted on two cores when the caller gives the worker bundle (fleet-workers.ts).
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FLEET_MAX_DEPTH, FLEET_MAX_FILES, type FleetQuery, type FleetSummary } from '../../contract/fleet';
import { IPC_ERROR_CODES } from '../../contract/error-codes';
import { KerbProbeError } from '../errors';
import { CATALOG, type CatalogEntry } from '../diagnose/catalog';
import { historyEntry } from '../history/history-entry';
import { readBounded } from '../read-bounded';
import { readReport } from '../report/read-report';
import { fieldsOf } from './fleet-fields';
import { FleetTally, fleetTimeWindow } from './fleet-tally';
import { tallyHistoryParallel, type FleetWorkerOptions } from './fleet-workers';
import { tallyHistory } from './tally-history';

const HISTORY_FILE = /\.jsonl(\.\d+)?$/i;
const REPORT_FILE = /\.json$/i;

function problemOf(err: unknown): string {
  if (err instanceof KerbProbeError) return `${err.message} [${err.code}]`;
  return `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
}

/**
 * The files under the inputs: given files as they are, folders walked for *.jsonl[.N] and *.json; at most
 * FLEET_MAX_FILES (exactly that many are read; one more is FLEET_TOO_MANY_FILES). A folder's entries are typed
 * by readdir itself (no stat per entry: a share of 100,000 files lists in a fraction of a second).
 */
export async function listFleetFiles(inputs: readonly string[], tally: FleetTally): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
      );
    } catch (err) {
      tally.unreadable.push({ path: dir, problem: problemOf(err) });
      return;
    }
    for (const entry of entries) {
      // One past the limit is enough to know the inputs hold too many.
      if (out.length > FLEET_MAX_FILES) return;
      const entryPath = join(dir, entry.name);
      // Symbolic links are not followed: a link cannot loop the walk or lead it outside the folder.
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        if (depth < FLEET_MAX_DEPTH) await walk(entryPath, depth + 1);
      } else if (entry.isFile() && (HISTORY_FILE.test(entry.name) || REPORT_FILE.test(entry.name))) out.push(entryPath);
    }
  };
  for (const input of inputs) {
    const st = await lstat(input).catch((err: unknown) => {
      tally.unreadable.push({ path: input, problem: problemOf(err) });
      return null;
    });
    if (!st) continue;
    if (st.isDirectory()) await walk(input, 0);
    else out.push(input);
    if (out.length > FLEET_MAX_FILES)
      throw new KerbProbeError(
        'FLEET_TOO_MANY_FILES',
        `the fleet view reads at most ${FLEET_MAX_FILES} files; give it fewer folders`,
      );
  }
  return out;
}

async function addReport(path: string, tally: FleetTally): Promise<void> {
  const report = readReport(new TextDecoder().decode(await readBounded(path, 'report')));
  // A saved report names no device: the file stands for the device that saved it.
  const entry = historyEntry(report, { device: basename(path), account: null, subnet: null, os: report.tool.platform });
  const f = fieldsOf(entry);
  tally.reports++;
  tally.add(f, tally.wants(f) ? { path, line: 0, entry } : undefined);
}

/** The summary with the catalogue's headline of each code it names (the tally leaves `titles` empty). */
export function withTitles(summary: FleetSummary): FleetSummary {
  const codes = new Set<string>([
    ...summary.groups.code.map((group) => group.key),
    ...summary.timeline.buckets.flatMap((bucket) => bucket.byCode.map((entry) => entry.code)),
    ...summary.failingNow.map((device) => device.code),
  ]);
  const catalog = CATALOG as Partial<Record<string, CatalogEntry>>;
  const titles: Record<string, string> = {};
  for (const code of [...codes].sort()) {
    const title = catalog[code]?.helpdeskTitle;
    if (title) titles[code] = title;
  }
  return { ...summary, titles };
}

/**
 * The fleet's summary. `opts.workerScript` is the worker bundle beside the caller's own (the CLI and the
 * utility process pass dist/fleet-worker.cjs): a big history file is then counted on two cores.
 */
export async function analyzeFleet(
  inputs: readonly string[],
  query: FleetQuery | null = null,
  opts: FleetWorkerOptions = {},
): Promise<FleetSummary> {
  // The window's future edge needs a clock: the caller's (the CLI's and the app's, through engine-api); without
  // one only its fixed past edge applies.
  const tally = new FleetTally(query, fleetTimeWindow(opts.now ? opts.now() : Infinity));
  const cancelled = () => new KerbProbeError(IPC_ERROR_CODES.cancelled, 'the fleet analysis was cancelled');
  for (const path of await listFleetFiles(inputs, tally)) {
    if (opts.signal?.aborted) throw cancelled();
    tally.files++;
    try {
      if (!HISTORY_FILE.test(path) && REPORT_FILE.test(path)) await addReport(path, tally);
      else if (!(await tallyHistoryParallel(path, tally, query, opts)))
        await tallyHistory(path, tally, undefined, 0, opts.signal ? { signal: opts.signal } : {});
    } catch (err) {
      if (opts.signal?.aborted) throw cancelled();
      tally.unreadable.push({ path, problem: problemOf(err) });
    } finally {
      // Whatever of the file was read: its owner decided, its lines added to its devices'.
      tally.endFile(path);
    }
  }
  return withTitles(tally.summary());
}
