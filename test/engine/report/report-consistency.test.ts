import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckReport } from '../../../electron/contract/report';
import { reportContradictions } from '../../../electron/engine/report/report-consistency';
import { diagnosisFor } from '../../../electron/engine/diagnose/classify';
import { failingReport, passingReport } from './sample-report';

const kinds = (r: CheckReport) => reportContradictions(r).map((c) => c.kind);

test('a report the check wrote agrees with itself', () => {
  assert.deepEqual(kinds(passingReport()), []);
  assert.deepEqual(kinds(failingReport()), []);
});

test('"pass" with a failed step, a diagnosis and no SQL session is three contradictions', () => {
  const r: CheckReport = { ...failingReport(), verdict: 'pass' };
  assert.deepEqual(kinds(r), ['pass-with-failed-step', 'pass-with-diagnosis', 'pass-without-sql-session']);
});

test('"fail" without a diagnosis; a diagnosis no step supports; a SQL session whose login step failed', () => {
  assert.deepEqual(kinds({ ...failingReport(), diagnosis: null }), ['fail-without-diagnosis']);
  assert.deepEqual(kinds({ ...passingReport(), verdict: 'fail', diagnosis: diagnosisFor('CLOCK_SKEW', []) }), [
    'diagnosis-without-failed-step',
  ]);
  const p = passingReport();
  const r: CheckReport = { ...failingReport(), sql: p.sql };
  assert.deepEqual(kinds(r), ['sql-session-without-login-step']);
});
