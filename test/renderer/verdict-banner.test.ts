import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTRADICTION_TITLE, verdictBanner } from '../../renderer/src/lib/verdict-banner';
import { DIAGNOSIS_CODES, DIAGNOSIS_HOP, VERDICT_TITLE } from '../../electron/contract/codes';
import { diagnosisFor } from '../../electron/engine/diagnose/classify';
import { reportContradictions } from '../../electron/engine/report/report-consistency';
import { HEALTHY_REPORT, SPN_MISSING_REPORT } from '../e2e/fixtures/reports';
import type { DiagnosisCode } from '../../electron/contract/codes';

const failing = (code: DiagnosisCode) => ({ ...SPN_MISSING_REPORT, diagnosis: diagnosisFor(code, ['evidence']) });

test('the banner follows the hop of the diagnosis code: a refused login is not announced as a Kerberos failure', () => {
  const login = verdictBanner(failing('LOGIN_NOT_MAPPED'));
  assert.equal(login.title, 'Kerberos worked, but the database refused the sign-in');
  assert.match(login.text, /Kerberos worked, but the database has no login for you/);
  assert.equal(verdictBanner(failing('TLS_UNTRUSTED')).title, VERDICT_TITLE.tls);
  assert.equal(verdictBanner(failing('TLS_NAME_MISMATCH')).title, VERDICT_TITLE.tls);
  assert.equal(verdictBanner(failing('SQL_UNREACHABLE')).title, VERDICT_TITLE.network);
  assert.equal(verdictBanner(failing('SPN_UNKNOWN')).title, 'The connection cannot use Kerberos');
  assert.equal(verdictBanner(HEALTHY_REPORT).title, 'Kerberos works end to end');
});

test('no diagnosis whose catalogue title says Kerberos worked sits under a "cannot use Kerberos" headline', () => {
  for (const code of DIAGNOSIS_CODES) {
    const b = verdictBanner(failing(code));
    assert.equal(b.title, VERDICT_TITLE[DIAGNOSIS_HOP[code]], code);
    if (/^Kerberos worked/.test(diagnosisFor(code, []).title)) assert.notEqual(b.title, VERDICT_TITLE.kerberos, code);
    if (code.startsWith('TLS_')) assert.notEqual(b.title, VERDICT_TITLE.kerberos, code);
  }
});

test('a report that contradicts itself gets no verdict: a warning that says so', () => {
  const forged = { ...SPN_MISSING_REPORT, verdict: 'pass' as const };
  const b = verdictBanner(forged, reportContradictions(forged));
  assert.equal(b.intent, 'warning');
  assert.equal(b.title, CONTRADICTION_TITLE);
  assert.doesNotMatch(`${b.title} ${b.text}`, /works end to end|auth_scheme/);
});
