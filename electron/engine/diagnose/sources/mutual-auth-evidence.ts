// The server's proof of its identity (mutual authentication) that did not verify.
import type { EvidenceSource } from '../evidence-source';
import { failure } from '../evidence-source';
import { quote } from '../evidence-text';

export interface MutualAuthEvidence {
  kind: 'mutual-auth';
  verified: false;
  detail: string;
}

export const mutualAuthEvidence: EvidenceSource<MutualAuthEvidence> = {
  kind: 'mutual-auth',
  describe: (e) => `mutual authentication not verified: ${quote(e.detail)}`,
  read(e) {
    return failure(this.describe(e), 'MUTUAL_AUTH_FAILED');
  },
  catalog: {
    MUTUAL_AUTH_FAILED: {
      title: 'The server did not prove its identity',
      helpdeskTitle: 'The server did not prove its identity',
      cause:
        'KerbProbe asks the server to prove with Kerberos that it really is the instance named in the ticket ' +
        "(mutual authentication). The server's answer was missing or did not verify, so this connection cannot " +
        'be trusted to reach the intended server.',
      fixUser: 'Do not use this connection. Send this report to your helpdesk.',
      fixHelpdesk:
        'Check that the name resolves to the real instance (`Resolve-DnsName <fqdn>`, hosts file) and that no ' +
        'proxy or load balancer terminates the TDS login in between; the evidence lines give the GSS/SSPI error. ' +
        'Retry after `klist purge`. If no middlebox is involved, open a support case with this report.',
    },
  },
};
