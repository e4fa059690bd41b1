// The check's Windows path against the real lab, every scenario: the platform context reads Windows' tools
// — `klist` answering with the lab's real tickets in Windows' layout (a cloud TGT's client realm reads
// `AzureAD`), `klist get` making a real TGS exchange and printing Microsoft's documented substatus —, with
// dsregcmd, cloud_debug and the policy values of the lab's hybrid-joined device; the ticket itself comes through the
// native binding of this process (MIT here; SSPI's own calls run in the Windows lane under Wine). Each
// scenario must give the code it gives on the MIT path, or a difference written down here with its reason.
// Writes the Windows matrix to test-results/fault-matrix-windows.md.
import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheck } from '../../../electron/engine/check/run-check';
import { createRealDeps } from '../../../electron/engine/check/real-deps';
import { listScenarios } from '../../../electron/lab/lab';
import { abandonedCalls } from '../../../electron/engine/kerberos/binding';
import { labWindows } from '../../../electron/lab/windows/tools';
import { labFor } from '../../lab/lab-helpers';

/** Where Windows gives another code than MIT, and why (none today). */
const WINDOWS_DIFFERENCES: Record<string, { code: string | null; why: string }> = {};
/** Scenarios whose KDC answer has no documented SSPI status: the lab's SSPI keeps the MIT text (lab/windows/sspi.ts). */
const MIT_TEXT_KEPT: Record<string, string> = {
  'trust-key-mismatch': 'no documented SSPI status for a referral the cloud KDC cannot decrypt: the MIT text is kept',
};

const rows: { scenario: string; mit: string; windows: string; ms: number; note: string }[] = [];
after(() => {
  const dir = fileURLToPath(new URL('../../../test-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const md = ['| scenario | MIT path | Windows path | time to verdict | note |', '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.mit} | ${r.windows} | ${r.ms} ms | ${r.note} |`)].join('\n');
  writeFileSync(join(dir, 'fault-matrix-windows.md'), `${md}\n`);
});

describe('the check on the Windows path, scenario by scenario', () => {
  // All scenarios share this process: a native call an earlier check abandoned (MIT waits ~27 s on a silent
  // KDC) pins its Kerberos environment until it ends, and a check under another lab's would be refused.
  beforeEach(async () => {
    for (let waited = 0; abandonedCalls() > 0 && waited < 40_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
  });
  for (const s of listScenarios()) {
    const difference = WINDOWS_DIFFERENCES[s.name];
    const expected = difference ? difference.code : s.expectedCode;
    test(`${s.name} → ${expected ?? 'pass'}`, async () => {
      const { info } = await labFor(s.name);
      const view = await labWindows(info);
      after(() => view.close());
      const deps = createRealDeps({ env: info.env, platform: 'win32', runTool: view.runTool, sspi: view.sspi, dnsServers: view.dnsServers, kdcProxyAnchors: view.kdcProxyAnchors });
      const t0 = performance.now();
      const r = await runCheck({ server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 }, deps);
      rows.push({ scenario: s.name, mit: s.expectedCode ?? 'pass', windows: r.diagnosis?.code ?? 'pass', ms: Math.round(performance.now() - t0), note: difference?.why ?? MIT_TEXT_KEPT[s.name] ?? '' });
      assert.equal(r.diagnosis?.code ?? null, expected, JSON.stringify(r.diagnosis ?? r.steps.filter((x) => x.status === 'fail')));
      const env = r.steps.find((x) => x.id === 'environment');
      assert.equal(env?.status, 'pass', JSON.stringify(env));
      assert.ok(env?.evidence?.some((e) => /dsregcmd: AzureAdJoined YES, DomainJoined YES/.test(e)), JSON.stringify(env?.evidence));
      if (s.name === 'modern-flow') {
        const tgt = r.steps.find((x) => x.id === 'tgt');
        assert.equal(tgt?.status, 'pass');
        assert.match(tgt?.detail ?? '', /@AzureAD: krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM@KERBEROS\.MICROSOFTONLINE\.COM.*modern flow/);
        assert.equal(r.chain?.userRealm, 'KERBEROS.MICROSOFTONLINE.COM');
        assert.equal(r.sql?.authScheme, 'KERBEROS');
      }
      const sspi = r.diagnosis?.evidence.filter((e) => /(^|: )SSPI/.test(e)) ?? [];
      if (s.name === 'spn-missing' || s.name === 'clock-skew' || s.name === 'etype-mismatch' || s.name === 'no-trust') {
        assert.ok(sspi.some((e) => /InitializeSecurityContext: /.test(e)), `SSPI's own answer is evidence: ${JSON.stringify(r.diagnosis?.evidence)}`);
        assert.ok(!r.diagnosis?.evidence.some((e) => /(^|: )GSSAPI/.test(e)), 'no MIT text where SSPI has a documented answer');
      }
      if (s.name === 'spn-missing') {
        assert.ok(r.diagnosis?.evidence.some((e) => /klist get MSSQLSvc\/.*substatus 0x6fb/.test(e)), `klist get's substatus is evidence: ${JSON.stringify(r.diagnosis?.evidence)}`);
      }
      if (s.name === 'healthy') {
        assert.equal(r.steps.find((x) => x.id === 'referral')?.status, 'pass', 'the referral the binding obtained is listed by the Windows klist');
        assert.equal(r.steps.find((x) => x.id === 'kdc-user')?.status, 'pass', 'the DC locator found the on-prem KDC and it answered');
        assert.ok(view.calls.includes('nltest /dsgetdc:CONTOSO.TEST') && view.dnsQueries.includes('SRV _kerberos._tcp.dc._msdcs.contoso.test'), view.calls.join('\n'));
      }
      assert.notEqual(r.diagnosis?.code, 'NTLM_FALLBACK', 'no lab scenario offers NTLM');
    });
  }
});

describe('the Windows path with a Spanish Windows (klist labels translated)', () => {
  for (const scenario of ['healthy', 'modern-flow', 'spn-missing']) {
    const expected = listScenarios().find((x) => x.name === scenario)!.expectedCode;
    test(`${scenario} → ${expected ?? 'pass'} (es)`, async () => {
      const { info } = await labFor(scenario);
      const view = await labWindows(info, { language: 'es' });
      after(() => view.close());
      const r = await runCheck({ server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 },
        createRealDeps({ env: info.env, platform: 'win32', runTool: view.runTool, sspi: view.sspi, dnsServers: view.dnsServers, kdcProxyAnchors: view.kdcProxyAnchors }));
      assert.equal(r.diagnosis?.code ?? null, expected, JSON.stringify(r.diagnosis));
      assert.equal(r.steps.find((x) => x.id === 'tgt')?.status, 'pass');
      assert.ok(r.tickets.length >= 1);
    });
  }
});
