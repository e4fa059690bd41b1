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
import { freePort } from '../../../electron/lab/ports';
import type { LabInfo } from '../../../electron/lab/lab-types';
import type { LabWindowsView } from '../../../electron/lab/windows/tools';
import type { LabDeviceSettings } from '../../../electron/lab/windows/device-settings';
import { WINDOWS_DIFFERENCES } from '../../lab/windows-differences';

/** The platform context of a Windows check of the lab: its tools, SSPI, DC locator and KDC proxy. */
const windowsDeps = (info: LabInfo, view: LabWindowsView) => createRealDeps({ env: info.env, os: view.os });

/**
 * Scenarios whose KDC answer has no documented SSPI status: the lab's SSPI keeps the MIT text (lab/windows/sspi.ts).
 */
const MIT_TEXT_KEPT: Record<string, string> = {
  'trust-key-mismatch': 'no documented SSPI status for a referral the cloud KDC cannot decrypt: the MIT text is kept',
};

const rows: { scenario: string; mit: string; windows: string; ms: number; note: string }[] = [];
after(() => {
  const dir = fileURLToPath(new URL('../../../test-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const md = [
    '| scenario | MIT path | Windows path | time to verdict | note |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.scenario} | ${r.mit} | ${r.windows} | ${r.ms} ms | ${r.note} |`),
  ].join('\n');
  writeFileSync(join(dir, 'fault-matrix-windows.md'), `${md}\n`);
});

// Every test in this file shares one process: a native call an earlier check abandoned (MIT waits ~27 s on a
// silent KDC) pins its Kerberos environment until it ends, and a check under another lab's would be refused. The
// wait is for every suite here (the Spanish one runs right after the blackhole scenarios).
beforeEach(async () => {
  for (let waited = 0; abandonedCalls() > 0 && waited < 40_000; waited += 250)
    await new Promise((r) => setTimeout(r, 250));
});

describe('the check on the Windows path, scenario by scenario', () => {
  for (const s of listScenarios()) {
    const difference = WINDOWS_DIFFERENCES[s.name];
    const expected = difference ? difference.code : s.expectedCode;
    test(`${s.name} → ${expected ?? 'pass'}`, async () => {
      const { info } = await labFor(s.name);
      const view = await labWindows(info);
      after(() => view.close());
      const deps = windowsDeps(info, view);
      const t0 = performance.now();
      const r = await runCheck(
        { server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 },
        deps,
      );
      rows.push({
        scenario: s.name,
        mit: s.expectedCode ?? 'pass',
        windows: r.diagnosis?.code ?? 'pass',
        ms: Math.round(performance.now() - t0),
        note: difference?.why ?? MIT_TEXT_KEPT[s.name] ?? '',
      });
      assert.equal(
        r.diagnosis?.code ?? null,
        expected,
        JSON.stringify(r.diagnosis ?? r.steps.filter((x) => x.status === 'fail')),
      );
      const env = r.steps.find((x) => x.id === 'environment');
      assert.equal(env?.status, 'pass', JSON.stringify(env));
      assert.ok(
        env?.evidence?.some((e) => /dsregcmd: AzureAdJoined YES, DomainJoined YES/.test(e)),
        JSON.stringify(env?.evidence),
      );
      // The lab's device is healthy: its own checks pass, and the flow it uses is shown before the tickets.
      for (const id of ['device', 'realm-mapping', ...(difference ? [] : ['proxy-path'])])
        assert.equal(
          r.steps.find((x) => x.id === id)?.status,
          'pass',
          JSON.stringify(r.steps.find((x) => x.id === id)),
        );
      assert.ok(r.steps.findIndex((x) => x.id === 'device') < r.steps.findIndex((x) => x.id === 'tgt'));
      if (s.name === 'modern-flow') {
        const tgt = r.steps.find((x) => x.id === 'tgt');
        assert.equal(tgt?.status, 'pass');
        assert.match(
          tgt?.detail ?? '',
          /@AzureAD: krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM@KERBEROS\.MICROSOFTONLINE\.COM.*modern flow/,
        );
        assert.equal(r.chain?.userRealm, 'KERBEROS.MICROSOFTONLINE.COM');
        assert.equal(r.sql?.authScheme, 'KERBEROS');
      }
      const sspi = r.diagnosis?.evidence.filter((e) => /(^|: )SSPI/.test(e)) ?? [];
      if (s.name === 'spn-missing' || s.name === 'clock-skew' || s.name === 'etype-mismatch' || s.name === 'no-trust') {
        assert.ok(
          sspi.some((e) => /InitializeSecurityContext: /.test(e)),
          `SSPI's own answer is evidence: ${JSON.stringify(r.diagnosis?.evidence)}`,
        );
        assert.ok(
          !r.diagnosis?.evidence.some((e) => /(^|: )GSSAPI/.test(e)),
          'no MIT text where SSPI has a documented answer',
        );
      }
      if (s.name === 'spn-missing') {
        assert.ok(
          r.diagnosis?.evidence.some((e) => /klist get MSSQLSvc\/.*substatus 0x6fb/.test(e)),
          `klist get's substatus is evidence: ${JSON.stringify(r.diagnosis?.evidence)}`,
        );
      }
      if (s.name === 'healthy') {
        assert.equal(
          r.steps.find((x) => x.id === 'referral')?.status,
          'pass',
          'the referral the binding obtained is listed by the Windows klist',
        );
        assert.equal(
          r.steps.find((x) => x.id === 'kdc-user')?.status,
          'pass',
          'the DC locator found the on-prem KDC and it answered',
        );
        assert.ok(
          view.calls.includes('nltest /dsgetdc:CONTOSO.TEST') &&
            view.dnsQueries.includes('SRV _kerberos._tcp.dc._msdcs.contoso.test'),
          view.calls.join('\n'),
        );
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
      const r = await runCheck(
        { server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 },
        windowsDeps(info, view),
      );
      assert.equal(r.diagnosis?.code ?? null, expected, JSON.stringify(r.diagnosis));
      assert.equal(r.steps.find((x) => x.id === 'tgt')?.status, 'pass');
      assert.ok(r.tickets.length >= 1);
    });
  }
});

/**
 * The Windows device checks, each by one setting of the lab's device changed
 * (./electron/lab/windows/device-settings.ts)
 * over a lab scenario: the step that reads the setting names it with its code, and where the scenario fails, the
 * setting that explains the failure is the diagnosis (what the helpdesk changes first), the symptom "also seen".
 */
describe('the Windows device checks against the lab, one setting changed', () => {
  const variants: {
    name: string;
    scenario: string;
    device: () => Promise<LabDeviceSettings>;
    step: string;
    finding: string;
    code: string | null;
  }[] = [
    {
      name: 'WinHTTP proxy on a closed port, KDC proxy unreachable',
      scenario: 'kdc-proxy-down',
      device: async () => ({ winhttpProxy: `127.0.0.1:${await freePort()}` }),
      step: 'proxy-path',
      finding: 'WINHTTP_PROXY_UNREACHABLE',
      code: 'WINHTTP_PROXY_UNREACHABLE',
    },
    {
      name: 'WinHTTP proxy on a closed port, German netsh, the check still passes',
      scenario: 'healthy',
      device: async () => ({ winhttpProxy: `127.0.0.1:${await freePort()}`, netshLanguage: 'de' }),
      step: 'proxy-path',
      finding: 'WINHTTP_PROXY_UNREACHABLE',
      code: null,
    },
    {
      name: 'Fiddler left a ProxyMgr entry and iphlpsvc is stopped',
      scenario: 'kdc-proxy-down',
      device: async () => ({ fiddlerLeftover: true, stoppedServices: ['iphlpsvc'] }),
      step: 'proxy-path',
      finding: 'FIDDLER_PROXY_LEFTOVER',
      code: 'FIDDLER_PROXY_LEFTOVER',
    },
    {
      name: 'the KDC proxy policy names another tenant',
      scenario: 'kdc-proxy-down',
      device: async () => ({ policyTenant: '0badbad0-0000-4000-8000-000000000bad' }),
      step: 'proxy-path',
      finding: 'KDC_PROXY_TENANT_MISMATCH',
      code: 'KDC_PROXY_TENANT_MISMATCH',
    },
    {
      name: "the instance's port is not in KerbTopLevelNames",
      scenario: 'spn-missing',
      device: async () => ({ topLevelPorts: [1433, 3342] }),
      step: 'realm-mapping',
      finding: 'KERB_TOP_LEVEL_NAME_MISSING',
      code: 'KERB_TOP_LEVEL_NAME_MISSING',
    },
    {
      name: 'a host-to-realm mapping sends the instance to the on-prem realm',
      scenario: 'spn-missing',
      device: async () => ({ hostToRealm: { realm: 'CONTOSO.TEST', hosts: ['.database.windows.net'] } }),
      step: 'realm-mapping',
      finding: 'HOST_REALM_MAPPING_WRONG',
      code: 'HOST_REALM_MAPPING_WRONG',
    },
    {
      name: 'the check runs in a service session',
      scenario: 'no-tgt',
      device: async () => ({ session: 'service' }),
      step: 'device',
      finding: 'SESSION_NOT_INTERACTIVE',
      code: 'SESSION_NOT_INTERACTIVE',
    },
    {
      name: '"Run as" another account on a Microsoft Entra joined device (no PRT in the session)',
      scenario: 'no-tgt',
      device: async () => ({ entraOnly: true, noPrt: true }),
      step: 'device',
      finding: 'SESSION_WITHOUT_PRT',
      code: 'SESSION_WITHOUT_PRT',
    },
    {
      name: 'the check runs elevated, the check still passes',
      scenario: 'healthy',
      device: async () => ({ session: 'elevated' }),
      step: 'device',
      finding: 'SESSION_ELEVATED',
      code: null,
    },
    {
      name: 'Windows 8.1: too old for either flow',
      scenario: 'no-tgt',
      device: async () => ({
        build: { build: 9600, installationType: 'Client', productName: 'Windows 8.1 Enterprise' },
      }),
      step: 'device',
      finding: 'WINDOWS_BUILD_UNSUPPORTED',
      code: 'WINDOWS_BUILD_UNSUPPORTED',
    },
    {
      name: 'Credential Guard on (information only)',
      scenario: 'healthy',
      device: async () => ({ lsaCfgFlags: 1 }),
      step: 'device',
      finding: 'CREDENTIAL_GUARD_ON',
      code: null,
    },
    // The check's clock, 30 minutes before the cloud TGT ends: the ticket still works but will not renew.
    {
      name: 'the cloud TGT ends within the hour',
      scenario: 'modern-flow',
      device: async () => ({}),
      step: 'device',
      finding: 'CLOUD_TGT_EXPIRING',
      code: null,
    },
  ];
  for (const v of variants) {
    test(`${v.name} (${v.scenario}) → ${v.code ?? 'pass'}, ${v.step} names ${v.finding}`, async () => {
      const { info } = await labFor(v.scenario);
      const view = await labWindows(info, { device: await v.device() });
      after(() => view.close());
      const deps = windowsDeps(info, view);
      let opts = {};
      if (v.finding === 'CLOUD_TGT_EXPIRING') {
        // Judge at 30 minutes before the cloud TGT's end, as the cache holds it.
        const { readFile } = await import('node:fs/promises');
        const { ticketsFromCcache } = await import('../../../electron/engine/tickets/ticket-source');
        const set = ticketsFromCcache(await readFile(info.env.KRB5CCNAME.replace(/^FILE:/, '')), info.env.KRB5CCNAME);
        const tgt = set.tickets.find((x) => /^krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM$/i.test(x.server));
        assert.ok(tgt?.end, JSON.stringify(set.tickets));
        const at = new Date(Date.parse(tgt.end) - 30 * 60_000);
        opts = { now: () => at };
      }
      const r = await runCheck(
        { server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 },
        deps,
        opts,
      );
      const s = r.steps.find((x) => x.id === v.step);
      const lines = [s?.detail ?? '', ...(s?.evidence ?? [])];
      assert.ok(
        lines.some((l) => l.includes(`[${v.finding}]`)),
        JSON.stringify(s),
      );
      if (v.finding !== 'CREDENTIAL_GUARD_ON') assert.equal(s?.status, 'warn', JSON.stringify(s));
      assert.equal(r.diagnosis?.code ?? null, v.code, JSON.stringify(r.diagnosis));
      if (v.code)
        assert.match(
          r.diagnosis?.evidence[0] ?? '',
          new RegExp(`— `),
          'the setting that explains the failure comes first',
        );
    });
  }
});
