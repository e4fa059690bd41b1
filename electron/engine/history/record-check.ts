// The one call both front doors make after a check (the CLI's `check`, the app's engine-api): the report's
// history line, appended to this user's history file.
import type { HistoryRedactable } from '../../contract/history';
import type { CheckReport } from '../../contract/report';
import { appendHistory } from './history-file';
import { deviceFacts } from './device-facts';
import { historyEntry } from './history-entry';
import { historyPath } from './history-path';

export interface RecordOptions {
  env?: NodeJS.ProcessEnv;
  redactUser?: boolean;
  /** The fields the line leaves out (a config's `historyRedact`). */
  redact?: readonly HistoryRedactable[];
}

/** Appends the check to the history; returns the file's path. Throws HISTORY_UNWRITABLE. */
export function recordCheck(report: CheckReport, opts: RecordOptions = {}): string {
  return appendHistory(
    historyPath(opts.env),
    historyEntry(report, deviceFacts(), {
      redactUser: opts.redactUser,
      ...(opts.redact ? { redact: opts.redact } : {}),
    }),
  );
}
