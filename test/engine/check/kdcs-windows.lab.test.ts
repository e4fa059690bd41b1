// The KDCs-and-clock hop on the Windows code path (platform 'win32'), against the real lab: the user realm's
// KDC is found the way Windows' DC locator finds it (DNS SRV from a tiny real DNS server on 127.0.0.1, and
// `nltest /dsgetdc:`), the cloud realm through the KDC proxy URL of the policy (`reg query` of the KdcProxy
// key), and both are probed for real: AS-REQ → KRB-ERROR from the lab's MIT KDC, and an MS-KKDCP round trip
// over HTTPS through the lab's proxy. The tool answers are generated from the running lab's lab.json.
// What this machine cannot run of Windows (klist, SSPI, dsregcmd) is taken from the same check bound for
// MIT against the same lab: the tickets are the lab user's real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labFor, type Lab } from '../../lab/lab-helpers';
import { createRealDeps } from '../../../electron/engine/check/real-deps';
import { runCheck } from '../../../electron/engine/check/run-check';
import type { ToolRunner } from '../../../electron/engine/check/platform';
import { KDC_PROXY_KEY } from '../../../electron/engine/environment/kdc-proxy-policy';
import { KerbProbeError } from '../../../electron/engine/errors';
import { CLOUD_REALM } from '../../../electron/contract/azure';
import { startTestDns, type TestDnsServer } from '../net/dns-server';

const DC_NAME = 'kdc1';

/** The lab as Windows would see it: SRV records and nltest for the on-prem realm, the KdcProxy policy for the cloud realm. */
async function windowsView(lab: Lab): Promise<{ dns: TestDnsServer; run: ToolRunner; calls: string[]; onprem: string; proxyUrl: string }> {
  const onpremRealm = lab.info.realms.find((r) => r.role === 'onprem')!;
  const cloud = lab.info.realms.find((r) => r.role === 'cloud')!;
  assert.ok(cloud.proxyUrl, 'the scenario reaches the cloud realm through a KDC proxy');
  const [kdcHost, kdcPort] = onpremRealm.kdc.split(':') as [string, string];
  const domain = onpremRealm.name.toLowerCase();
  const dcFqdn = `${DC_NAME}.${domain}`;
  const srv = [{ priority: 0, weight: 100, port: Number(kdcPort), target: dcFqdn }];
  const dns = await startTestDns({ [`_kerberos._tcp.dc._msdcs.${domain}`]: { srv }, [`_kerberos._tcp.${domain}`]: { srv }, [dcFqdn]: { a: [kdcHost] } });
  const proxy = new URL(cloud.proxyUrl);
  // The policy's syntax: `<https host:port:path />` (environment/kdc-proxy-policy.ts cites Microsoft's pages).
  const policyValue = `<https ${proxy.hostname}:${proxy.port}:${proxy.pathname.replace(/^\//, '')} />`;
  const calls: string[] = [];
  const run: ToolRunner = async (command, args, opts) => {
    calls.push([command, ...args].join(' '));
    assert.ok(opts.timeoutMs > 0 && opts.timeoutMs <= 5000, `${command} runs within a bound`);
    if (command === 'reg' && args[0] === 'query' && args[1] === KDC_PROXY_KEY) {
      return { stdout: `\r\n${KDC_PROXY_KEY.replace(/^HKLM/, 'HKEY_LOCAL_MACHINE')}\r\n    ${CLOUD_REALM}    REG_SZ    ${policyValue}\r\n\r\n`, stderr: '', exitCode: 0 };
    }
    if (command === 'nltest' && args[0]?.toLowerCase() === `/dsgetdc:${domain}`) {
      return { stdout: `           DC: \\\\${dcFqdn}\r\n      Address: \\\\${kdcHost}\r\n     Dom Name: ${domain}\r\n  Forest Name: ${domain}\r\n        Flags: PDC GC DS LDAP KDC TIMESERV WRITABLE DNS_DC DNS_DOMAIN DNS_FOREST CLOSE_SITE\r\nThe command completed successfully\r\n`, stderr: '', exitCode: 0 };
    }
    throw new KerbProbeError('TOOL_NOT_FOUND', `${command} is not installed or not on PATH`);
  };
  return { dns, run, calls, onprem: onpremRealm.kdc, proxyUrl: cloud.proxyUrl };
}

async function windowsCheck(lab: Lab, view: Awaited<ReturnType<typeof windowsView>>) {
  const win = createRealDeps({ env: lab.info.env, platform: 'win32', runTool: view.run, dnsServers: [view.dns.server], kdcProxyAnchors: [lab.info.caFile] });
  const mit = createRealDeps({ env: lab.info.env, platform: 'linux' });
  const deps = { ...win, environment: mit.environment, readTickets: mit.readTickets, acquire: mit.acquire, sqlLogin: mit.sqlLogin };
  return runCheck({ server: lab.info.server, port: lab.info.port, caFile: lab.info.caFile }, deps, { now: () => new Date() });
}
const step = (r: { steps: { id: string; status: string; detail?: string }[] }, id: string) => r.steps.find((s) => s.id === id);

test('kdc-proxy on win32: kdc-user from SRV/nltest, kdc-proxy through the policy URL, the clock from their replies', async () => {
  const lab = await labFor('kdc-proxy');
  const view = await windowsView(lab);
  try {
    const r = await windowsCheck(lab, view);
    const user = step(r, 'kdc-user');
    const proxy = step(r, 'kdc-proxy');
    const clock = step(r, 'clock');
    assert.equal(user?.status, 'pass', JSON.stringify(user));
    assert.match(user?.detail ?? '', new RegExp(`KDC ${view.onprem.replace(/\./g, '\\.')} for CONTOSO\\.TEST answered`));
    assert.equal(proxy?.status, 'pass', JSON.stringify(proxy));
    assert.match(proxy?.detail ?? '', /relayed a KDC answer for KERBEROS\.MICROSOFTONLINE\.COM/);
    assert.equal(step(r, 'kdc-cloud')?.status, 'skip');
    assert.equal(clock?.status, 'pass', JSON.stringify(clock));
    assert.match(clock?.detail ?? '', /CONTOSO\.TEST: [+-]\d+\.\d s, KERBEROS\.MICROSOFTONLINE\.COM: [+-]\d+\.\d s/);
    assert.ok(view.calls.includes(`reg query ${KDC_PROXY_KEY}`), view.calls.join('\n'));
    assert.ok(view.calls.some((c) => c === 'nltest /dsgetdc:CONTOSO.TEST'), view.calls.join('\n'));
    assert.ok(view.dns.queries.includes('SRV _kerberos._tcp.dc._msdcs.contoso.test'), view.dns.queries.join(', '));
    assert.equal(r.diagnosis, null, JSON.stringify(r.diagnosis));
    // The proxy's HTTP Date is a clock reading too. The lab's proxy runs on this machine's clock (libfaketime
    // skews only the cloud KDC, in the clock-skew scenario, which has no proxy), so it reads ~0 here; the
    // parsing of a skewed Date is tested as pure code in test/engine/net/kkdcp.test.ts.
    const win = createRealDeps({ env: lab.info.env, platform: 'win32', runTool: view.run, dnsServers: [view.dns.server], kdcProxyAnchors: [lab.info.caFile] });
    const cloud = await win.probeKdc(CLOUD_REALM, 2000, new AbortController().signal);
    const date = cloud.results.find((x) => x.transport === 'https')?.httpDate;
    assert.ok(date && Math.abs(date.skewSeconds) <= 2, JSON.stringify(cloud.results));
  } finally {
    await view.dns.close();
  }
});

test('kdc-proxy-down on win32: the policy URL answers nothing: kdc-proxy fails, CLOUD_KDC_UNREACHABLE', async () => {
  const lab = await labFor('kdc-proxy-down');
  const view = await windowsView(lab);
  try {
    const r = await windowsCheck(lab, view);
    assert.equal(step(r, 'kdc-user')?.status, 'pass');
    assert.equal(step(r, 'kdc-proxy')?.status, 'fail', JSON.stringify(step(r, 'kdc-proxy')));
    assert.match(step(r, 'kdc-proxy')?.detail ?? '', new RegExp(view.proxyUrl.replace(/[.?/]/g, '\\$&')));
    assert.equal(r.diagnosis?.code, 'CLOUD_KDC_UNREACHABLE', JSON.stringify(r.diagnosis));
  } finally {
    await view.dns.close();
  }
});
