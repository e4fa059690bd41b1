// `kerbprobe analyze --fleet` and the app's Fleet tab: many users' history files (JSON Lines, rotated
// generations too) and saved reports, folders walked, every file streamed line by line (engine/history/
// read-lines.ts: a few MB whatever the size), counted into one FleetSummary. A file that cannot be read is
// listed, never fatal; a line that is not a history entry is counted as skipped.
import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { FLEET_MAX_DEPTH, FLEET_MAX_FILES, type FleetQuery, type FleetSummary } from '../../contract/fleet';
import { MAX_HISTORY_LINE_BYTES } from '../../contract/history';
import { KerbProbeError } from '../errors';
import { parseHistoryLine } from '../history/history-file';
import { historyEntry } from '../history/history-entry';
import { visitLines, type LineRange, type LineVisitor } from '../history/read-lines';
import { readBounded } from '../read-bounded';
import { readReport } from '../report/read-report';
import { fieldsOf } from './fleet-fields';
import { ScannedLine, scanLine } from './fleet-scan';
import { FleetTally } from './fleet-tally';

const HISTORY_FILE = /\.jsonl(\.\d+)?$/i;
const REPORT_FILE = /\.json$/i;

function problemOf(err: unknown): string {
  if (err instanceof KerbProbeError) return `${err.message} [${err.code}]`;
  return `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
}

/** The files under the inputs: given files as they are, folders walked for *.jsonl[.N] and *.json. */
async function collect(inputs: readonly string[], tally: FleetTally): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let names: string[];
    try { names = (await readdir(dir)).sort(); } catch (err) { tally.unreadable.push({ path: dir, problem: problemOf(err) }); return; }
    for (const name of names) {
      if (out.length >= FLEET_MAX_FILES) return;
      const p = join(dir, name);
      const st = await lstat(p).catch(() => null);
      // Symbolic links are not followed: a link cannot loop the walk or lead it outside the folder.
      if (!st || st.isSymbolicLink()) continue;
      if (st.isDirectory()) { if (depth < FLEET_MAX_DEPTH) await walk(p, depth + 1); }
      else if (st.isFile() && (HISTORY_FILE.test(name) || REPORT_FILE.test(name))) out.push(p);
    }
  };
  for (const input of inputs) {
    const st = await lstat(input).catch((err: unknown) => { tally.unreadable.push({ path: input, problem: problemOf(err) }); return null; });
    if (!st) continue;
    if (st.isDirectory()) await walk(input, 0);
    else out.push(input);
    if (out.length >= FLEET_MAX_FILES) throw new KerbProbeError('FLEET_TOO_MANY_FILES', `the fleet view reads at most ${FLEET_MAX_FILES} files; give it fewer folders`);
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

/**
 * Counts a history file's lines (or a byte range's: line numbers count from its start) into the tally and
 * answers how many lines it read. Each line goes the fast reader's way (fleet-scan.ts: its bytes, no
 * string); a line it cannot vouch for, and one the drill-down shows in full, the schema's.
 */
export async function tallyHistory(path: string, tally: FleetTally, range?: LineRange): Promise<number> {
  const scanned = new ScannedLine();
  let lines = 0;
  const bySchema = (text: string, lineNo: number) => {
    const entry = parseHistoryLine(text);
    if (!entry) { tally.skipped++; return; }
    const f = fieldsOf(entry);
    tally.add(f, tally.wants(f) ? { path, line: lineNo, entry } : undefined);
  };
  const visitor: LineVisitor = {
    line(b, start, end, lineNo) {
      lines = lineNo;
      if (start === end) return;
      if (scanLine(b, start, end, scanned) && !(tally.drilling && tally.wantsScanned(b, scanned))) tally.addScanned(b, scanned);
      else bySchema(b.toString('utf8', start, end), lineNo);
    },
    tooLong(lineNo) { lines = lineNo; tally.skipped++; },
  };
  for await (const _ of visitLines(path, { maxLineBytes: MAX_HISTORY_LINE_BYTES, ...(range ? { range } : {}) }, visitor)) { /* counted by the visitor */ }
  return lines;
}

export async function analyzeFleet(inputs: readonly string[], query: FleetQuery | null = null): Promise<FleetSummary> {
  const tally = new FleetTally(query);
  for (const path of await collect(inputs, tally)) {
    tally.files++;
    try {
      if (HISTORY_FILE.test(path) || !REPORT_FILE.test(path)) await tallyHistory(path, tally);
      else await addReport(path, tally);
    } catch (err) {
      tally.unreadable.push({ path, problem: problemOf(err) });
    }
  }
  return tally.summary();
}
