// Which Conditional Access policies refuse the instance's Kerberos tickets: enabled, applying to all cloud apps
// or to the instance's principal without excluding it, to some users, and granting access only with controls a
// Kerberos ticket request cannot satisfy. Pure: the policies as Graph lists them in, the facts out.
//
// Graph's shapes: microsoft-graph-docs-contrib api-reference/v1.0/resources/conditionalaccessapplications.md
// (includeApplications: appIds, `All`, `Office365`, `MicrosoftAdminPortals`, `None`), conditionalaccessgrantcontrols.md
// (operator AND | OR; builtInControls block, mfa, compliantDevice, domainJoinedDevice, approvedApplication,
// compliantApplication, passwordChange; termsOfUse; customAuthenticationFactors; authenticationStrength),
// conditionalaccesspolicy.md (state enabled | disabled | enabledForReportingButNotEnforced).
// Why such controls refuse the ticket: Microsoft documents klist's 0x52f on a managed instance SPN as Conditional
// Access, fixed by excluding "<instance> principal" (sql-docs winauth-azuread-troubleshoot.md), and for the same
// Entra Kerberos tickets to Azure Files that MFA-enforcing policies must exclude the app
// (https://learn.microsoft.com/en-us/azure/storage/files/storage-files-identity-auth-hybrid-identities-enable#disable-multi-factor-authentication-on-the-storage-account).
import type { AdminFactOf } from '../../contract/admin';
import type { CaPolicy } from './azure-shapes';

/** Controls a ticket request has no way to satisfy: it carries no MFA claim, accepts no terms, changes no password. */
const UNSATISFIABLE = new Set(['block', 'mfa', 'passwordChange', 'termsOfUse', 'authenticationStrength', 'custom']);

/** What a policy is, read for the instance's principal (null: it does not apply to it at all). */
export interface CaReading {
  fact: AdminFactOf<'admin-ca-policy'> | null;
  /** A line for people, also for a policy that applies but does not block (report-only, a satisfiable control). */
  line: string | null;
}

const has = (xs: readonly string[] | null | undefined, x: string) =>
  (xs ?? []).some((v) => v.toLowerCase() === x.toLowerCase());

/** Whether the policy's target resources take in the principal's application. */
export function appliesToApp(policy: CaPolicy, appId: string): boolean {
  const apps = policy.conditions?.applications;
  if (!apps) return false;
  if (has(apps.excludeApplications, appId)) return false;
  return has(apps.includeApplications, 'All') || has(apps.includeApplications, appId);
}

/** Whether any user is in scope (`None` alone, with no group or role, takes in nobody). */
function appliesToSomeone(policy: CaPolicy): boolean {
  const users = policy.conditions?.users;
  if (!users) return true;
  const only = users.includeUsers ?? [];
  const none = only.length > 0 && only.every((u) => u.toLowerCase() === 'none');
  return !none || (users.includeGroups ?? []).length > 0 || (users.includeRoles ?? []).length > 0;
}

/** The grant controls as named in the fact (`mfa`, `termsOfUse`, `authenticationStrength: Phishing-resistant MFA`). */
function controlsOf(policy: CaPolicy): { names: string[]; kinds: string[] } {
  const g = policy.grantControls;
  if (!g) return { names: [], kinds: [] };
  const names: string[] = [];
  const kinds: string[] = [];
  for (const c of g.builtInControls ?? []) {
    names.push(c);
    kinds.push(c);
  }
  if ((g.termsOfUse ?? []).length) {
    names.push('termsOfUse');
    kinds.push('termsOfUse');
  }
  if ((g.customAuthenticationFactors ?? []).length) {
    names.push('customAuthenticationFactors');
    kinds.push('custom');
  }
  if (g.authenticationStrength) {
    const strength = g.authenticationStrength.displayName;
    names.push(`authenticationStrength${strength ? `: ${strength}` : ''}`);
    kinds.push('authenticationStrength');
  }
  return { names, kinds };
}

/** blocks / may-block / null (a control the request satisfies, or none). */
function effectOf(kinds: readonly string[], operator: string | null | undefined): 'blocks' | 'may-block' | null {
  if (kinds.length === 0) return null;
  const unsatisfiable = kinds.filter((k) => UNSATISFIABLE.has(k));
  if (operator?.toUpperCase() === 'AND') return unsatisfiable.length ? 'blocks' : 'may-block';
  // OR: refused only when no control can be met; one that depends on the device may or may not be.
  return unsatisfiable.length === kinds.length ? 'blocks' : 'may-block';
}

export function readCaPolicy(policy: CaPolicy, appId: string): CaReading {
  if (!appliesToApp(policy, appId) || !appliesToSomeone(policy)) return { fact: null, line: null };
  const { names, kinds } = controlsOf(policy);
  const effect = effectOf(kinds, policy.grantControls?.operator);
  const said = `"${policy.displayName}" (${policy.state})`;
  if (policy.state !== 'enabled')
    return { fact: null, line: `${said} applies to the principal but is not enforced (${policy.state})` };
  if (!effect)
    return { fact: null, line: `${said} applies to the principal with no grant control a ticket request fails` };
  return {
    fact: {
      kind: 'admin-ca-policy',
      policyId: policy.id,
      name: policy.displayName,
      state: policy.state,
      controls: names,
      effect,
    },
    line: null,
  };
}
