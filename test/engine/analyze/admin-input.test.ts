// An admin report as an input of `analyze`: recognised by its format, validated (a file that is not one is refused
// with ADMIN_REPORT_INVALID), and judged again from its facts — the diagnosis written in the file is not believed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { ADMIN_REPORT_FORMAT, AdminReportSchema, type AdminReport } from '../../../electron/contract/admin';
import { diagnosisFor } from '../../../electron/engine/diagnose/classify';

/** An admin report whose one fact is the principal off (the spec's `None`; ManagedInstanceGet.json's names). */
const REPORT: AdminReport = AdminReportSchema.parse({
  format: ADMIN_REPORT_FORMAT,
  schemaVersion: 1,
  tool: { name: 'kerbprobe', version: '0.1.0' },
  server: 'testinstance.1b4e2caff2530.database.windows.net',
  capturedAt: '2026-12-07T12:00:00.000Z',
  signIn: 'device-code',
  instance: null,
  checks: [
    {
      id: 'service-principal',
      title: "The instance's Kerberos service principal",
      status: 'fail',
      evidence: [],
      missing: null,
      facts: [{ kind: 'admin-principal', instance: 'testinstance', type: 'None', clientId: null }],
      source:
        'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-kerberos-managed-instance',
    },
  ],
  diagnosis: null,
  redacted: false,
});

const analyse = (text: string) => analyzeInputs([{ name: 'admin.json', content: text }], { fallback: 'earliest' });

test('an admin report alone: its facts judged, its capture time the judged time', () => {
  const a = analyse(JSON.stringify(REPORT));
  assert.equal(a.inputs[0]?.kind, 'kerbprobe-admin-report');
  assert.equal(a.inputs[0]?.judgedAt, '2026-12-07T12:00:00.000Z');
  assert.equal(a.diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
});

test("the file's own diagnosis is not believed: a forged one is replaced by what the facts say", () => {
  const forged = { ...REPORT, diagnosis: diagnosisFor('CLOCK_SKEW', ['forged']) };
  assert.equal(analyse(JSON.stringify(forged)).diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
});

test('a file that says it is an admin report but is not one is refused with a stable code', () => {
  assert.throws(() => analyse(`{"format":"${ADMIN_REPORT_FORMAT}","schemaVersion":1}`), {
    code: 'ADMIN_REPORT_INVALID',
  });
  assert.throws(() => analyse(`{"format":"${ADMIN_REPORT_FORMAT}", oops`), { code: 'ADMIN_REPORT_INVALID' });
  const hostile = {
    ...REPORT,
    checks: [{ ...REPORT.checks[0]!, facts: [{ kind: 'admin-principal', instance: 'x' }] }],
  };
  assert.throws(() => analyse(JSON.stringify(hostile)), { code: 'ADMIN_REPORT_INVALID' });
});
