// The check's Windows path against the real lab: the platform context reads Windows' tools (klist answering
// with the lab's real tickets in Windows' layout, a cloud TGT's client realm reading `AzureAD`; dsregcmd,
// cloud_debug and reg missing, as on a machine without them), while the ticket itself comes through the
// native binding of this process. Each scenario must give the code it gives on the MIT path.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../../electron/engine/check/run-check';
import { createRealDeps } from '../../../electron/engine/check/real-deps';
import { labWindowsTools } from '../../../electron/lab/windows/tools';
import { labFor } from '../../lab/lab-helpers';

const CASES: [scenario: string, expected: string | null][] = [
  ['healthy', null],
  ['modern-flow', null],
  ['no-tgt', 'NO_TGT'],
  ['expired-tgt', 'TGT_EXPIRED'],
  ['spn-missing', 'SPN_UNKNOWN'],
  ['no-trust', 'NO_CROSS_REALM_TRUST'],
  ['login-not-mapped', 'LOGIN_NOT_MAPPED'],
  ['kdc-down', 'KDC_UNREACHABLE'],
  ['cloud-kdc-down', 'CLOUD_KDC_UNREACHABLE'],
  ['trust-key-mismatch', 'TRUST_KEY_MISMATCH'],
  ['clock-skew', 'CLOCK_SKEW'],
  ['etype-mismatch', 'ETYPE_UNSUPPORTED'],
  ['service-key-stale', 'SERVICE_KEY_MISMATCH'],
  ['sql-down', 'SQL_UNREACHABLE'],
  ['tls-untrusted', 'TLS_UNTRUSTED'],
  ['redirect', null],
];

describe('the check on the Windows path, scenario by scenario', () => {
  for (const [scenario, expected] of CASES) {
    test(`${scenario} → ${expected ?? 'pass'}`, async () => {
      const lab = await labFor(scenario);
      const { info } = lab;
      const deps = createRealDeps({ env: info.env, platform: 'win32', runTool: labWindowsTools(info) });
      const r = await runCheck({ server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 }, deps);
      assert.equal(r.diagnosis?.code ?? null, expected, JSON.stringify(r.diagnosis ?? r.steps.filter((s) => s.status === 'fail')));
      const env = r.steps.find((s) => s.id === 'environment');
      assert.equal(env?.status, 'warn', 'dsregcmd and the registry are missing here: a warning, never a failure');
      if (scenario === 'modern-flow') {
        const tgt = r.steps.find((s) => s.id === 'tgt');
        assert.equal(tgt?.status, 'pass');
        assert.match(tgt?.detail ?? '', /@AzureAD: krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM@KERBEROS\.MICROSOFTONLINE\.COM.*modern flow/);
        assert.equal(r.chain?.userRealm, 'KERBEROS.MICROSOFTONLINE.COM');
        assert.equal(r.sql?.authScheme, 'KERBEROS');
      }
      if (scenario === 'spn-missing') {
        assert.ok(r.diagnosis?.evidence.some((e) => /klist get MSSQLSvc\/.*substatus 0x6fb/.test(e)), `klist get's substatus is evidence: ${JSON.stringify(r.diagnosis?.evidence)}`);
      }
      if (scenario === 'healthy') {
        assert.equal(r.steps.find((s) => s.id === 'referral')?.status, 'pass', 'the referral the binding obtained is listed by the Windows klist');
      }
    });
  }
});
