// The device checks' facts as diagnose/ reads them: each finding's code, and the rule that a setting becomes the
// diagnosis only when it explains every failure a step saw — across steps, since the setting is read in one step
// and the failure seen in another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEvidence } from '../../../electron/engine/diagnose/classify';
import { diagnoseCheck } from '../../../electron/engine/diagnose/diagnose-check';
import { judgeFact as judgeWindowsFact, type WindowsFact } from '../../../electron/engine/diagnose/registry';
import type { Evidence } from '../../../electron/engine/diagnose/evidence';

const route = (over: Partial<Extract<WindowsFact, { kind: 'realm-route' }>> = {}): WindowsFact => ({
  kind: 'realm-route',
  host: 'mi.public.abc.database.windows.net',
  port: 3342,
  topLevelNames: ['.windows.net', '.windows.net:1433'],
  coveredHost: true,
  coveredPort: false,
  mapping: null,
  expectedRealm: 'KERBEROS.MICROSOFTONLINE.COM',
  userRealm: 'CONTOSO.COM',
  ...over,
});
const spnUnknown: Evidence = {
  kind: 'klist-substatus',
  hex: '0x6fb',
  target: 'MSSQLSvc/mi.public.abc.database.windows.net:3342',
  userRealm: 'CONTOSO.COM',
};
const proxyDown: Evidence = {
  kind: 'socket',
  code: 'refused',
  stage: 'kdc-proxy',
  host: 'login.microsoftonline.com',
  port: 443,
};

test('a port missing from KerbTopLevelNames explains the 0x6fb that follows, and says so first', () => {
  const a = analyzeEvidence([spnUnknown, route()]);
  assert.equal(a.diagnosis?.code, 'KERB_TOP_LEVEL_NAME_MISSING');
  assert.match(a.diagnosis.evidence[0]!, /do not cover|but not port 3342.*the request goes to CONTOSO\.COM/);
  assert.ok(
    a.diagnosis.evidence.some((l) => /also seen \(SPN_UNKNOWN\)/.test(l)),
    'the symptom stays in the evidence',
  );
  // Covered: the 0x6fb is the SPN itself.
  assert.equal(analyzeEvidence([spnUnknown, route({ coveredPort: true })]).diagnosis?.code, 'SPN_UNKNOWN');
  // A setting alone is no failure.
  assert.equal(analyzeEvidence([route()]).diagnosis, null);
});

test('a setting explains a step only when it explains every failure of it', () => {
  const leftover: WindowsFact = { kind: 'proxy-leftover', entries: ['StaticProxy = http=127.0.0.1:8888'] };
  assert.equal(analyzeEvidence([proxyDown, leftover]).diagnosis?.code, 'FIDDLER_PROXY_LEFTOVER');
  // A clock beyond tolerance is not explained by a proxy: the root-cause order decides.
  assert.equal(
    analyzeEvidence([proxyDown, { kind: 'clock', skewSeconds: 900, against: 'kdc' }, leftover]).diagnosis?.code,
    'CLOCK_SKEW',
  );
});

test('the device facts are read with every step: a session fact in the device step explains the missing TGT', () => {
  const session: WindowsFact = {
    kind: 'session',
    interactive: false,
    elevated: false,
    logon: ['service'],
    integrity: 'system',
  };
  const d = diagnoseCheck([
    { step: 'device', evidence: [session] },
    { step: 'tgt', evidence: [{ kind: 'tgt', state: 'missing' }] },
  ]);
  assert.equal(d?.code, 'SESSION_NOT_INTERACTIVE');
  assert.equal(diagnoseCheck([{ step: 'device', evidence: [session] }]), null, 'no failure, no diagnosis');
});

test('with a cloud TGT in use, the on-premises KDC is not blamed', () => {
  const flow: WindowsFact = {
    kind: 'windows-flow',
    using: 'modern',
    modernPossible: true,
    trustPossible: true,
    reasons: [],
    buildBlocks: false,
  };
  const kdc: Evidence = { kind: 'socket', code: 'refused', stage: 'kdc', realm: 'CONTOSO.COM' };
  assert.equal(diagnoseCheck([{ step: 'kdc-user', evidence: [kdc] }])?.code, 'KDC_UNREACHABLE');
  assert.equal(
    diagnoseCheck([
      { step: 'device', evidence: [flow] },
      { step: 'kdc-user', evidence: [kdc] },
    ]),
    null,
  );
});

test('each fact is judged on its own: codes and severities', () => {
  const now = '2026-06-01T12:00:00.000Z';
  const j = (f: WindowsFact) => {
    const r = judgeWindowsFact(f);
    return r ? `${r.code}:${r.severity}` : null;
  };
  assert.equal(
    j({ kind: 'cloud-tgt-age', start: '2026-06-01T02:30:00Z', end: '2026-06-01T12:30:00Z', now }),
    'CLOUD_TGT_EXPIRING:warn',
  );
  assert.equal(j({ kind: 'cloud-tgt-age', start: '2026-06-01T08:00:00Z', end: '2026-06-01T18:00:00Z', now }), null);
  assert.equal(
    j({ kind: 'cloud-tgt-age', start: '2026-06-01T01:00:00Z', end: '2026-06-01T11:00:00Z', now }),
    'TGT_EXPIRED:error',
  );
  assert.equal(
    j({ kind: 'session', interactive: true, elevated: true, logon: ['interactive'], integrity: 'high' }),
    'SESSION_ELEVATED:warn',
  );
  assert.equal(
    j({
      kind: 'session',
      interactive: true,
      elevated: false,
      logon: ['interactive'],
      integrity: 'medium',
      prt: false,
      entraOnly: true,
    }),
    'SESSION_WITHOUT_PRT:warn',
  );
  assert.equal(
    j({
      kind: 'session',
      interactive: true,
      elevated: false,
      logon: ['interactive'],
      integrity: 'medium',
      prt: false,
      entraOnly: false,
    }),
    null,
    'a domain account gets its TGT from a DC',
  );
  assert.equal(
    j({ kind: 'windows-build', build: 18363, ubr: 1, server: false, label: 'Windows 10', modern: false, trust: true }),
    'WINDOWS_BUILD_UNSUPPORTED:info',
  );
  assert.equal(
    j({
      kind: 'windows-flow',
      using: null,
      modernPossible: false,
      trustPossible: false,
      reasons: [],
      buildBlocks: true,
    }),
    'WINDOWS_BUILD_UNSUPPORTED:error',
  );
  assert.equal(
    j(route({ mapping: { realm: 'CONTOSO.COM', entry: '.windows.net', key: 'HostToRealm\\CONTOSO.COM' } })),
    'HOST_REALM_MAPPING_WRONG:warn',
  );
  assert.equal(
    j({
      kind: 'kdc-proxy-config',
      enabled: true,
      urls: ['https://login.microsoftonline.com/a/kerberos'],
      policyTenant: 'a',
      deviceTenant: 'b',
    }),
    'KDC_PROXY_TENANT_MISMATCH:warn',
  );
  assert.equal(
    j({
      kind: 'kdc-proxy-config',
      enabled: false,
      urls: ['https://login.microsoftonline.com/a/kerberos'],
      policyTenant: 'a',
      deviceTenant: 'a',
    }),
    'KDC_PROXY_POLICY_DISABLED:warn',
  );
  assert.equal(
    j({
      kind: 'kdc-proxy-cert',
      url: 'https://login.microsoftonline.com/a/kerberos',
      subject: 'CN=login.microsoftonline.com',
      issuer: 'CN=Zscaler Intermediate Root CA, O=Zscaler Inc.',
      chain: ['CN=Zscaler Intermediate Root CA, O=Zscaler Inc.'],
      trusted: true,
      expectedIssuer: false,
    }),
    'KDC_PROXY_TLS_INSPECTION:warn',
  );
  assert.equal(j({ kind: 'service-state', service: 'iphlpsvc', state: 'not-installed' }), 'PROXY_SERVICE_STOPPED:warn');
  assert.equal(j({ kind: 'credential-guard', config: 'on', source: 'lsa' }), 'CREDENTIAL_GUARD_ON:info');
  assert.equal(
    j({
      kind: 'winhttp-proxy',
      direct: false,
      servers: [{ server: '127.0.0.1:8888', reachable: false, detail: 'refused' }],
    }),
    'WINHTTP_PROXY_UNREACHABLE:warn',
  );
});
