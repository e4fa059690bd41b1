// The KDC proxy as the device is set up for it: the policy's proxy URL for the Entra realm (kdc-proxy-policy.ts
// reads the values), the tenant in that URL against the tenant dsregcmd reports the device joined to, and
// `KdcProxyServer_Enabled`, the DWORD the "Specify KDC proxy servers for Kerberos clients" policy sets under
// HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos
// (https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#kdcproxyserver). The
// value Microsoft gives for the Entra realm is `<https login.microsoftonline.com:443:<tenant id>/kerberos />`
// (https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow).
import type { RegKeyFieldKinds } from '../../contract/bundle';
import { CLOUD_REALM } from '../../contract/azure';
import { proxiesForRealm, type KdcProxyMapping } from './kdc-proxy-policy';
import { dword, parseRegQuery } from './reg-query';

export const KERBEROS_POLICY_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos';

/** Entra's KDC proxy for a tenant: what the Kerberos client uses for the cloud realm. */
export const entraKdcProxyUrl = (tenantId: string): string => `https://login.microsoftonline.com/${tenantId}/kerberos`;

const GUID = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i;

export interface KdcProxySettings {
  /** `KdcProxyServer_Enabled`: null when the value is absent. */
  enabled: boolean | null;
  /** The policy's URLs for the Entra realm (empty: no policy for it). */
  urls: string[];
  /** The tenant id in the policy's URL path, when it has one. */
  policyTenant: string | null;
  deviceTenant: string | null;
}

export function kdcProxySettings(
  kerberosPolicyText: string,
  mappings: readonly KdcProxyMapping[],
  deviceTenant: string | null,
): KdcProxySettings {
  const enabled = dword(parseRegQuery(kerberosPolicyText), 'KdcProxyServer_Enabled');
  const cloudProxies = proxiesForRealm(CLOUD_REALM, mappings);
  const urls = cloudProxies?.urls ?? [];
  const policyTenant = urls.map((u) => GUID.exec(new URL(u).pathname)?.[1]?.toLowerCase()).find(Boolean) ?? null;
  return {
    enabled: enabled === null ? null : enabled !== 0,
    urls,
    policyTenant,
    deviceTenant: deviceTenant?.toLowerCase() ?? null,
  };
}

/** What the Kerberos policy key's read holds, for redaction (engine/report/redact-tool-output.ts): a number. */
export const KERBEROS_POLICY_FIELD_KINDS: RegKeyFieldKinds = {
  key: KERBEROS_POLICY_KEY,
  values: { kdcproxyserver_enabled: 'fixed' },
};
