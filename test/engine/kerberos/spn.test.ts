import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindingServiceName, buildServicePrincipal, parsePrincipalText } from '../../../electron/engine/kerberos/spn';
import { KerbProbeError } from '../../../electron/engine/errors';

test('the SPN uses the typed name, lower-cased, with the port; GSSAPI and SSPI get their own form', () => {
  const sp = buildServicePrincipal('SqlMI1.ABC123.Database.Windows.NET.', 1433);
  assert.equal(sp.spn, 'MSSQLSvc/sqlmi1.abc123.database.windows.net:1433');
  assert.equal(sp.gssHostBased, 'MSSQLSvc@sqlmi1.abc123.database.windows.net:1433');
  assert.equal(bindingServiceName(sp, 'linux'), 'MSSQLSvc@sqlmi1.abc123.database.windows.net:1433');
  assert.equal(bindingServiceName(sp, 'win32'), 'MSSQLSvc/sqlmi1.abc123.database.windows.net:1433');
  assert.equal(sp.hostKind, 'fqdn');
  assert.equal(sp.azureSql, true);
  assert.deepEqual(sp.warnings, []);
});

test('public endpoint port 3342 and sovereign clouds are Azure SQL hosts', () => {
  assert.equal(
    buildServicePrincipal('mi.public.zone.database.windows.net', 3342).spn,
    'MSSQLSvc/mi.public.zone.database.windows.net:3342',
  );
  assert.equal(buildServicePrincipal('mi.zone.database.chinacloudapi.cn', 1433).azureSql, true);
  assert.equal(buildServicePrincipal('sql.contoso.com', 1433).azureSql, false);
});

test('IP addresses and short names are flagged: Windows would fall back to NTLM', () => {
  const ip = buildServicePrincipal('10.0.0.4', 1433);
  assert.equal(ip.hostKind, 'ip');
  assert.deepEqual(
    ip.warnings.map((w) => w.code),
    ['SPN_HOST_IS_IP'],
  );
  const v6 = buildServicePrincipal('[fd00::4]', 1433);
  assert.equal(v6.hostKind, 'ip');
  const short = buildServicePrincipal('sqlmi1', 1433);
  assert.equal(short.hostKind, 'short');
  assert.deepEqual(
    short.warnings.map((w) => w.code),
    ['SPN_HOST_IS_SHORT'],
  );
  assert.equal(short.azureSql, false);
});

test('bad hosts and ports are typed INVALID_TARGET errors', () => {
  for (const [h, p] of [
    ['', 1433],
    ['a b.example', 1433],
    ['-x.example', 1433],
    ['x'.repeat(64) + '.example', 1433],
    ['ok.example', 0],
    ['ok.example', 70000],
    ['ok.example', 1.5],
    ['ok.example/evil', 1433],
    ['a@b.example', 1433],
  ] as const) {
    assert.throws(
      () => buildServicePrincipal(h, p),
      (e: unknown) => e instanceof KerbProbeError && e.code === 'INVALID_TARGET',
      `${h}:${p}`,
    );
  }
});

test('principal text splits on unescaped separators', () => {
  assert.deepEqual(parsePrincipalText('MSSQLSvc/h.example:1433@KERBEROS.MICROSOFTONLINE.COM'), {
    components: ['MSSQLSvc', 'h.example:1433'],
    realm: 'KERBEROS.MICROSOFTONLINE.COM',
  });
  assert.deepEqual(parsePrincipalText('a\\/b@R'), { components: ['a/b'], realm: 'R' });
  assert.deepEqual(parsePrincipalText('krbtgt/X'), { components: ['krbtgt', 'X'], realm: null });
});
