// impacket's mssqlclient (Debian's python3-impacket: an independent TDS and Kerberos client that people run against
// real SQL Servers) logs in to the lab with -k: SPNEGO, Microsoft's Kerberos OID, a bare AP-REQ, TDS 7.1. Its
// service ticket comes from MIT kvno in the lab's realm; the assertions read impacket's own output and the lab log.
// build/setup.sh installs python3-impacket: when it is missing this test fails and says so, it does not skip.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mit, startTestLab, type Lab } from '../lab-helpers';

/** Debian's python (python3-impacket installs into its dist-packages) and where Debian puts the example script. */
const PYTHON = '/usr/bin/python3';
const MSSQLCLIENT_CANDIDATES = ['/usr/share/doc/python3-impacket/examples/mssqlclient.py'];
const RUNNER = join(import.meta.dirname, 'helpers', 'run-impacket-mssqlclient.py');

function findMssqlclient(): string {
  const script = MSSQLCLIENT_CANDIDATES.find((path) => existsSync(path));
  const importable = existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import impacket.tds'], {}).status === 0;
  if (!script || !importable)
    assert.fail(
      "impacket's mssqlclient is not installed (Debian package python3-impacket: build/setup.sh installs it; " +
        'or `apt-get install python3-impacket`)',
    );
  return script;
}

let lab: Lab;
before(async () => {
  lab = await startTestLab('healthy');
});
after(async () => {
  await lab?.stop();
});

test("impacket's mssqlclient -k logs in and runs SQL as the Kerberos user; the lab logs what it received", async () => {
  const script = findMssqlclient();
  const kvno = await mit(lab.info, 'kvno', [lab.info.spn]);
  assert.equal(kvno.code, 0, kvno.stderr);
  const queries = join(lab.dir, 'impacket.sql');
  writeFileSync(
    queries,
    'SELECT SUSER_SNAME()\nSELECT auth_scheme FROM sys.dm_exec_connections WHERE session_id = @@SPID\n',
  );
  const before = lab.log().length;
  const run = spawnSync(
    PYTHON,
    [
      RUNNER,
      script,
      lab.info.server,
      '-k',
      '-no-pass',
      '-port',
      String(lab.info.port),
      '-file',
      queries,
      lab.info.server,
    ],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        LC_ALL: 'C.UTF-8',
        HOME: lab.dir,
        KRB5_CONFIG: lab.info.env.KRB5_CONFIG,
        // impacket opens KRB5CCNAME as a plain path: no `FILE:` prefix.
        KRB5CCNAME: lab.info.env.KRB5CCNAME.replace(/^FILE:/, ''),
      },
    },
  );
  const out = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, out);
  // impacket prints LOGINACK as "[*] ACK: Result: 1 - <program name> (<version>)" only when the login succeeded.
  assert.match(out, /^\[\*\] ACK: Result: 1 - Microsoft SQL Server/m, out);
  assert.match(out, /^alice@contoso\.test\s*$/m, out);
  assert.match(out, /^KERBEROS\s*$/m, out);
  assert.doesNotMatch(out, /^\[-\]/m, 'no impacket error line');
  const log = lab.log().slice(before);
  const received = log.split('\n').find((line) => line.includes('SSPI token from 127.0.0.1:')) ?? '';
  assert.match(received, /SPNEGO NegTokenInit, \d+ bytes; mechanisms \[1\.2\.840\.48018\.1\.2\.2 \(MS Kerberos\)\]/);
  assert.match(received, /; mechToken: bare Kerberos AP-REQ \(no GSS framing\), \d+ bytes/);
  assert.match(log, /Login succeeded for user 'alice@contoso\.test'\. Connection made using Windows authentication\./);
  assert.doesNotMatch(log, /Error: 18452/);
});
