// A Node TLS error code (`err.code`), optionally with its message.
import type { EvidenceSource } from '../evidence-source';
import { failure, unrecognised } from '../evidence-source';
import { quote, sanitizeEvidenceText } from '../evidence-text';

export interface TlsEvidence {
  kind: 'tls';
  code: string;
  message?: string;
}

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'ERR_TLS_CERT_UNTRUSTED',
]);
const TLS_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_FORMAT']);

export const tlsEvidence: EvidenceSource<TlsEvidence> = {
  kind: 'tls',
  describe: (e) => `TLS ${sanitizeEvidenceText(e.code)}${e.message ? `: ${quote(e.message)}` : ''}`,
  read(e) {
    const line = this.describe(e);
    const code = e.code.toUpperCase();
    if (TLS_NAME.has(code)) return failure(line, 'TLS_NAME_MISMATCH');
    if (TLS_UNTRUSTED.has(code)) return failure(line, 'TLS_UNTRUSTED');
    if (code.startsWith('ERR_SSL_') || code === 'EPROTO' || code === 'ERR_TLS_INVALID_PROTOCOL_VERSION')
      return failure(line, 'PROTOCOL_ERROR', 'the TLS handshake failed');
    return unrecognised(line);
  },
  catalog: {
    TLS_UNTRUSTED: {
      title: "The server's certificate is not trusted",
      helpdeskTitle: "The server's certificate was not trusted by the user's device",
      cause:
        'The connection is encrypted, and the certificate the server presented does not lead to a certificate ' +
        'authority this computer trusts, or it has expired. A network device that inspects encrypted traffic, ' +
        'or a different server answering, are the usual causes: Azure SQL Managed Instance uses certificates ' +
        'from public authorities that Windows trusts.',
      fixUser: 'Do not turn off certificate checking. Send this report to your helpdesk.',
      fixHelpdesk:
        'Look at the issuer and validity in this report. If the issuer is a proxy or firewall CA, exempt the ' +
        "database traffic from TLS inspection or deploy that CA as a trusted root. Make sure the client's trusted " +
        'root store is current (Microsoft lists the authorities Azure uses in "Azure ' +
        'Certificate Authority details"). ' +
        'For a private or test CA, give the CA file rather than trusting every certificate.',
    },
    TLS_NAME_MISMATCH: {
      title: "The server's certificate is for another name",
      helpdeskTitle: "The server's certificate was for another name",
      cause:
        'The server presented a certificate that does not contain the name you connected to. This is a TLS problem, ' +
        'not a Kerberos one, although Windows describes both as "The target principal name is incorrect". It ' +
        'happens when you connect through an alias, an IP address or a custom DNS name that the certificate does ' +
        'not cover, or when another server answers.',
      fixUser: "Connect with the managed instance's full name as shown in the Azure portal and run the check again.",
      fixHelpdesk:
        'Compare the certificate subject and names in this report with the name used. Managed instance certificates ' +
        'cover `*.<dnszone>.database.windows.net`; use that name (an alias would also break the Kerberos SPN). ' +
        'When a client error mentions "SSL Provider" with 0x80090322, the certificate is the problem, not the ' +
        'SPN.',
    },
  },
};
