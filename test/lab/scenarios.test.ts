import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDiagnosisCode } from '../../electron/contract/codes';
import { KerbProbeError } from '../../electron/engine/errors';
import { getScenario, listScenarios } from '../../electron/lab/scenarios';

// Issue 2 (Kerberos) and issue 3 (SQL) name these; the registry must hold exactly them.
const ISSUE_2 = [
  'healthy',
  'modern-flow',
  'no-tgt',
  'expired-tgt',
  'kdc-down',
  'kdc-blackhole',
  'cloud-kdc-down',
  'no-trust',
  'trust-key-mismatch',
  'spn-missing',
  'clock-skew',
  'etype-mismatch',
  'kdc-proxy',
  'kdc-proxy-down',
];
// Issue 13: the device checks' scenario the lab can reproduce (the rest are Windows-matrix variants).
const ISSUE_13 = ['kdc-proxy-inspected'];
// Issue 24: the instance's and the tenant's side (the Azure emulator), paired with the user's Kerberos view.
const ISSUE_24 = ['conditional-access', 'admin-no-policy-read', 'admin-no-reader'];
const ISSUE_3 = [
  'sql-down',
  'sql-blackhole',
  'login-not-mapped',
  'service-key-stale',
  'tls-untrusted',
  'tls-name-mismatch',
  'redirect',
  'redirect-blocked',
];

test('the registry holds every scenario of both lab issues, once', () => {
  const names = listScenarios().map((s) => s.name);
  assert.deepEqual([...names].sort(), [...ISSUE_2, ...ISSUE_3, ...ISSUE_13, ...ISSUE_24].sort());
  assert.equal(new Set(names).size, names.length);
});

test('every expected code is a stable diagnosis code; pass scenarios are exactly the healthy paths', () => {
  for (const s of listScenarios()) {
    if (s.expectedCode !== null) assert.ok(isDiagnosisCode(s.expectedCode), `${s.name}: ${s.expectedCode}`);
    assert.ok(s.summary.length > 10 && !s.summary.includes('\n'), `${s.name} has a one-line summary`);
  }
  const passing = listScenarios()
    .filter((s) => s.expectedCode === null)
    .map((s) => s.name);
  // The permission scenarios are healthy for the user: only the helpdesk's admin view lacks a permission.
  assert.deepEqual(passing, [
    'healthy',
    'modern-flow',
    'kdc-proxy',
    'redirect',
    'admin-no-policy-read',
    'admin-no-reader',
  ]);
});

test('facets are consistent with the expected diagnosis', () => {
  for (const s of listScenarios()) {
    if (s.user === 'none') assert.equal(s.tgt, 'absent', s.name);
    if (s.tgt === 'absent') assert.equal(s.expectedCode, 'NO_TGT', s.name);
    if (s.sql) assert.equal(s.user, 'trust', `${s.name}: SQL scenarios run with a working trust-flow user`);
  }
  assert.equal(getScenario('modern-flow').user, 'cloud');
  assert.equal(getScenario('clock-skew').cloudKdc, 'skewed');
  assert.equal(getScenario('service-key-stale').spn, 'stale-keytab');
  assert.equal(getScenario('redirect-blocked').sql, 'redirect-blocked');
  // Both ends of the paired scenarios (issue 24).
  assert.equal(getScenario('spn-missing').tenant?.servicePrincipal, 'None');
  assert.equal(getScenario('redirect-blocked').tenant?.proxyOverride, 'Redirect');
  assert.equal(getScenario('conditional-access').serviceTicket, 'policy-refused');
  assert.equal(getScenario('conditional-access').tenant?.conditionalAccess, 'block-all-apps');
});

test('an unknown scenario is a typed error', () => {
  assert.throws(
    () => getScenario('nope'),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_SCENARIO_UNKNOWN',
  );
});
