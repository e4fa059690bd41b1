// The reference the fast paths are held to: every line of every file through JSON.parse and the contract's
// schema (the way a line the scanner cannot vouch for goes), counted into a tally by its strings, one
// file after another in one pass — no scanner, no bytes, no worker.
import type { FleetQuery, FleetSummary } from '../../../electron/contract/fleet';
import { MAX_HISTORY_LINE_BYTES } from '../../../electron/contract/history';
import { withTitles } from '../../../electron/engine/fleet/analyze-fleet';
import { fieldsOf } from '../../../electron/engine/fleet/fleet-fields';
import { FleetTally } from '../../../electron/engine/fleet/fleet-tally';
import { parseHistoryLine } from '../../../electron/engine/history/history-file';
import { readLines } from '../../../electron/engine/history/read-lines';

export async function fleetBySchema(paths: readonly string[], query: FleetQuery | null = null): Promise<FleetSummary> {
  const tally = new FleetTally(query);
  for (const path of paths) {
    tally.files++;
    for await (const batch of readLines(path, { maxLineBytes: MAX_HISTORY_LINE_BYTES })) {
      for (const ev of batch) {
        if (ev.kind === 'too-long' || (ev.kind === 'torn' && ev.text === null)) {
          tally.skipped++;
          continue;
        }
        if (ev.text === '') continue;
        const entry = parseHistoryLine(ev.text!);
        if (!entry) {
          tally.skipped++;
          continue;
        }
        const f = fieldsOf(entry);
        tally.add(f, tally.wants(f) ? { path, line: ev.lineNo, entry } : undefined);
      }
    }
    tally.endFile(path);
  }
  return withTitles(tally.summary());
}
