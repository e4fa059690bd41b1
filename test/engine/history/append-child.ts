// A writer process for the concurrency tests: appends history entries (the real appendHistory) built from a
// real lab report. argv: FILE TAG COUNT [ROTATE_BYTES]; COUNT 0 = until killed. Prints "ready" once it has
// written its first line, so a test kills it mid-stream, not before it started.
import { readFileSync } from 'node:fs';
import { CheckReportSchema } from '../../../electron/contract/report';
import { appendHistory } from '../../../electron/engine/history/history-file';
import { historyEntry } from '../../../electron/engine/history/history-entry';

const [file, tag, countArg, rotateArg] = process.argv.slice(2);
const report = CheckReportSchema.parse(
  JSON.parse(readFileSync(new URL('../../fixtures/fleet/lab-reports/spn-missing.json', import.meta.url), 'utf8')),
);
const count = Number(countArg);
const opts = rotateArg ? { rotateBytes: Number(rotateArg) } : {};
for (let i = 0; count === 0 || i < count; i++) {
  appendHistory(
    file!,
    historyEntry(report, { device: `${tag}-${i}`, account: null, subnet: '10.0.0.0/24', os: 'linux test' }, {}),
    opts,
  );
  if (i === 0) process.stdout.write('ready\n');
}
