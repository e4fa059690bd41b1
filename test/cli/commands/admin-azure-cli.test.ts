// `kerbprobe admin --sign-in azure-cli` end to end: the built CLI, a real lab with its Azure emulator, and the
// Azure CLI's `az` replaced by the stand-in test/fixtures/az-stand-in/ first on PATH (the real one is not
// installed here). The stand-in accepts only the command line @azure/identity's AzureCliCredential sends, records
// it, gets a real token from the lab's emulator and prints it in the shape Microsoft documents for
// `az account get-access-token`; without its "az login" state it answers as `az` does before `az login`.
// Expected values: the findings of the same scenario read with the device code (admin-command.test.ts: spn-missing
// is MI_SERVICE_PRINCIPAL_OFF, read from ARM alone since the instance names no principal; admin-emulator.test.ts:
// an enabled MFA policy on all cloud apps, the conditional-access scenario, is CONDITIONAL_ACCESS_BLOCKS_KERBEROS,
// read from ARM and Graph), the resources are the public cloud's ARM and Graph (docs/admin.md), the working
// folder is the one the identity library runs `az` in on Linux (/bin, azureCliCredential.js getSafeWorkingDir).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminReportSchema, type AdminReport } from '../../../electron/contract/admin';
import { startTestLab, type Lab } from '../../lab/lab-helpers';
import { tokenShapes } from '../../security/secrets/azure-tokens';
import { runKerbprobe } from '../run-kerbprobe';

const STAND_IN = fileURLToPath(new URL('../../fixtures/az-stand-in', import.meta.url));
const ARM = 'https://management.azure.com';
const GRAPH = 'https://graph.microsoft.com';

const work = mkdtempSync(join(tmpdir(), 'kerbprobe-admin-az-'));
let lab: Lab;
let caLab: Lab;
before(async () => {
  lab = await startTestLab('spn-missing');
  caLab = await startTestLab('conditional-access');
});
after(async () => {
  await lab?.stop();
  await caLab?.stop();
  rmSync(work, { recursive: true, force: true });
});

let folders = 0;
/** An AZURE_CONFIG_DIR for one run: signed in to the lab tenant (`az login` done) or not. */
function azConfig(signedIn: boolean, of: Lab = lab): string {
  const dir = join(work, `az-${++folders}`);
  mkdirSync(dir, { mode: 0o700 });
  const azure = of.info.azure;
  assert.ok(azure, 'the lab runs its Azure emulator');
  if (signedIn)
    writeFileSync(
      join(dir, 'account.json'),
      JSON.stringify({
        authorityHost: azure.authorityHost,
        tenantId: azure.tenantId,
        clientId: azure.clientId,
        secretsFile: join(of.info.dir, 'lab-secrets.json'),
        caFile: azure.caFile,
        subscription: azure.subscriptionId,
      }),
      { mode: 0o600 },
    );
  return dir;
}

function azEnv(config: string, base: NodeJS.ProcessEnv = lab.info.env): NodeJS.ProcessEnv {
  return { ...base, PATH: `${STAND_IN}:${process.env.PATH ?? '/usr/bin:/bin'}`, AZURE_CONFIG_DIR: config };
}

/** Each `az` command line the stand-in received, with the folder it ran in. */
function azCalls(config: string): { argv: string[]; cwd: string }[] {
  const file = join(config, 'argv.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { argv: string[]; cwd: string });
}

function issuedTokens(config: string): string[] {
  const file = join(config, 'issued-tokens.txt');
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}

/** The emulator's request log from line `from` on (paths and statuses; never a header or a body). */
function emulatorRequests(
  from = 0,
  of: Lab = lab,
): { service: string; method: string; path: string; status: number }[] {
  const log = of.info.azure?.log;
  assert.ok(log);
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"path"'))
    .slice(from)
    .map((line) => JSON.parse(line) as { service: string; method: string; path: string; status: number });
}

/** What the two sign-ins must agree on: every check's id, status, facts and lines, and the diagnosis. */
function findings(report: AdminReport) {
  return {
    checks: report.checks.map(({ id, status, facts, evidence, missing }) => ({ id, status, facts, evidence, missing })),
    diagnosis: report.diagnosis?.code ?? null,
  };
}

/**
 * One scenario read through `az` and with the device code: the same findings; `az` asked for RESOURCES in the
 * library's command line; every token issued went to `az` and none is shown.
 */
async function throughAz(lab: Lab, code: string, resources: string[]): Promise<void> {
  const deviceCode = await runKerbprobe(['admin', '--server', lab.info.server, '--json'], { env: lab.info.env });
  assert.equal(deviceCode.code, 1, deviceCode.stderr);
  const expected = AdminReportSchema.parse(JSON.parse(deviceCode.stdout));
  assert.equal(expected.diagnosis?.code, code);

  const config = azConfig(true, lab);
  const seen = emulatorRequests(0, lab).length;
  const run = await runKerbprobe(['admin', '--server', lab.info.server, '--sign-in', 'azure-cli', '--json'], {
    env: azEnv(config, lab.info.env),
  });
  assert.equal(run.code, 1, run.stderr);
  const report = AdminReportSchema.parse(JSON.parse(run.stdout));
  assert.equal(report.signIn, 'azure-cli');
  assert.equal(report.diagnosis?.code, code);
  assert.deepEqual(findings(report), findings(expected));
  assert.doesNotMatch(run.stderr, /devicelogin|To sign in/, 'no device-code prompt');

  // The command line AzureCliCredential 4.14.1 sends (the lab's KERBPROBE_AZURE_TENANT_ID is the tenant), in /bin.
  const calls = azCalls(config);
  const tenant = lab.info.azure?.tenantId ?? '';
  for (const call of calls) {
    assert.deepEqual(call.argv.slice(0, 5), ['account', 'get-access-token', '--output', 'json', '--resource']);
    assert.deepEqual(call.argv.slice(6), ['--tenant', tenant]);
    assert.equal(call.cwd, realpathSync('/bin')); // /bin is /usr/bin where /usr is merged
  }
  // Once each: `az` is a process (a Python start-up of a second or more on a helpdesk's machine), and a token for a
  // resource serves every request of the read until it is near its end.
  assert.deepEqual(calls.map((c) => c.argv[5]).sort(), [...resources].sort());

  // Every token the sign-in service issued in this run went to `az`, and ARM and Graph took them.
  const asked = emulatorRequests(seen, lab);
  const issued = issuedTokens(config);
  assert.ok(issued.length > 0);
  assert.equal(asked.filter((r) => r.path.endsWith('/oauth2/v2.0/token')).length, issued.length);
  assert.equal(asked.filter((r) => r.path.endsWith('/oauth2/v2.0/devicecode')).length, 0);
  assert.ok(asked.some((r) => r.service === 'arm' && r.status === 200));
  if (resources.includes(GRAPH)) assert.ok(asked.some((r) => r.service === 'graph' && r.status === 200));

  // No token in the report, on stdout or on stderr: neither the ones `az` handed over nor anything of their shape.
  for (const token of issued) {
    const signature = token.split('.')[2] ?? token;
    for (const [where, text] of [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
    ] as const) {
      assert.ok(!text.includes(token) && !text.includes(signature), `a token of az's in ${where}`);
    }
  }
  assert.deepEqual([...tokenShapes('stdout', run.stdout), ...tokenShapes('stderr', run.stderr)], []);

  // The human report says the same.
  const human = await runKerbprobe(['admin', '--server', lab.info.server, '--sign-in', 'azure-cli'], {
    env: azEnv(azConfig(true, lab), lab.info.env),
  });
  assert.equal(human.code, 1, human.stderr);
  assert.match(human.stdout, /signed in with azure-cli/);
  assert.match(human.stdout, new RegExp(`FAIL {2}${code}: `));
  assert.deepEqual([...tokenShapes('stdout', human.stdout), ...tokenShapes('stderr', human.stderr)], []);
}

test("spn-missing through `az`: the device code's findings (ARM alone), asked as the library documents, no token shown", () =>
  throughAz(lab, 'MI_SERVICE_PRINCIPAL_OFF', [ARM]));

test("conditional-access through `az`: the device code's findings from ARM and Graph, no token shown", () =>
  throughAz(caLab, 'CONDITIONAL_ACCESS_BLOCKS_KERBEROS', [ARM, GRAPH]));

test('--tenant goes to `az` as --tenant; with no tenant at all `az` is asked without one (its account decides)', async () => {
  const tenant = lab.info.azure?.tenantId ?? '';
  const { KERBPROBE_AZURE_TENANT_ID: labTenant, ...noTenant } = lab.info.env;
  assert.equal(labTenant, tenant);

  const given = azConfig(true);
  const withTenant = await runKerbprobe(
    ['admin', '--server', lab.info.server, '--sign-in', 'azure-cli', '--tenant', tenant, '--json'],
    { env: azEnv(given, noTenant) },
  );
  assert.equal(withTenant.code, 1, withTenant.stderr);
  assert.equal(AdminReportSchema.parse(JSON.parse(withTenant.stdout)).diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
  const givenCalls = azCalls(given);
  assert.ok(givenCalls.length > 0);
  for (const call of givenCalls) assert.deepEqual(call.argv.slice(6), ['--tenant', tenant]);

  const home = azConfig(true);
  const without = await runKerbprobe(['admin', '--server', lab.info.server, '--sign-in', 'azure-cli', '--json'], {
    env: azEnv(home, noTenant),
  });
  assert.equal(without.code, 1, without.stderr);
  const homeCalls = azCalls(home);
  assert.ok(homeCalls.length > 0);
  for (const call of homeCalls) assert.equal(call.argv.length, 6, call.argv.join(' '));
});
test('`az` not signed in: exit 2, ADMIN_AZ_LOGIN_REQUIRED, "sign in with `az login` first", nothing read', async () => {
  const config = azConfig(false);
  const seen = emulatorRequests().length;
  const run = await runKerbprobe(['admin', '--server', lab.info.server, '--sign-in', 'azure-cli', '--json'], {
    env: azEnv(config),
  });
  assert.equal(run.code, 2, run.stderr);
  const doc = JSON.parse(run.stdout) as { error?: { code?: string; message?: string } };
  assert.equal(doc.error?.code, 'ADMIN_AZ_LOGIN_REQUIRED', run.stdout);
  // The lab's environment names the tenant, so `az login` is told which one.
  assert.ok(run.stderr.includes(`sign in with \`az login --tenant ${lab.info.azure?.tenantId}\` first`), run.stderr);
  assert.match(run.stderr, /\[ADMIN_AZ_LOGIN_REQUIRED\]$/m);
  assert.equal(azCalls(config).length, 1, 'az was asked, once');
  assert.deepEqual(emulatorRequests(seen), [], 'nothing was asked of the emulator');
});

test('no `az` on PATH: exit 2, ADMIN_AZ_CLI_NOT_FOUND, the Azure CLI named', async () => {
  const run = await runKerbprobe(['admin', '--server', lab.info.server, '--sign-in', 'azure-cli'], {
    env: { ...lab.info.env, PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /\[ADMIN_AZ_CLI_NOT_FOUND\]$/m);
  assert.match(run.stderr, /Azure CLI \(`az`\) was not found/);
});
