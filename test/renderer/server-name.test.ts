import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portFromText, readServerName } from '../../renderer/src/lib/server-name';

const codes = (raw: string, port: number | null = 1433) => readServerName(raw, port).warnings.map((w) => w.code);

test('the instance FQDN passes without a warning', () => {
  const r = readServerName('  SQLMI1.abc123.database.windows.net. ', 1433);
  assert.equal(r.host, 'sqlmi1.abc123.database.windows.net');
  assert.equal(r.error, null);
  assert.deepEqual(r.warnings, []);
});

test('IPs, short names and names outside Azure SQL warn (they lead to NTLM or a wrong SPN)', () => {
  assert.deepEqual(codes('10.1.2.3'), ['IP_ADDRESS']);
  assert.deepEqual(codes('fd00::4'), ['IP_ADDRESS']);
  assert.deepEqual(codes('sqlmi1'), ['SHORT_NAME']);
  assert.deepEqual(codes('sql.contoso.com'), ['NOT_AZURE_SQL']);
  assert.deepEqual(codes('sqlmi1.privatelink.contoso.com'), ['NOT_AZURE_SQL']);
  assert.deepEqual(codes('mi.database.chinacloudapi.cn'), []);
});

test('public endpoint and port must agree', () => {
  assert.deepEqual(codes('mi.public.abc.database.windows.net', 1433), ['PUBLIC_ENDPOINT_PORT']);
  assert.deepEqual(codes('mi.public.abc.database.windows.net', 3342), []);
  assert.deepEqual(codes('mi.abc.database.windows.net', 3342), ['PRIVATE_ENDPOINT_PORT']);
});

test('what SSMS users paste is understood: tcp: prefix and ,port or :port suffix', () => {
  assert.deepEqual(readServerName('tcp:mi.public.abc.database.windows.net,3342', null), {
    host: 'mi.public.abc.database.windows.net',
    port: 3342,
    warnings: [],
    error: null,
    errorCode: null,
  });
  assert.equal(readServerName('mi.abc.database.windows.net:1433', null).port, 1433);
});

test('empty and invalid names are errors, not warnings', () => {
  assert.match(readServerName('   ', 1433).error ?? '', /Enter/);
  assert.match(readServerName('sql mi/1', 1433).error ?? '', /not a valid host name/);
  assert.match(readServerName('a..b', 1433).error ?? '', /not a valid host name/);
});

test('the form refuses what the CLI and IPC refuse, with the same codes', () => {
  assert.equal(readServerName('sqlmi1.abc.databas\u0435.windows.net', 1433).errorCode, 'INPUT_SERVER_NOT_ASCII');
  assert.equal(
    readServerName('sqlmi1\x1b[2J.abc.database.windows.net', 1433).errorCode,
    'INPUT_SERVER_CONTROL_CHARACTER',
  );
  assert.equal(
    readServerName('sqlmi1\u200b.abc.database.windows.net', 1433).errorCode,
    'INPUT_SERVER_CONTROL_CHARACTER',
  );
  assert.equal(readServerName('mi.abc.database.windows.net:99999', 1433).errorCode, 'INPUT_SERVER_PORT_INVALID');
});

test("a typed port is a whole number from 1 to 65535, the same for the check form and the helpdesk's Collect", () => {
  assert.equal(portFromText(' 3342 '), 3342);
  assert.equal(portFromText('1'), 1);
  assert.equal(portFromText('65535'), 65535);
  for (const bad of ['', '0', '65536', '14.33', '-1', '1e3', '0x59a', '123456', 'port'])
    assert.equal(portFromText(bad), null, bad);
});
