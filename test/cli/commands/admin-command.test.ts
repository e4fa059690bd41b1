// `kerbprobe admin` as a helpdesk runs it (the built CLI, its own process) against a lab's Azure emulator: stdout is
// the report alone (JSON with --json), the device-code prompt goes to stderr, exit 0 when nothing is found, 1 for
// a diagnosis (a check the account may not read included), 2 for a refused command line; `analyze` reads the
// admin report beside the user's report. Usage errors need no lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { AdminReportSchema } from '../../../electron/contract/admin';
import { CombinedAnalysisSchema } from '../../../electron/contract/analysis';
import { labCheckArgs } from '../../../electron/lab/lab';
import { labFor } from '../../lab/lab-helpers';
import { runKerbprobe } from '../run-kerbprobe';

const work = mkdtempSync(join(tmpdir(), 'kerbprobe-admin-cli-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('a command line it cannot run is refused with exit 2, before any sign-in', async () => {
  const missing = await runKerbprobe(['admin', '--json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /"code": "USAGE"/);
  const badClient = await runKerbprobe(['admin', '--server', 'mi.zone.database.windows.net', '--client-id', 'x']);
  assert.equal(badClient.code, 2);
  assert.match(badClient.stderr, /--client-id must be an application \(client\) id/);
  // The same reading and code as the app's form and admin:run (contract/admin-input.ts).
  const badTenant = await runKerbprobe([
    'admin',
    '--server',
    'mi.zone.database.windows.net',
    '--tenant',
    'contoso',
    '--json',
  ]);
  assert.equal(badTenant.code, 2);
  assert.match(badTenant.stdout, /"code": "INPUT_TENANT_INVALID"/);
  const badClientJson = await runKerbprobe([
    'admin',
    '--server',
    'mi.zone.database.windows.net',
    '--client-id',
    'x',
    '--json',
  ]);
  assert.match(badClientJson.stdout, /"code": "INPUT_CLIENT_ID_INVALID"/);
  const badName = await runKerbprobe(['admin', '--server', "mi' or 1==1.database.windows.net"]);
  assert.equal(badName.code, 2);
  assert.match(badName.stderr, /INPUT_SERVER_INVALID/);
});

test('spn-missing: exit 1, MI_SERVICE_PRINCIPAL_OFF; the prompt on stderr; analyze joins both ends', async () => {
  const lab = await labFor('spn-missing');
  const env = lab.info.env;
  const admin = await runKerbprobe(['admin', '--server', lab.info.server, '--json'], { env });
  assert.equal(admin.code, 1, admin.stderr);
  const report = AdminReportSchema.parse(JSON.parse(admin.stdout));
  assert.equal(report.diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
  assert.match(admin.stderr, /To sign in, use a web browser to open the page https:\/\/127\.0\.0\.1:\d+\/devicelogin/);
  assert.doesNotMatch(admin.stdout, /devicelogin/);

  const human = await runKerbprobe(['admin', '--server', lab.info.server], { env });
  assert.equal(human.code, 1);
  assert.match(human.stdout, /FAIL {2}MI_SERVICE_PRINCIPAL_OFF: /);
  assert.match(human.stdout, /✖ The instance's Kerberos service principal/);

  const user = await runKerbprobe(labCheckArgs(lab.info), { env });
  assert.equal(user.code, 1);
  writeFileSync(join(work, 'user.json'), user.stdout);
  writeFileSync(join(work, 'admin.json'), admin.stdout);
  const both = await runKerbprobe(['analyze', join(work, 'user.json'), join(work, 'admin.json'), '--json'], { env });
  assert.equal(both.code, 1);
  const combined = CombinedAnalysisSchema.parse(JSON.parse(both.stdout));
  assert.equal(combined.diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
  assert.match(combined.diagnosis?.evidence[0] ?? '', /certain/);
});

test('admin-no-policy-read: exit 1, Conditional Access could not be read, Policy.Read.All named', async () => {
  const lab = await labFor('admin-no-policy-read');
  const run = await runKerbprobe(['admin', '--server', lab.info.server], { env: lab.info.env });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /\? Conditional Access policies +could not read/);
  assert.match(run.stdout, /missing permission Policy\.Read\.All \(Microsoft Graph, delegated\)/);
  assert.match(run.stdout, /FAIL {2}ADMIN_READ_FORBIDDEN/);
});
