// The KDCs-and-clock hop on the Windows code path (platform 'win32'), against the real lab: the user realm's
// KDC is found the way Windows' DC locator finds it (DNS SRV from a tiny real DNS server on 127.0.0.1, and
// `nltest /dsgetdc:`), the cloud realm through the KDC proxy URL of the policy (`reg query` of the KdcProxy
// key), and both are probed for real: AS-REQ → KRB-ERROR from the lab's MIT KDC, and an MS-KKDCP round trip
// over HTTPS through the lab's proxy. The tool answers are generated from the running lab's lab.json.
// What this machine cannot run of Windows (SSPI, dsregcmd) is taken from the same check bound for
// MIT against the same lab: the tickets are the lab user's real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labFor, type Lab } from '../../lab/lab-helpers';
import { createRealDeps } from '../../../electron/engine/check/real-deps';
import { realOs } from '../../../electron/engine/check/os-services';
import { runCheck } from '../../../electron/engine/check/run-check';
import { KDC_PROXY_KEY } from '../../../electron/engine/environment/kdc-proxy-policy';
import { CLOUD_REALM } from '../../../electron/contract/azure';
import { labWindows, type LabWindowsView } from '../../../electron/lab/windows/tools';

async function windowsCheck(lab: Lab, view: LabWindowsView) {
  const win = createRealDeps({ env: lab.info.env, os: view.os });
  const mit = createRealDeps({ env: lab.info.env, os: { ...realOs(), platform: 'linux' } });
  const deps = {
    ...win,
    environment: mit.environment,
    readTickets: mit.readTickets,
    acquire: mit.acquire,
    sqlLogin: mit.sqlLogin,
  };
  return runCheck({ server: lab.info.server, port: lab.info.port, caFile: lab.info.caFile }, deps, {
    now: () => new Date(),
  });
}
const step = (r: { steps: { id: string; status: string; detail?: string }[] }, id: string) =>
  r.steps.find((s) => s.id === id);

test('kdc-proxy on win32: kdc-user by SRV/nltest, kdc-proxy by the policy URL, the clock from replies', async () => {
  const lab = await labFor('kdc-proxy');
  const view = await labWindows(lab.info);
  try {
    const r = await windowsCheck(lab, view);
    const user = step(r, 'kdc-user');
    const proxy = step(r, 'kdc-proxy');
    const clock = step(r, 'clock');
    assert.equal(user?.status, 'pass', JSON.stringify(user));
    assert.match(
      user?.detail ?? '',
      new RegExp(
        `KDC ${lab.info.realms.find((x) => x.role === 'onprem')!.kdc.replace(/\./g, '\\.')} for CONTOSO\\.TEST ` +
          `answered`,
      ),
    );
    assert.equal(proxy?.status, 'pass', JSON.stringify(proxy));
    assert.match(proxy?.detail ?? '', /relayed a KDC answer for KERBEROS\.MICROSOFTONLINE\.COM/);
    assert.equal(step(r, 'kdc-cloud')?.status, 'skip');
    assert.equal(clock?.status, 'pass', JSON.stringify(clock));
    assert.match(clock?.detail ?? '', /CONTOSO\.TEST: [+-]\d+\.\d s, KERBEROS\.MICROSOFTONLINE\.COM: [+-]\d+\.\d s/);
    assert.ok(view.calls.includes(`reg query ${KDC_PROXY_KEY}`), view.calls.join('\n'));
    assert.ok(
      view.calls.some((c) => c === 'nltest /dsgetdc:CONTOSO.TEST'),
      view.calls.join('\n'),
    );
    assert.ok(view.dnsQueries.includes('SRV _kerberos._tcp.dc._msdcs.contoso.test'), view.dnsQueries.join(', '));
    assert.equal(r.diagnosis, null, JSON.stringify(r.diagnosis));
    // The proxy's HTTP Date is a clock reading too. The lab's proxy runs on this machine's clock (libfaketime
    // skews only the cloud KDC, in the clock-skew scenario, which has no proxy), so it reads ~0 here; the
    // parsing of a skewed Date is tested as pure code in test/engine/net/kkdcp.test.ts.
    const win = createRealDeps({ env: lab.info.env, os: view.os });
    const cloud = await win.probeKdc(CLOUD_REALM, 2000, new AbortController().signal);
    const date = cloud.results.find((x) => x.transport === 'https')?.httpDate;
    assert.ok(date && Math.abs(date.skewSeconds) <= 2, JSON.stringify(cloud.results));
  } finally {
    await view.close();
  }
});

test('kdc-proxy-down on win32: the policy URL answers nothing: kdc-proxy fails, CLOUD_KDC_UNREACHABLE', async () => {
  const lab = await labFor('kdc-proxy-down');
  const view = await labWindows(lab.info);
  try {
    const r = await windowsCheck(lab, view);
    assert.equal(step(r, 'kdc-user')?.status, 'pass');
    assert.equal(step(r, 'kdc-proxy')?.status, 'fail', JSON.stringify(step(r, 'kdc-proxy')));
    assert.match(
      step(r, 'kdc-proxy')?.detail ?? '',
      new RegExp(lab.info.realms.find((x) => x.role === 'cloud')!.proxyUrl!.replace(/[.?/]/g, '\\$&')),
    );
    assert.equal(r.diagnosis?.code, 'CLOUD_KDC_UNREACHABLE', JSON.stringify(r.diagnosis));
  } finally {
    await view.close();
  }
});
