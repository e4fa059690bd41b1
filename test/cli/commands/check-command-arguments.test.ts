// `kerbprobe check` judges every argument before any traffic (the contract's one validation, shared with
// IPC and the form): hostile or mistyped servers and CA files are usage errors with stable codes, exit 2,
// and nothing of a check (no step, no chain, no verdict) is printed. What SSMS users type is understood.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../capture-io';
import { runKerbprobe } from '../run-kerbprobe';

const tmp = mkdtempSync(join(tmpdir(), 'kerbprobe-check-args-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const notPem = join(tmp, 'ca.txt');
writeFileSync(notPem, 'this is not a certificate\n');
const SERVER = 'sqlmi1.abc123.database.windows.net';

const REFUSED: [string, string[], string, RegExp][] = [
  [
    'an escape sequence in --server',
    ['--server', `sqlmi1\x1b[2J\x1b]0;owned\x07.abc123.database.windows.net`],
    'INPUT_SERVER_CONTROL_CHARACTER',
    /invisible character U\+001B/,
  ],
  [
    'a bidi override in --server',
    ['--server', `sqlmi1\u202e.abc123.database.windows.net`],
    'INPUT_SERVER_CONTROL_CHARACTER',
    /U\+202E/,
  ],
  [
    'a Cyrillic look-alike in --server',
    ['--server', 'sqlmi1.abc123.databas\u0435.windows.net'],
    'INPUT_SERVER_NOT_ASCII',
    /U\+0435.*not an ASCII letter/,
  ],
  [
    'host:port contradicting --port',
    ['--server', `${SERVER}:1433`, '--port', '3342'],
    'INPUT_SERVER_PORT_CONFLICT',
    /names port 1433 but the port given is 3342/,
  ],
  [
    'tcp:host,port contradicting --port',
    ['--server', `tcp:${SERVER},3342`, '--port', '1433'],
    'INPUT_SERVER_PORT_CONFLICT',
    /names port 3342 but the port given is 1433/,
  ],
  ['a named instance', ['--server', `${SERVER}\\SQLEXPRESS`], 'INPUT_SERVER_INVALID', /not a valid host name/],
  [
    'a missing --ca file',
    ['--server', SERVER, '--ca', join(tmp, 'no-such-ca.pem')],
    'INPUT_CA_MISSING',
    /does not exist/,
  ],
  ['a --ca file that is not PEM', ['--server', SERVER, '--ca', notPem], 'INPUT_CA_NOT_PEM', /holds no PEM certificate/],
  ['a --ca that is a directory', ['--server', SERVER, '--ca', tmp], 'INPUT_CA_UNREADABLE', /cannot read the CA file/],
];

for (const [what, args, code, message] of REFUSED) {
  test(`${what}: exit 2 with ${code}, before the check starts`, async () => {
    const io = captureIo();
    const t0 = performance.now();
    assert.equal(await runCli(['check', ...args], io), 2, io.err);
    assert.match(io.err, message);
    assert.match(io.err, new RegExp(`\\[${code}\\]`));
    assert.doesNotMatch(io.err, /[\x1b\x07\u202e]/, 'the refused characters are not echoed raw');
    assert.equal(io.out, '', 'no verdict, no chain, no "the trust works"');
    // No KDC, DNS or TCP wait could fit in this: the check never started (the engine was not even loaded).
    assert.ok(performance.now() - t0 < 2000);

    const json = captureIo();
    assert.equal(await runCli(['check', ...args, '--json'], json), 2);
    const doc = JSON.parse(json.out) as { error: { code: string; message: string } };
    assert.equal(doc.error.code, code);
    assert.match(doc.error.message, message);
  });
}

test('tcp:host,port and host:port are split into server and port, with a note; the check uses that port', async () => {
  // No Kerberos environment and a name that cannot resolve: the check ends as DNS_FAILURE, on the port read.
  const env = { KRB5CCNAME: `FILE:${join(tmp, 'none')}`, KRB5_CONFIG: join(tmp, 'no-krb5.conf') };
  for (const server of ['tcp:SQLMI1.nowhere.invalid,3342', 'sqlmi1.nowhere.invalid:3342']) {
    const r = await runKerbprobe(['check', '--server', server, '--json', '--timeout', '5'], { env, timeoutMs: 30_000 });
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `read "${server.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" as server sqlmi1\\.nowhere\\.invalid, port 3342`,
      ),
    );
    const report = JSON.parse(r.stdout) as {
      target: { server: string; port: number; spn: string };
      diagnosis: { code: string };
    };
    assert.deepEqual(
      [report.target.server, report.target.port, report.target.spn],
      ['sqlmi1.nowhere.invalid', 3342, 'MSSQLSvc/sqlmi1.nowhere.invalid:3342'],
    );
    assert.equal(report.diagnosis.code, 'DNS_FAILURE');
  }
});
