// Credential Guard, as far as a non-elevated user can read it: the LsaCfgFlags DWORD (0 off, 1 on with UEFI
// lock, 2 on without lock), set directly under HKLM\SYSTEM\CurrentControlSet\Control\Lsa or by policy under
// HKLM\SOFTWARE\Policies\Microsoft\Windows\DeviceGuard (the policy wins). With neither value, Windows 11 22H2 and
// later turn it on by default on eligible devices, so "not configured" is not "off":
// https://learn.microsoft.com/en-us/windows/security/identity-protection/credential-guard/configure
// It is informational here: with Credential Guard on, Kerberos unconstrained delegation is not allowed (a
// double hop from the instance to another server needs constrained delegation):
// https://learn.microsoft.com/en-us/windows/security/identity-protection/credential-guard/considerations-known-issues
import type { RegKeyFieldKinds } from '../../contract/bundle';
import { dword, parseRegQuery } from './reg-query';

export const LSA_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa';
export const DEVICE_GUARD_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeviceGuard';

export type CredentialGuardConfig = 'off' | 'on-uefi-lock' | 'on' | 'not-configured' | 'unknown-value';

const CONFIG: Record<number, CredentialGuardConfig> = { 0: 'off', 1: 'on-uefi-lock', 2: 'on' };

/** The configured state from the two `reg query … /v LsaCfgFlags` outputs (either may be empty: value absent). */
export function parseCredentialGuard(
  lsaText: string,
  policyText: string,
): { config: CredentialGuardConfig; source: 'policy' | 'lsa' | null } {
  const policy = dword(parseRegQuery(policyText), 'LsaCfgFlags');
  const lsa = dword(parseRegQuery(lsaText), 'LsaCfgFlags');
  const v = policy ?? lsa;
  if (v === null) return { config: 'not-configured', source: null };
  return { config: CONFIG[v] ?? 'unknown-value', source: policy !== null ? 'policy' : 'lsa' };
}

/** What the two LsaCfgFlags reads hold, for redaction (engine/report/redact-tool-output.ts): a number each. */
export const CREDENTIAL_GUARD_FIELD_KINDS: readonly RegKeyFieldKinds[] = [
  { key: LSA_KEY, values: { lsacfgflags: 'fixed' } },
  { key: DEVICE_GUARD_POLICY_KEY, values: { lsacfgflags: 'fixed' } },
];
