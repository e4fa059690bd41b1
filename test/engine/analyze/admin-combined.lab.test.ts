// One diagnosis from both ends, on real reports: each paired lab scenario's user check (the MIT path and the
// check's Windows path, scenario-reports.ts) and the admin read of the same lab's Azure emulator (its tenant facet:
// Microsoft's example answers varied per scenario), analysed together as `kerbprobe analyze user.json admin.json`
// would. Expected: the server-side cause the Microsoft pages name — the service principal off explains the SPN the
// Entra KDC does not know (winauth-azuread-kerberos-managed-instance), a Conditional Access policy on all cloud
// apps is the 0x52f / KDC_ERR_POLICY refusal by name (winauth-azuread-troubleshoot), Redirect needs 11000–11999
// (connection-types-overview). No token the emulator issued reaches the combined analysis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngineApi } from '../../../electron/engine/api/engine-api';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { LAB_JWT_PATTERN, LAB_OPAQUE_TOKEN_PATTERN } from '../../../electron/lab/azure-emulator/emulator-tokens';
import type { AdminReport } from '../../../electron/contract/admin';
import type { CheckReport } from '../../../electron/contract/report';
import { scenarioReports } from '../../lab/scenario-reports';

/** What the combined analysis must name, per scenario; the admin side alone in brackets. */
const EXPECTED: Record<string, { combined: string | null; evidence?: RegExp }> = {
  'spn-missing': { combined: 'MI_SERVICE_PRINCIPAL_OFF', evidence: /certain: .*SPN unknown/ },
  'conditional-access': {
    combined: 'CONDITIONAL_ACCESS_BLOCKS_KERBEROS',
    evidence: /"Require multifactor authentication for all users".*the Conditional Access refusal the user's side/,
  },
  'redirect-blocked': { combined: 'MI_REDIRECT_PORTS', evidence: /11000–11999/ },
  // Kerberos works there: the Redirect setting alone is no failure.
  redirect: { combined: null },
  'admin-no-policy-read': { combined: 'ADMIN_READ_FORBIDDEN', evidence: /Policy\.Read\.All/ },
};

function combine(user: CheckReport, admin: AdminReport) {
  return analyzeInputs(
    [
      { name: 'user.json', content: JSON.stringify(user) },
      { name: 'admin.json', content: JSON.stringify(admin) },
    ],
    { fallback: 'earliest' },
  );
}

test('each paired scenario: the user report and the admin report together name the server-side cause', async () => {
  const seen: string[] = [];
  for await (const s of scenarioReports(Object.keys(EXPECTED))) {
    seen.push(s.scenario);
    const engine = createEngineApi({ env: s.info.env });
    const admin = await engine.admin({ server: s.info.server }, { onPrompt: () => undefined });
    const want = EXPECTED[s.scenario]!;
    for (const [path, user] of [
      ['MIT', s.mit],
      ['Windows', s.windows],
    ] as const) {
      const combined = combine(user, admin);
      const at = `${s.scenario} (${path} path: the user's own code ${user.diagnosis?.code ?? 'none'})`;
      assert.equal(combined.diagnosis?.code ?? null, want.combined, at);
      if (want.evidence) assert.match(combined.diagnosis!.evidence.join('\n'), want.evidence, at);
      assert.equal(combined.inputs[1]?.kind, 'kerbprobe-admin-report');
      const text = JSON.stringify(combined);
      assert.doesNotMatch(text, LAB_JWT_PATTERN, at);
      assert.doesNotMatch(text, LAB_OPAQUE_TOKEN_PATTERN, at);
    }
  }
  assert.deepEqual(seen.sort(), Object.keys(EXPECTED).sort());
});
