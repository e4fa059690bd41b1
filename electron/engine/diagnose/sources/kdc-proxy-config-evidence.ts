// The KDC proxy policy: `KdcProxyServer_Enabled`, its URLs for the Entra realm and their tenant against the
// device's. The KDC proxy policy value (TRUST) and the KdcProxyServer policy:
// https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#kdcproxyserver
import { CLOUD_REALM } from '../../../contract/azure';
import type { DeviceFactSource, Finding } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { CONTACT, TRUST } from '../catalog-wording';

export interface KdcProxyConfigEvidence {
  kind: 'kdc-proxy-config';
  enabled: boolean | null;
  urls: string[];
  policyTenant: string | null;
  deviceTenant: string | null;
}

function describeConfig(e: KdcProxyConfigEvidence): string {
  const enabled = e.enabled === null ? 'not set' : e.enabled ? '1' : '0';
  const urls = e.urls.length
    ? `${CLOUD_REALM} → ${e.urls.map(sanitizeEvidenceText).join(', ')}`
    : `no proxy for ${CLOUD_REALM}`;
  const policy = e.policyTenant ? `; policy tenant ${e.policyTenant}` : '';
  const device = e.deviceTenant ? `; device tenant ${e.deviceTenant}` : '';
  return `KDC proxy policy: KdcProxyServer_Enabled ${enabled}; ${urls}${policy}${device}`;
}

function judgeConfig(e: KdcProxyConfigEvidence): Finding | null {
  if (e.urls.length && e.policyTenant && e.deviceTenant && e.policyTenant !== e.deviceTenant)
    return {
      code: 'KDC_PROXY_TENANT_MISMATCH',
      severity: 'warn',
      note: `the KDC proxy policy names tenant ${e.policyTenant}; the device is joined to ${e.deviceTenant}`,
    };
  if (e.urls.length && e.enabled === false)
    return {
      code: 'KDC_PROXY_POLICY_DISABLED',
      severity: 'warn',
      note: 'KDC proxy servers are listed but KdcProxyServer_Enabled is 0',
    };
  return null;
}

export const kdcProxyConfigEvidence: DeviceFactSource<KdcProxyConfigEvidence> = {
  kind: 'kdc-proxy-config',
  deviceFact: true,
  describe: describeConfig,
  judge: judgeConfig,
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: {
    KDC_PROXY_TENANT_MISMATCH: ['CLOUD_KDC_UNREACHABLE', 'SPN_UNKNOWN', 'UNKNOWN'],
    KDC_PROXY_POLICY_DISABLED: ['CLOUD_KDC_UNREACHABLE'],
  },
  catalog: {
    // The KDC proxy policy value (TRUST) and the KdcProxyServer policy:
    // https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#kdcproxyserver
    KDC_PROXY_TENANT_MISMATCH: {
      title: 'The KDC proxy setting names another Microsoft Entra tenant',
      helpdeskTitle: "The device's KDC proxy setting names another Microsoft Entra tenant",
      cause:
        'Windows reaches Microsoft Entra Kerberos over HTTPS through a KDC proxy ' +
        "address that contains your organisation's " +
        'tenant id. The address set by policy on this computer names a different tenant than the one this computer ' +
        'is joined to, so the requests go to the wrong directory.',
      fixUser: CONTACT,
      fixHelpdesk:
        `The Group Policy "Specify KDC proxy servers for Kerberos clients" (value ` +
        `name \`KERBEROS.MICROSOFTONLINE.COM\`) ` +
        `must be \`<https login.microsoftonline.com:443:<tenant id>/kerberos />\` with the tenant id \`dsregcmd ` +
        `/status\` shows (TenantId, AzureAdPrtAuthority). Correct the value, run \`gpupdate /force\` and \`klist ` +
        `purge\`, then retry. Microsoft: ${TRUST}`,
    },
    KDC_PROXY_POLICY_DISABLED: {
      title: 'KDC proxy servers are configured but the policy is switched off',
      helpdeskTitle: 'KDC proxy servers were configured on the device but the policy was off',
      cause:
        'Your company domain reaches Microsoft Entra Kerberos through an HTTPS KDC proxy configured by policy. ' +
        'The proxy addresses are there, but the policy that tells Windows to use them is switched off, so Windows ' +
        "does not reach Microsoft Entra ID for the database's ticket.",
      fixUser: CONTACT,
      fixHelpdesk:
        `\`reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos ` +
        `/v KdcProxyServer_Enabled\` ` +
        `is 0 while ProxyServers lists the Entra realm. Enable "Specify KDC proxy servers for Kerberos clients" ` +
        `with the value \`<https login.microsoftonline.com:443:<tenant id>/kerberos />\`, \`gpupdate /force\`, ` +
        `then retry. Microsoft: ` +
        `https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#kdcproxyserver ` +
        `and ${TRUST}`,
    },
  },
};
