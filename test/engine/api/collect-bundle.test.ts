// The collection's bounds, with real processes: a command that hangs is stopped at its time limit, one that
// floods is stopped at the output limit, a missing one is noted — none of them ends the collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collectBundle,
  otherEndpoint,
  windowsQuestions,
  withoutUrlCredentials,
} from '../../../electron/engine/api/collect-bundle';
import { runTool, type ToolRunner } from '../../../electron/engine/run-tool';
import { DEVICE_COMMANDS } from '../../../electron/engine/environment/device-commands';
import { BundleSchema } from '../../../electron/contract/bundle';
import { MAX_COLLECTED_OUTPUT } from '../../../electron/contract/limits';
import { KerbProbeError } from '../../../electron/engine/errors';

const NOW = () => new Date('2027-03-04T11:30:00Z');
const target = { server: 'sqlmi1.abc123def456.database.windows.net', port: 1433 };

test('every question a helpdesk asks is asked, klist before klist get, never klist tgt (it prints the key)', () => {
  const qs = windowsQuestions(target).map((q) => [q.command, ...q.args].join(' '));
  assert.deepEqual(qs.slice(0, 4), [
    'klist',
    'klist get krbtgt/KERBEROS.MICROSOFTONLINE.COM',
    'klist get MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433',
    'klist get MSSQLSvc/sqlmi1.public.abc123def456.database.windows.net:3342',
  ]);
  for (const want of [
    'klist cloud_debug',
    'dsregcmd /status',
    'netsh winhttp show proxy',
    'sc query WinHttpAutoProxySvc',
    'sc query iphlpsvc',
    'whoami /groups',
  ])
    assert.ok(qs.includes(want), want);
  // The device checks' own commands, with the same arguments (environment/device-commands.ts).
  for (const c of Object.values(DEVICE_COMMANDS)) assert.ok(qs.includes([c.command, ...c.args].join(' ')), c.command);
  for (const key of [
    'Lsa\\Kerberos\\Parameters',
    'Policies\\System\\Kerberos\\Parameters',
    'KdcProxy\\ProxyServers',
    'Kerberos\\HostToRealm',
    'iphlpsvc\\Parameters\\ProxyMgr',
    'Windows NT\\CurrentVersion',
  ]) {
    assert.ok(
      qs.some((x) => x.startsWith('reg query') && x.includes(key)),
      key,
    );
  }
  assert.ok(!qs.some((x) => /klist tgt/.test(x)));
  assert.deepEqual(otherEndpoint({ server: 'mi.public.zone.database.windows.net', port: 3342 }), {
    server: 'mi.zone.database.windows.net',
    port: 1433,
  });
  assert.equal(otherEndpoint({ server: 'sql.contoso.com', port: 1433 }), null);
});

test('a hanging command times out, a flooding one is cut, a missing one is noted; the bundle is whole', async () => {
  // Real processes stand in for three of Windows' tools; every other command does not exist here.
  const run: ToolRunner = (command, args, opts) => {
    if (command === 'klist' && args.length === 0) return runTool('sh', ['-c', 'sleep 60'], opts);
    if (command === 'dsregcmd') return runTool('head', ['-c', String(MAX_COLLECTED_OUTPUT * 8), '/dev/zero'], opts);
    if (command === 'whoami')
      return runTool('sh', ['-c', `head -c ${MAX_COLLECTED_OUTPUT + 10} /dev/zero | tr '\\0' x; exit 3`], opts);
    return runTool(`kerbprobe-absent-${command}`, args, opts);
  };
  const t0 = performance.now();
  const b = await collectBundle({ platform: 'win32', runTool: run, now: NOW, target, redact: false, timeoutMs: 2000 });
  BundleSchema.parse(b);
  const by = (id: string) => b.commands.find((c) => c.id === id);
  assert.equal(by('klist')?.outcome, 'timeout');
  assert.equal(by('dsregcmd-status')?.outcome, 'failed');
  assert.match(by('dsregcmd-status')?.note ?? '', /TOOL_OUTPUT_TOO_LARGE/);
  assert.equal(by('device-groups')?.outcome, 'ok');
  assert.equal(by('device-groups')?.exitCode, 3, 'a failing exit keeps its output');
  assert.equal(by('device-groups')?.truncated, true);
  assert.equal(by('device-groups')?.stdout.length, MAX_COLLECTED_OUTPUT);
  assert.equal(by('device-winhttp-proxy')?.outcome, 'missing');
  assert.equal(b.capturedAt, '2027-03-04T11:30:00.000Z');
  assert.equal(b.check, null);
  assert.ok(performance.now() - t0 < 50_000, 'each command is bounded by its own time limit');
});

test('a check that throws is noted in the bundle, not fatal', async () => {
  const run: ToolRunner = (command, args, opts) => runTool(`kerbprobe-absent-${command}`, args, opts);
  const b = await collectBundle({
    platform: 'linux',
    runTool: run,
    now: NOW,
    target,
    redact: false,
    runCheck: async () => {
      throw Object.assign(new Error('no'), { code: 'X' });
    },
  });
  assert.deepEqual(b.checkError, { code: 'INTERNAL', message: 'the check stopped with an internal error' });
  assert.ok(b.commands.every((c) => c.outcome === 'missing'));
});

test('a redacted bundle still fits its schema when placeholders are longer than the names they replace', async () => {
  const run: ToolRunner = (command, args, opts) => runTool(`kerbprobe-absent-${command}`, args, opts);
  const message = 'al@c.io '.repeat(250).slice(0, 2000);
  const b = await collectBundle({
    platform: 'linux',
    runTool: run,
    now: NOW,
    target,
    redact: true,
    runCheck: async () => {
      throw new KerbProbeError('X_FAILED', message);
    },
  });
  assert.equal(b.redacted, true);
  assert.equal(b.checkError?.code, 'X_FAILED');
  assert.doesNotMatch(b.checkError?.message ?? '', /al@c\.io/);
  assert.ok((b.checkError?.message.length ?? 0) <= 2000);
  BundleSchema.parse(b);
});

test('a password in a proxy URL never reaches the bundle', () => {
  assert.equal(
    withoutUrlCredentials('    Proxy Server(s) :  http://alice:S3cret!@proxy.contoso.com:8888\r\n'),
    '    Proxy Server(s) :  http://[credentials removed]@proxy.contoso.com:8888\r\n',
  );
  assert.equal(
    withoutUrlCredentials('<https login.microsoftonline.com:443:tenant/kerberos />'),
    '<https login.microsoftonline.com:443:tenant/kerberos />',
  );
});

test('the encoded product key of CurrentVersion never reaches the bundle; the build values do', async () => {
  const reg =
    '\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n' +
    '    CurrentBuild    REG_SZ    22631\r\n' +
    '    DigitalProductId    REG_BINARY    A40000000300000030303333\r\n' +
    '    DigitalProductId4    REG_BINARY    F804000004000000\r\n' +
    '    UBR    REG_DWORD    0xcd3\r\n';
  const run: ToolRunner = async (command, args, opts) =>
    command === 'reg' && args[1]?.endsWith('Windows NT\\CurrentVersion')
      ? { stdout: reg, stderr: '', exitCode: 0 }
      : runTool(`kerbprobe-absent-${command}`, args, opts);
  const b = await collectBundle({ platform: 'win32', runTool: run, now: NOW, target: null, redact: false });
  const build = b.commands.find((c) => c.id === 'device-build');
  assert.doesNotMatch(build?.stdout ?? '', /DigitalProductId|A4000000/);
  assert.match(build?.stdout ?? '', /CurrentBuild    REG_SZ    22631\r\n    UBR    REG_DWORD    0xcd3/);
});
