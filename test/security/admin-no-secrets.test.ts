// No token leaves `kerbprobe admin`, and no name survives its --redact. For each scenario whose lab tenant differs
// (electron/lab/scenarios.ts's tenant facets), the built CLI runs as a helpdesk would: `admin` (human and --json,
// plain and --redact), the user's `check --json`, and `analyze` of both (human and --json). Every stdout and stderr
// is scanned for what the lab's Azure emulator issues — access and id tokens (JWT-shaped), refresh tokens and
// device codes (electron/lab/azure-emulator/emulator-tokens.ts exports their shapes) — and the redacted outputs
// for the lab tenant's ids and names (lab.json `azure`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { labCheckArgs } from '../../electron/lab/lab';
import { LAB_JWT_PATTERN, LAB_OPAQUE_TOKEN_PATTERN } from '../../electron/lab/azure-emulator/emulator-tokens';
import { labFor } from '../lab/lab-helpers';
import { runKerbprobe, type KerbprobeRun } from '../cli/run-kerbprobe';

const SCENARIOS = ['healthy', 'spn-missing', 'conditional-access', 'redirect-blocked', 'admin-no-policy-read'];
const work = mkdtempSync(join(tmpdir(), 'kerbprobe-admin-secrets-'));
after(() => rmSync(work, { recursive: true, force: true }));

function assertNoToken(run: KerbprobeRun, what: string): void {
  for (const [stream, text] of [
    ['stdout', run.stdout],
    ['stderr', run.stderr],
  ] as const) {
    assert.doesNotMatch(text, LAB_JWT_PATTERN, `${what}: a token on ${stream}`);
    assert.doesNotMatch(text, LAB_OPAQUE_TOKEN_PATTERN, `${what}: a refresh token or device code on ${stream}`);
  }
}

for (const scenario of SCENARIOS)
  test(`${scenario}: no token in the admin view, the user's report or the combined analysis`, async () => {
    const lab = await labFor(scenario);
    const env = lab.info.env;
    const azure = lab.info.azure;
    assert.ok(azure, 'the lab runs its Azure emulator');
    const server = lab.info.server;
    const runs: [string, KerbprobeRun][] = [];
    const kp = async (what: string, args: string[]) => {
      const run = await runKerbprobe(args, { env });
      runs.push([what, run]);
      return run;
    };
    const admin = await kp('admin --json', ['admin', '--server', server, '--json']);
    await kp('admin', ['admin', '--server', server]);
    const redactedJson = await kp('admin --redact --json', ['admin', '--server', server, '--redact', '--json']);
    const redactedHuman = await kp('admin --redact', ['admin', '--server', server, '--redact']);
    const user = await kp('check --json', labCheckArgs(lab.info));
    writeFileSync(join(work, `${scenario}-user.json`), user.stdout);
    writeFileSync(join(work, `${scenario}-admin.json`), admin.stdout);
    const files = [join(work, `${scenario}-user.json`), join(work, `${scenario}-admin.json`)];
    await kp('analyze --json', ['analyze', ...files, '--json']);
    await kp('analyze', ['analyze', ...files]);
    for (const [what, run] of runs) {
      assert.ok(run.code === 0 || run.code === 1, `${what}: exit ${run.code}: ${run.stderr}`);
      assertNoToken(run, `${scenario} ${what}`);
    }
    // Redacted: none of the lab tenant's ids or names (the prompt on stderr names only the emulator's address).
    const names = [
      azure.tenantId,
      azure.subscriptionId,
      azure.resourceGroup,
      azure.instanceName,
      azure.principal.appId,
      azure.principal.servicePrincipalId,
      server.split('.')[1]!,
    ];
    for (const run of [redactedJson, redactedHuman])
      for (const name of names)
        assert.ok(!run.stdout.toLowerCase().includes(name.toLowerCase()), `${scenario}: "${name}" survived --redact`);
  });
