import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KerbProbeError } from '../../../electron/engine/errors';
import { readReport } from '../../../electron/engine/report/read-report';
import { reportFormatFromPath, writeReport } from '../../../electron/engine/report/write-report';
import { failingReport } from './sample-report';

async function rejectsWith(p: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => err instanceof KerbProbeError && err.code === code);
}

test('the format follows the extension; an unknown extension is a typed error', () => {
  assert.equal(reportFormatFromPath('x/Report.HTML'), 'html');
  assert.equal(reportFormatFromPath('r.htm'), 'html');
  assert.equal(reportFormatFromPath('r.md'), 'md');
  assert.equal(reportFormatFromPath('r.json'), 'json');
  assert.throws(
    () => reportFormatFromPath('r.txt'),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'REPORT_FORMAT_UNKNOWN',
  );
});

test('writes each format, never overwrites unless asked, leaves no temp files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-report-'));
  try {
    const r = failingReport();
    for (const name of ['r.json', 'r.md', 'r.html'])
      assert.equal(await writeReport(join(dir, name), r), name.split('.')[1]);
    assert.deepEqual(readReport(readFileSync(join(dir, 'r.json'), 'utf8')), r);
    assert.match(readFileSync(join(dir, 'r.md'), 'utf8'), /^## KerbProbe: FAIL/);
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /^<!doctype html>/);

    writeFileSync(join(dir, 'mine.html'), 'precious');
    await rejectsWith(writeReport(join(dir, 'mine.html'), r), 'REPORT_EXISTS');
    assert.equal(readFileSync(join(dir, 'mine.html'), 'utf8'), 'precious', 'untouched');
    await writeReport(join(dir, 'mine.html'), r, { overwrite: true });
    assert.match(readFileSync(join(dir, 'mine.html'), 'utf8'), /^<!doctype html>/);

    await rejectsWith(writeReport(join(dir, 'missing', 'r.json'), r), 'REPORT_WRITE_FAILED');
    await rejectsWith(writeReport(join(dir, 'bad.json'), { ...r, verdict: 'maybe' } as never), 'REPORT_INVALID');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.endsWith('.tmp')),
      [],
      'no temp files left',
    );
    assert.ok(!readdirSync(dir).includes('bad.json'), 'nothing written for an invalid report');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('concurrent writers to the same name: exactly one wins, the others get REPORT_EXISTS', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-report-'));
  try {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => writeReport(join(dir, 'same.json'), failingReport())),
    );
    assert.equal(results.filter((x) => x.status === 'fulfilled').length, 1);
    for (const x of results)
      if (x.status === 'rejected') assert.equal((x.reason as KerbProbeError).code, 'REPORT_EXISTS');
    readReport(readFileSync(join(dir, 'same.json'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
