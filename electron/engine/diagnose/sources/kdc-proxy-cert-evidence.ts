// The certificate the KDC proxy URL presented: issuer, whether it chains to a trusted root, whether its issuer
// is the expected one. Microsoft's certificate authorities:
// https://learn.microsoft.com/en-us/azure/security/fundamentals/azure-ca-details
import type { DeviceFactSource } from '../evidence-source';
import { sanitizeEvidenceText as safe } from '../evidence-text';
import { readDeviceFact } from '../device-fact-reading';
import { TROUBLESHOOT } from '../catalog-wording';

export interface KdcProxyCertEvidence {
  kind: 'kdc-proxy-cert';
  url: string;
  subject: string | null;
  issuer: string | null;
  chain: string[];
  trusted: boolean;
  expectedIssuer: boolean;
  error?: string;
  /** The MS-KKDCP exchange through it: a Kerberos answer came back, or what happened instead. */
  exchange?: { ok: boolean; detail: string };
}

function describeCert(e: KdcProxyCertEvidence): string {
  const exchange = e.exchange ? `; MS-KKDCP exchange: ${safe(e.exchange.detail)}` : '';
  if (e.error && !e.issuer) return `KDC proxy ${safe(e.url)}: no certificate read (${safe(e.error)})${exchange}`;
  const chain = e.chain.length ? `, chain ${e.chain.map(safe).join(' ← ')}` : '';
  const trusted = e.trusted ? 'trusted' : `not trusted${e.error ? ` (${safe(e.error)})` : ''}`;
  const issuedBy = e.expectedIssuer ? 'issued by the expected chain' : 'NOT issued by the expected chain';
  return (
    `KDC proxy ${safe(e.url)} certificate: subject ${safe(e.subject ?? '?')}, issuer ${safe(e.issuer ?? '?')}` +
    `${chain}; ${trusted}; ${issuedBy}${exchange}`
  );
}

export const kdcProxyCertEvidence: DeviceFactSource<KdcProxyCertEvidence> = {
  kind: 'kdc-proxy-cert',
  deviceFact: true,
  describe: describeCert,
  judge: (e) =>
    e.issuer && !e.expectedIssuer
      ? {
          code: 'KDC_PROXY_TLS_INSPECTION',
          severity: 'warn',
          note:
            `the KDC proxy's certificate is issued by ${e.issuer}, not by the expected chain: ` +
            'a TLS-inspecting proxy is in the way',
        }
      : null,
  read(e) {
    return readDeviceFact(this, e);
  },
  explains: { KDC_PROXY_TLS_INSPECTION: ['CLOUD_KDC_UNREACHABLE', 'TLS_UNTRUSTED', 'PROTOCOL_ERROR', 'UNKNOWN'] },
  catalog: {
    // Microsoft's certificate authorities:
    // https://learn.microsoft.com/en-us/azure/security/fundamentals/azure-ca-details
    KDC_PROXY_TLS_INSPECTION: {
      title: 'A TLS-inspecting proxy is between you and Microsoft Entra Kerberos',
      helpdeskTitle: 'A TLS-inspecting proxy sat between the device and Microsoft Entra Kerberos',
      cause:
        'Windows reaches Microsoft Entra Kerberos over HTTPS at login.microsoftonline.com. The certificate this ' +
        "computer received for it was not issued by Microsoft's certificate authorities but by another one: a " +
        'network device or security product is opening the encrypted connection (TLS inspection), and Kerberos ' +
        'requests do not survive that.',
      fixUser:
        'If you use a VPN or a security product that filters web traffic, tell your helpdesk; the check needs ' +
        'login.microsoftonline.com without inspection. Send this report to your helpdesk.',
      fixHelpdesk:
        `Exempt \`login.microsoftonline.com\` (the \`/<tenant id>/kerberos\` path) from TLS inspection on the proxy ` +
        `or firewall; the certificate shown in the evidence names the inspecting ` +
        `CA. Microsoft's chain for login.microsoftonline.com ` +
        `is listed in Azure's certificate authority details. Microsoft: ` +
        `https://learn.microsoft.com/en-us/azure/security/fundamentals/azure-ca-details ` +
        `and ${TROUBLESHOOT}`,
    },
  },
};
