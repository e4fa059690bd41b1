// After `check`: the report's line in this user's history. A history that cannot be written never changes
// the check's verdict or its stdout (a detection script parses that); it is one warning line on stderr.
import type { CheckReport } from '../contract/report';
import { KerbProbeError } from '../engine/errors';
import { recordCheck } from '../engine/history/record-check';
import type { CliOut } from './program';

export function recordHistory(io: CliOut, report: CheckReport, opts: { redactUser: boolean }): void {
  try {
    recordCheck(report, { redactUser: opts.redactUser });
  } catch (err) {
    const e =
      err instanceof KerbProbeError
        ? err
        : new KerbProbeError(
            'HISTORY_UNWRITABLE',
            `the history could not be written: ${err instanceof Error ? err.message : String(err)}`,
          );
    io.stderr(`kerbprobe: warning: ${e.message} [${e.code}]\n`);
  }
}
