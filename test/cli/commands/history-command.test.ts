// `kerbprobe history`: the path and the newest entries, as text (neutralised) and as JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../electron/cli/program';
import { CheckReportSchema } from '../../../electron/contract/report';
import { HistoryEntrySchema } from '../../../electron/contract/history';
import { appendHistory } from '../../../electron/engine/history/history-file';
import { historyEntry } from '../../../electron/engine/history/history-entry';
import { captureIo } from '../capture-io';

const fixtures = fileURLToPath(new URL('../../fixtures/fleet/lab-reports/', import.meta.url));
const report = (name: string) => CheckReportSchema.parse(JSON.parse(readFileSync(fixtures + name, 'utf8')));
const facts = (device: string) => ({ device, account: null, subnet: '10.0.0.0/24', os: 'win32 10.0.22631' });

function historyFile(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-cli-history-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'history.jsonl');
  appendHistory(file, historyEntry(report('healthy.json'), facts('PC-1')));
  appendHistory(file, historyEntry(report('spn-missing.json'), facts('PC-2\x1b[2J')));
  appendFileSync(file, '{"torn":');
  return file;
}

test('history --json: the path, the entries (schema-valid) and what was skipped', async (t) => {
  const file = historyFile(t);
  const io = captureIo();
  assert.equal(await runCli(['history', '--file', file, '--json'], io), 0);
  const doc = JSON.parse(io.out) as { path: string; entries: unknown[]; skipped: number; torn: boolean };
  assert.equal(doc.path, file);
  assert.equal(doc.entries.length, 2);
  for (const e of doc.entries) HistoryEntrySchema.parse(e);
  assert.equal(doc.skipped, 1);
  assert.equal(doc.torn, true);
});

test('history prints the path and one line per check, outside text neutralised', async (t) => {
  const file = historyFile(t);
  const io = captureIo();
  assert.equal(await runCli(['history', '--file', file], io), 0);
  assert.match(io.out, new RegExp(`^history: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
  assert.match(io.out, /PASS/);
  assert.match(io.out, /FAIL SPN_UNKNOWN/);
  assert.ok(!io.out.includes('\x1b'), 'no escape sequence reaches the terminal');
  assert.match(io.out, /cut off mid-write/);
});

test('KERBPROBE_HISTORY names the file; a missing file is an empty history; a bad limit: usage error', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-cli-history-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const prev = process.env.KERBPROBE_HISTORY;
  process.env.KERBPROBE_HISTORY = join(dir, 'none.jsonl');
  t.after(() => {
    if (prev === undefined) delete process.env.KERBPROBE_HISTORY;
    else process.env.KERBPROBE_HISTORY = prev;
  });
  const io = captureIo();
  assert.equal(await runCli(['history'], io), 0);
  assert.match(io.out, /none\.jsonl\n {2}\(no checks recorded yet\)/);
  const bad = captureIo();
  assert.equal(await runCli(['history', '--limit', '0'], bad), 2);
  assert.match(bad.err, /limit must be a whole number/);
});
