// The KDC proxy servers policy (Policy CSP ADMX_Kerberos/KdcProxyServer) as reg.exe prints it: the value
// syntax Microsoft's Entra Kerberos pages give (`<https login.microsoftonline.com:443:<tenant>/kerberos />`),
// several servers in one value, DNS-suffix matching, and a value Windows could not use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseRegQuery } from '../../../electron/engine/environment/reg-query';
import {
  KDC_PROXY_KEY,
  kdcProxyMappings,
  parseProxyServersValue,
  proxiesForRealm,
  readKdcProxyPolicy,
} from '../../../electron/engine/environment/kdc-proxy-policy';
import { KerbProbeError } from '../../../electron/engine/errors';

const reg = (f: string) => readFileSync(new URL(`../../fixtures/windows-registry/${f}`, import.meta.url), 'utf8');
const TENANT = '96fa76d0-1111-2222-3333-eb60cc220000';

test('the Entra value becomes https://login.microsoftonline.com/<tenant>/kerberos', () => {
  assert.deepEqual(parseProxyServersValue(`<https login.microsoftonline.com:443:${TENANT}/kerberos />`), [
    `https://login.microsoftonline.com/${TENANT}/kerberos`,
  ]);
  // The blanks Microsoft insists on, more of them, or none before the slash: the same value.
  assert.deepEqual(parseProxyServersValue(`  <https   login.microsoftonline.com:443:${TENANT}/kerberos/>`), [
    `https://login.microsoftonline.com/${TENANT}/kerberos`,
  ]);
});

test('several servers, a port without a path, a server alone (the KdcProxy path); unusable values give nothing', () => {
  assert.deepEqual(parseProxyServersValue('<https kps1.contoso.com kps2.contoso.com:8443:KdcProxy />'), [
    'https://kps1.contoso.com/KdcProxy',
    'https://kps2.contoso.com:8443/KdcProxy',
  ]);
  assert.deepEqual(parseProxyServersValue('<https kps.contoso.com:443 />'), ['https://kps.contoso.com/KdcProxy']);
  for (const bad of [
    'https://kps.contoso.com/KdcProxy',
    '<https />',
    '<https kps.contoso.com:0:x />',
    '<https kps.contoso.com:99999 />',
    '<ftp kps.contoso.com />',
    '',
    '<https bad_host!:443 />',
  ]) {
    assert.deepEqual(parseProxyServersValue(bad), [], bad);
  }
});

test('the ProxyServers key: every usable REG_SZ is a mapping; the realm takes its longest DNS suffix, case-insensitively', () => {
  const maps = kdcProxyMappings(parseRegQuery(reg('kdc-proxy-servers-several.txt')));
  assert.deepEqual(
    maps.map((m) => m.suffix),
    ['KERBEROS.MICROSOFTONLINE.COM', 'contoso.com', 'corp.contoso.com'],
  );
  assert.equal(
    proxiesForRealm('kerberos.microsoftonline.com', maps)?.urls[0],
    `https://login.microsoftonline.com/${TENANT}/kerberos`,
  );
  assert.equal(proxiesForRealm('CORP.CONTOSO.COM', maps)?.suffix, 'corp.contoso.com');
  assert.equal(proxiesForRealm('EU.CORP.CONTOSO.COM', maps)?.suffix, 'corp.contoso.com');
  assert.equal(proxiesForRealm('SALES.CONTOSO.COM', maps)?.suffix, 'contoso.com');
  assert.equal(proxiesForRealm('NOTCONTOSO.COM', maps), null, 'a suffix matches at a label boundary only');
  assert.equal(proxiesForRealm('FABRIKAM.COM', maps), null);
  // The one-value fixture the environment step reads, too.
  assert.equal(
    kdcProxyMappings(parseRegQuery(reg('kdc-proxy-servers.txt')))[0]?.urls[0],
    `https://login.microsoftonline.com/${TENANT}/kerberos`,
  );
});

test('reading the policy: reg query of the key within a timeout; an absent key or a failing reg is no policy', async () => {
  const calls: string[] = [];
  const r = await readKdcProxyPolicy(async (c, a, o) => {
    calls.push(`${c} ${a.join(' ')} ${o.timeoutMs}`);
    return { stdout: reg('kdc-proxy-servers.txt'), stderr: '', exitCode: 0 };
  });
  assert.deepEqual(calls, [`reg query ${KDC_PROXY_KEY} 3000`]);
  assert.equal(r.mappings.length, 1);
  assert.match(r.evidence[0]!, /KERBEROS\.MICROSOFTONLINE\.COM → <https login/);
  const absent = await readKdcProxyPolicy(async () => ({
    stdout: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
    stderr: '',
    exitCode: 0,
  }));
  assert.deepEqual(absent.mappings, []);
  const failed = await readKdcProxyPolicy(async () => {
    throw new KerbProbeError('TOOL_TIMEOUT', 'reg did not finish within 3000 ms');
  });
  assert.deepEqual(failed.mappings, []);
  assert.match(failed.evidence[0]!, /did not finish/);
});
