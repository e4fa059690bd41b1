// Conditional Access read for the instance's principal. Input: the policies of Graph's documented example
// (conditionalaccessroot-list-policies.md: SimplePolicy1 blocks, SimplePolicy2 requires MFA, both disabled and
// for no application), and the same policies enabled and aimed at all cloud apps. Expected from Graph's
// definitions (state, includeApplications `All` / `None`, excludeApplications, operator OR) and Microsoft's
// guidance that such controls refuse Entra Kerberos tickets (0x52f: exclude "<instance> principal").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaPoliciesPageSchema, type CaPolicy } from '../../../electron/engine/admin/azure-shapes';
import { readCaPolicy } from '../../../electron/engine/admin/conditional-access';
import { exampleText } from './azure-examples';

const EXAMPLE = CaPoliciesPageSchema.parse(JSON.parse(exampleText('graph/conditionalaccessroot-list-policies.json')));
const [BLOCK, MFA] = EXAMPLE.value as [CaPolicy, CaPolicy];
const APP = '00000011-1111-2222-2222-123456789111';

const enabledForAll = (p: CaPolicy, exclude: string[] = []): CaPolicy => ({
  ...p,
  state: 'enabled',
  conditions: {
    ...p.conditions,
    applications: { includeApplications: ['All'], excludeApplications: exclude },
    users: { includeUsers: ['All'], includeGroups: [], includeRoles: [] },
  },
});

test("the documented example's policies apply to no application and are disabled: nothing blocks", () => {
  for (const p of EXAMPLE.value) assert.deepEqual(readCaPolicy(p, APP), { fact: null, line: null });
});

test('enabled for all cloud apps, MFA and block are controls a Kerberos ticket request cannot satisfy', () => {
  assert.deepEqual(readCaPolicy(enabledForAll(MFA), APP).fact, {
    kind: 'admin-ca-policy',
    policyId: 'c558e346-969d-40a7-a64e-2df6c2c88490',
    name: 'SimplePolicy2',
    state: 'enabled',
    controls: ['mfa'],
    effect: 'blocks',
  });
  assert.equal(readCaPolicy(enabledForAll(BLOCK), APP).fact?.effect, 'blocks');
});

test('excluding the principal (the fix Microsoft gives for 0x52f) takes the policy off it', () => {
  assert.equal(readCaPolicy(enabledForAll(MFA, [APP]), APP).fact, null);
  assert.equal(readCaPolicy(enabledForAll(MFA, [APP.toUpperCase()]), APP).fact, null);
});

test('report-only is not enforced; a device control may or may not be met', () => {
  const reportOnly = { ...enabledForAll(MFA), state: 'enabledForReportingButNotEnforced' };
  assert.equal(readCaPolicy(reportOnly, APP).fact, null);
  assert.match(readCaPolicy(reportOnly, APP).line ?? '', /not enforced/);
  const device = enabledForAll({
    ...MFA,
    grantControls: { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] },
  });
  assert.equal(readCaPolicy(device, APP).fact?.effect, 'may-block');
  const both = enabledForAll({
    ...MFA,
    grantControls: { operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] },
  });
  assert.equal(readCaPolicy(both, APP).fact?.effect, 'blocks');
});

test('a policy aimed at the principal by its appId applies; one aimed at Office 365 does not', () => {
  const aimed = {
    ...enabledForAll(MFA),
    conditions: { ...enabledForAll(MFA).conditions, applications: { includeApplications: [APP] } },
  };
  assert.equal(readCaPolicy(aimed, APP).fact?.name, 'SimplePolicy2');
  const office = {
    ...aimed,
    conditions: { ...aimed.conditions, applications: { includeApplications: ['Office365'] } },
  };
  assert.equal(readCaPolicy(office, APP).fact, null);
});
