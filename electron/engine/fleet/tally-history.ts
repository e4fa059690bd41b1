// One history file's lines (or a byte range of them) counted into a tally: what analyze-fleet.ts does with
// each history file in-process and what a fleet worker does with its range (fleet-worker.ts). Each line
// goes the fast reader's way (fleet-scan.ts: its bytes, no string); a line the reader cannot vouch for,
// and one the drill-down shows in full, goes the schema's.
import { MAX_HISTORY_LINE_BYTES } from '../../contract/history';
import { parseHistoryLine } from '../history/history-file';
import { visitLines, type FileBounds, type LineRange, type LineVisitor } from '../history/read-lines';
import { fieldsOf } from './fleet-fields';
import { ScannedLine, scanLine } from './fleet-scan';
import type { FleetTally } from './fleet-tally';

/**
 * Counts the lines into the tally; answers how many lines were read. A range's lines are numbered from its
 * start; `lineOffset` (the lines before the range, when known) makes the drill-down's line numbers the file's.
 */
export async function tallyHistory(
  path: string,
  tally: FleetTally,
  range?: LineRange,
  lineOffset = 0,
  bounds: FileBounds = {},
): Promise<number> {
  const scanned = new ScannedLine();
  let lines = 0;
  const bySchema = (text: string, lineNo: number) => {
    const entry = parseHistoryLine(text);
    if (!entry) {
      tally.skipped++;
      return;
    }
    const fields = fieldsOf(entry);
    tally.add(fields, tally.wants(fields) ? { path, line: lineNo + lineOffset, entry } : undefined);
  };
  const visitor: LineVisitor = {
    line(bytes, start, end, lineNo) {
      lines = lineNo;
      if (start === end) return; // an empty line is no entry and no damage: not counted as skipped
      if (scanLine(bytes, start, end, scanned) && !(tally.drilling && tally.wantsScanned(bytes, scanned)))
        tally.addScanned(bytes, scanned);
      else bySchema(bytes.toString('utf8', start, end), lineNo);
    },
    tooLong(lineNo) {
      lines = lineNo;
      tally.skipped++;
    },
  };
  for await (const _ of visitLines(
    path,
    { maxLineBytes: MAX_HISTORY_LINE_BYTES, bounds, ...(range ? { range } : {}) },
    visitor,
  )) {
    /* the visitor counts */
  }
  return lines;
}
