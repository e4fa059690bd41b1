// The device checks' parsers on documented outputs and their layout variants (CRLF, UTF-16 pasted files,
// older builds, localized labels), and on text that is not what they read (a clear error with a stable code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { flowSupportForBuild, parseWindowsBuild } from '../../../electron/engine/environment/windows-build';
import { isElevated, isInteractive, parseWhoamiGroups } from '../../../electron/engine/environment/whoami-groups';
import { parseWinHttpProxy } from '../../../electron/engine/environment/winhttp-proxy';
import { parseScQuery } from '../../../electron/engine/environment/sc-query';
import { mappedRealm, parseHostToRealm, topLevelCoverage } from '../../../electron/engine/environment/realm-mapping';
import { parseProxyMgr } from '../../../electron/engine/environment/proxy-mgr';
import { parseCredentialGuard } from '../../../electron/engine/environment/credential-guard';
import { kdcProxySettings } from '../../../electron/engine/environment/kdc-proxy-settings';
import { kdcProxyMappings } from '../../../electron/engine/environment/kdc-proxy-policy';
import { parseRegQuery } from '../../../electron/engine/environment/reg-query';
import * as F from './windows-device-outputs';

const variants = (s: string): [string, string][] => [
  ['LF', s],
  ['CRLF', F.crlf(s)],
  ['UTF-16', F.viaUtf16(F.crlf(s))],
];

test('the build is read from CurrentBuild and UBR, in every layout, and judged against both flows', () => {
  for (const [name, text] of variants(F.CURRENT_VERSION_W11)) {
    const b = parseWindowsBuild(text);
    assert.deepEqual(
      b,
      {
        build: 22631,
        ubr: 4460,
        installationType: 'Client',
        productName: 'Windows 10 Enterprise',
        displayVersion: '23H2',
      },
      name,
    );
    const v = flowSupportForBuild(b);
    assert.deepEqual([v.modern, v.trust], ['supported', 'supported']);
    // ProductName still says "Windows 10" on Windows 11: the build decides.
    assert.match(v.label, /^Windows 11 \(build 22631\.4460, client, 23H2\)$/);
  }
  const old = flowSupportForBuild(parseWindowsBuild(F.CURRENT_VERSION_1909));
  assert.deepEqual([old.modern, old.trust], ['unsupported', 'supported'], '1909 (18363) is before 20H1 (19041)');
  assert.match(old.label, /1909/, 'ReleaseId stands in for DisplayVersion on older builds');
  const server = parseWindowsBuild(F.CURRENT_VERSION_2012R2);
  assert.equal(server.ubr, null);
  assert.deepEqual(
    [flowSupportForBuild(server).modern, flowSupportForBuild(server).trust],
    ['unsupported', 'supported'],
    'Server 2012 R2: trust flow only',
  );
  assert.deepEqual(flowSupportForBuild({ ...server, build: 20348 }).modern, 'supported', 'Server 2022');
  assert.deepEqual(
    flowSupportForBuild({ build: 19041, ubr: 1, installationType: 'Client', productName: null, displayVersion: null })
      .modern,
    'supported',
    '20H1 itself',
  );
  assert.deepEqual(
    flowSupportForBuild({
      build: 9200,
      ubr: null,
      installationType: 'Client',
      productName: 'Windows 8',
      displayVersion: null,
    }).trust,
    'unsupported',
    'Windows 8 shares 9200 with Server 2012 but is no Windows 10',
  );
  assert.throws(() => parseWindowsBuild('ERROR: The system was unable to find the specified registry key or value.'), {
    code: 'WINBUILD_NOT_RECOGNISED',
  });
});

test('the session is read from its SIDs in the table, CSV and list layouts, whatever the language', () => {
  for (const [name, text] of variants(F.WHOAMI_INTERACTIVE)) {
    const t = parseWhoamiGroups(text);
    assert.equal(isInteractive(t), true, name);
    assert.equal(isElevated(t), false, name);
    assert.equal(t.integrity, 'medium');
  }
  const es = parseWhoamiGroups(F.WHOAMI_ELEVATED_CSV_ES);
  assert.equal(isElevated(es), true);
  assert.equal(isInteractive(es), true);
  const svc = parseWhoamiGroups(F.WHOAMI_SERVICE_LIST);
  assert.deepEqual(svc.logon, ['service']);
  assert.equal(isInteractive(svc), false);
  assert.throws(() => parseWhoamiGroups('Zugriff verweigert'), { code: 'WHOAMI_NOT_RECOGNISED' });
});

test('netsh winhttp: direct, a proxy with its bypass list, and a German answer read by structure', () => {
  for (const [name, text] of variants(F.NETSH_DIRECT))
    assert.deepEqual(parseWinHttpProxy(text), { direct: true, servers: [], bypass: [] }, name);
  const p = parseWinHttpProxy(F.NETSH_PROXY);
  assert.deepEqual(p.servers, [{ scheme: null, host: 'proxy.contoso.com', port: 8080, raw: 'proxy.contoso.com:8080' }]);
  assert.deepEqual(p.bypass, ['<local>', '*.contoso.com']);
  const de = parseWinHttpProxy(F.viaUtf16(F.crlf(F.NETSH_PROXY_DE)));
  assert.deepEqual(
    de.servers.map((s) => [s.scheme, s.host, s.port]),
    [
      ['http', '127.0.0.1', 8888],
      ['https', '127.0.0.1', 8888],
    ],
  );
  assert.deepEqual(de.bypass, [], '"(keine)" is the empty list');
  assert.throws(() => parseWinHttpProxy(''), { code: 'WINHTTP_NOT_RECOGNISED' });
  assert.throws(
    () => parseWinHttpProxy('Current WinHTTP proxy settings:\n    Proxy Server(s) :  <script>alert(1)</script>\n'),
    { code: 'WINHTTP_NOT_RECOGNISED' },
  );
});

test('sc query: the state number is read, the localized word is not; a missing service is said so', () => {
  for (const [name, text] of variants(F.SC_RUNNING))
    assert.deepEqual(parseScQuery(text), { name: 'iphlpsvc', state: 'running' }, name);
  assert.deepEqual(parseScQuery(F.SC_STOPPED_FR), { name: 'WinHttpAutoProxySvc', state: 'stopped' });
  assert.deepEqual(parseScQuery(F.SC_MISSING), { name: null, state: 'not-installed' });
  assert.throws(() => parseScQuery('SERVICE_NAME: x\n STATE : RUNNING\n'), { code: 'SCQUERY_NOT_RECOGNISED' });
});

test('host-to-realm mappings: REG_MULTI_SZ lists, the exact host over a suffix, the longest suffix', () => {
  for (const [name, text] of variants(F.HOST_TO_REALM)) {
    const m = parseHostToRealm(text);
    assert.deepEqual(
      m.map((x) => [x.realm, x.hosts]),
      [
        ['CONTOSO.COM', ['.database.windows.net', 'sql01.contoso.com']],
        ['KERBEROS.MICROSOFTONLINE.COM', ['sqlmi1.abc123.database.windows.net']],
      ],
      name,
    );
    assert.equal(
      mappedRealm('sqlmi1.abc123.database.windows.net', m)?.realm,
      'KERBEROS.MICROSOFTONLINE.COM',
      'an exact host wins',
    );
    assert.equal(mappedRealm('sqlmi2.abc123.database.windows.net', m)?.realm, 'CONTOSO.COM');
    assert.equal(mappedRealm('sqlmi2.abc123.database.windows.net', m)?.entry, '.database.windows.net');
    assert.equal(mappedRealm('example.org', m), null);
  }
  const policy = parseHostToRealm(
    '\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\HostToRealm\n    CONTOSO.COM    REG_SZ    .windows.net;host1.contoso.com\n\n',
  );
  assert.deepEqual(
    policy.map((x) => [x.realm, x.hosts]),
    [['CONTOSO.COM', ['.windows.net', 'host1.contoso.com']]],
  );
});

test('KerbTopLevelNames: a suffix listed with ports covers only those ports; one listed bare covers all', () => {
  const names = '.windows.net,.windows.net:1433,.windows.net:3342,.azure.net,.azure.net:1433,.azure.net:3342'.split(
    ',',
  );
  assert.deepEqual(topLevelCoverage(names, 'mi.abc.database.windows.net', 1433), {
    host: true,
    port: true,
    matching: ['.windows.net', '.windows.net:1433', '.windows.net:3342'],
  });
  assert.equal(topLevelCoverage(names, 'mi.public.abc.database.windows.net', 3342).port, true);
  assert.deepEqual(
    [
      topLevelCoverage(names, 'mi.abc.database.windows.net', 11001).host,
      topLevelCoverage(names, 'mi.abc.database.windows.net', 11001).port,
    ],
    [true, false],
  );
  assert.deepEqual(
    [topLevelCoverage(names, 'sql.contoso.com', 1433).host, topLevelCoverage(names, 'sql.contoso.com', 1433).port],
    [false, false],
  );
  assert.equal(topLevelCoverage(['.windows.net'], 'mi.abc.database.windows.net', 3342).port, true);
  assert.equal(topLevelCoverage(names, 'evilwindows.net', 1433).host, false, 'a suffix matches at a dot only');
});

test('ProxyMgr: entries naming :8888 are Fiddler leftovers, other ports are not', () => {
  for (const [name, text] of variants(F.PROXY_MGR_FIDDLER)) {
    const p = parseProxyMgr(text);
    assert.equal(p.entries.length, 2, name);
    assert.deepEqual(
      p.fiddler.map((e) => e.value),
      ['http=127.0.0.1:8888;https=127.0.0.1:8888'],
    );
  }
  assert.deepEqual(parseProxyMgr('').fiddler, []);
});

test('Credential Guard: the policy value wins over the LSA one; absent is "not configured", never "off"', () => {
  const v = (n: number, key: string) => `\n${key}\n    LsaCfgFlags    REG_DWORD    0x${n}\n\n`;
  assert.deepEqual(parseCredentialGuard('', ''), { config: 'not-configured', source: null });
  assert.deepEqual(parseCredentialGuard(v(2, 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa'), ''), {
    config: 'on',
    source: 'lsa',
  });
  assert.deepEqual(
    parseCredentialGuard(
      F.crlf(v(2, 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa')),
      v(0, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceGuard'),
    ),
    { config: 'off', source: 'policy' },
  );
  assert.deepEqual(parseCredentialGuard(v(1, 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa'), ''), {
    config: 'on-uefi-lock',
    source: 'lsa',
  });
});

test("the KDC proxy policy's tenant is compared with the device's; KdcProxyServer_Enabled is read", () => {
  const mappings = kdcProxyMappings(
    parseRegQuery(
      '\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\KdcProxy\\ProxyServers\n    KERBEROS.MICROSOFTONLINE.COM    REG_SZ    <https login.microsoftonline.com:443:7A1B0000-0000-4000-8000-00000000CAFE/kerberos />\n\n',
    ),
  );
  const on =
    '\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\n    KdcProxyServer_Enabled    REG_DWORD    0x1\n\n';
  assert.deepEqual(kdcProxySettings(on, mappings, '7a1b0000-0000-4000-8000-00000000cafe'), {
    enabled: true,
    urls: ['https://login.microsoftonline.com/7A1B0000-0000-4000-8000-00000000CAFE/kerberos'],
    policyTenant: '7a1b0000-0000-4000-8000-00000000cafe',
    deviceTenant: '7a1b0000-0000-4000-8000-00000000cafe',
  });
  assert.equal(kdcProxySettings('', mappings, null).enabled, null);
  assert.deepEqual(kdcProxySettings('', [], 'x').urls, []);
});

test('whoami without any logon-type group (a trimmed excerpt) does not say the session is not interactive', () => {
  const excerpt = readFileSync(
    new URL('../../fixtures/real/device/whoami-groups-de-excerpt-no-logon-type.txt', import.meta.url),
    'utf8',
  );
  const t = parseWhoamiGroups(excerpt);
  assert.deepEqual(t.logon, []);
  assert.equal(isInteractive(t), null, 'unknown, never "not interactive"');
  assert.equal(isElevated(t), false);
  // A SYSTEM token is never the user's own session, logon group or not.
  assert.equal(isInteractive(parseWhoamiGroups('Mandatory Label\\System Mandatory Level Label S-1-16-16384')), false);
});
