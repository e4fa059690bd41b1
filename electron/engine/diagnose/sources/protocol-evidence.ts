// A reply that broke the protocol (TDS, TLS or Kerberos): malformed, cut short or unexpected.
import type { EvidenceSource } from '../evidence-source';
import { failure } from '../evidence-source';
import { quote } from '../evidence-text';

export interface ProtocolEvidence {
  kind: 'protocol';
  detail: string;
}

export const protocolEvidence: EvidenceSource<ProtocolEvidence> = {
  kind: 'protocol',
  describe: (e) => `protocol: ${quote(e.detail)}`,
  read(e) {
    return failure(this.describe(e), 'PROTOCOL_ERROR');
  },
  catalog: {
    PROTOCOL_ERROR: {
      title: 'A reply could not be understood',
      helpdeskTitle: 'A reply could not be understood',
      cause:
        "A reply on the connection (SQL Server's TDS, TLS or Kerberos) was malformed, cut short or unexpected. " +
        'Often something between this computer and the server (a proxy, firewall or load balancer) altered or ' +
        'cut the traffic, or the port belongs to something other than SQL Server.',
      fixUser: 'Run the check again. If it fails again, send this report to your helpdesk.',
      fixHelpdesk:
        'Confirm that the port belongs to the managed instance (`Test-NetConnection`, and the certificate in ' +
        'this report). Look for devices that inspect or proxy TCP 1433, 3342 or 11000–11999. A network capture ' +
        'of the failing connection (Wireshark decodes TDS and Kerberos) shows where the reply goes wrong.',
    },
  },
};
