// `kerbprobe admin` against the lab's Azure emulator (electron/lab/azure-emulator/: Microsoft's published example
// answers with the lab's names, varied per scenario facet), over real HTTPS with the real @azure/identity device
// code flow: every facet's checks and diagnosis, the sign-in prompt neutralised and kept off the report, and no
// token the emulator issued in any output. The expected codes are those of Microsoft's pages each check rests on
// (the principal off; Redirect; an MFA policy on all cloud apps; a missing AllPrincipals grant; 403).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createEngineApi } from '../../../electron/engine/api/engine-api';
import { renderAdmin } from '../../../electron/cli/commands/admin-command';
import { plainText } from '../../../electron/cli/terminal-text';
import type { AdminReport } from '../../../electron/contract/admin';
import type { TenantFacet } from '../../../electron/lab/lab-types';
import { LAB_JWT_PATTERN, LAB_OPAQUE_TOKEN_PATTERN } from '../../../electron/lab/azure-emulator/emulator-tokens';
import { testEmulator } from '../../lab/azure-emulator/emulator-helpers';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-admin-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** One admin read of the lab instance under FACET: the report, the prompts and the human output. */
async function adminUnder(facet: TenantFacet, signIns = false) {
  const emu = await testEmulator(facet);
  const caFile = join(dir, `ca-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(caFile, emu.caPem);
  const engine = createEngineApi({
    env: {
      KERBPROBE_AZURE_AUTHORITY_HOST: emu.base,
      KERBPROBE_AZURE_ARM_ENDPOINT: emu.base,
      KERBPROBE_AZURE_GRAPH_ENDPOINT: emu.base,
      KERBPROBE_AZURE_CA_FILE: caFile,
      KERBPROBE_AZURE_CLIENT_ID: emu.tenant.client.appId,
      KERBPROBE_AZURE_TENANT_ID: emu.tenant.tenantId,
    },
    now: () => new Date('2026-12-07T12:00:00Z'),
  });
  const prompts: string[] = [];
  const report = await engine.admin(
    { server: emu.tenant.instance.fqdn, ...(signIns ? { signIns: true } : {}) },
    { onPrompt: (text) => prompts.push(text) },
  );
  const human = plainText(renderAdmin(report));
  return { emu, report, prompts, human };
}

const statuses = (r: AdminReport) => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));

function assertNoToken(...texts: string[]): void {
  for (const text of texts) {
    assert.doesNotMatch(text, LAB_JWT_PATTERN);
    assert.doesNotMatch(text, LAB_OPAQUE_TOKEN_PATTERN);
  }
}

test('the healthy lab tenant: every check passes; the device-code prompt went to the prompt, not the report', async () => {
  const { report, prompts, human } = await adminUnder({}, true);
  assert.deepEqual(statuses(report), {
    'find-instance': 'pass',
    'service-principal': 'pass',
    'entra-admin': 'pass',
    'connection-type': 'pass',
    'public-endpoint': 'pass',
    'entra-principal': 'pass',
    'admin-consent': 'pass',
    'conditional-access': 'pass',
    'sign-ins': 'pass',
  });
  assert.equal(report.diagnosis, null);
  assert.equal(prompts.length, 1);
  assert.match(prompts[0]!, /devicelogin/);
  assert.ok(!JSON.stringify(report).includes(prompts[0]!));
  assertNoToken(JSON.stringify(report), human, prompts.join('\n'));
});

test("servicePrincipal.type None: MI_SERVICE_PRINCIPAL_OFF, Graph not asked about a principal that isn't there", async () => {
  const { report } = await adminUnder({ servicePrincipal: 'None' });
  assert.equal(report.diagnosis?.code, 'MI_SERVICE_PRINCIPAL_OFF');
  assert.equal(statuses(report)['entra-principal'], 'skipped');
});

test('proxyOverride Redirect: a warning that names 11000–11999 (MI_REDIRECT_PORTS explains a blocked redirect)', async () => {
  const { report, human } = await adminUnder({ proxyOverride: 'Redirect' });
  assert.equal(statuses(report)['connection-type'], 'warn');
  assert.match(human, /11000–11999/);
  // Alone it is a setting, not a failure: it explains a failure the user's side shows (see analyze).
  assert.equal(report.diagnosis, null);
});

test('an enabled MFA policy on all cloud apps: CONDITIONAL_ACCESS_BLOCKS_KERBEROS, the policy named', async () => {
  const { report, human } = await adminUnder({ conditionalAccess: 'block-all-apps' });
  assert.equal(report.diagnosis?.code, 'CONDITIONAL_ACCESS_BLOCKS_KERBEROS');
  assert.match(report.diagnosis?.evidence.join('\n') ?? '', /"Require multifactor authentication for all users"/);
  assert.match(human, /Require multifactor authentication for all users/);
});

test('no AllPrincipals grant: MI_ADMIN_CONSENT_MISSING, naming Microsoft Graph User.Read', async () => {
  const { report } = await adminUnder({ adminConsent: 'missing' });
  assert.equal(report.diagnosis?.code, 'MI_ADMIN_CONSENT_MISSING');
  assert.match(report.diagnosis?.evidence.join('\n') ?? '', /Microsoft Graph: User\.Read/);
});

test('without Policy.Read.All: Conditional Access could not be read, the permission and role named', async () => {
  const { report, human } = await adminUnder({ withhold: ['graph:Policy.Read.All'] });
  assert.equal(statuses(report)['conditional-access'], 'unreadable');
  assert.equal(report.diagnosis?.code, 'ADMIN_READ_FORBIDDEN');
  assert.match(human, /could not read: missing permission Policy\.Read\.All/);
});

test('without the Reader role: the instance could not be found, Reader named, nothing guessed', async () => {
  const { report } = await adminUnder({ withhold: ['arm:Reader'] });
  const find = report.checks[0]!;
  // Resource Graph answers an account without Reader with no rows (it lists what the account may read) or 403.
  assert.ok(find.status === 'unreadable' || find.status === 'fail', find.status);
  assert.ok(report.checks.slice(1).every((c) => c.status === 'skipped' || c.status === 'unreadable'));
});
