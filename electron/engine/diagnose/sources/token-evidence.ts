// What the token we are about to send really is.
import type { TokenMechanism } from '../../krb-wire/token-inspect';
import type { EvidenceSource } from '../evidence-source';
import { failure, info } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';

export interface TokenEvidence {
  kind: 'token';
  mechanism: TokenMechanism;
  detail?: string;
}

export const tokenEvidence: EvidenceSource<TokenEvidence> = {
  kind: 'token',
  describe: (e) => `token mechanism: ${e.mechanism}${e.detail ? ` (${sanitizeEvidenceText(e.detail)})` : ''}`,
  read(e) {
    const line = this.describe(e);
    return e.mechanism === 'ntlm'
      ? failure(line, 'NTLM_FALLBACK', 'the token is NTLMSSP: the managed instance will reject it')
      : info(line);
  },
  catalog: {
    NTLM_FALLBACK: {
      title: 'Windows used NTLM instead of Kerberos',
      helpdeskTitle: "The user's device used NTLM instead of Kerberos",
      cause:
        'Windows Authentication on Azure SQL Managed Instance works only with Kerberos. When Windows cannot get ' +
        'a Kerberos ticket for the server it silently falls back to the older NTLM protocol, which the managed ' +
        'instance rejects (SQL error 18452, "The login is from an untrusted domain"). This happens when you connect ' +
        'with an IP address, a short name or an alias instead of the full name, when there is no cloud Kerberos ' +
        'ticket, or on a redirected connection.',
      fixUser:
        "Connect with the managed instance's full name (<instance>.<dns zone>.database.windows.net), not an IP " +
        'address or a short name, and run the check again.',
      fixHelpdesk:
        'Confirm with `klist get MSSQLSvc/<fqdn>:<port>` (must return a ticket with ' +
        'server realm KERBEROS.MICROSOFTONLINE.COM) ' +
        'and, on a working connection, `SELECT auth_scheme FROM sys.dm_exec_connections WHERE session_id = @@SPID` ' +
        '(must be KERBEROS). Check the flow: modern — `dsregcmd /status` shows `CloudTgt : YES` (Windows 11 21H2 ' +
        'and later print it) and KerbTopLevelNames including `.windows.net`; trust-based — `DomainJoined : YES`, ' +
        '`klist` holds `krbtgt/<AD DOMAIN>` from a domain controller and `klist get ' +
        'krbtgt/KERBEROS.MICROSOFTONLINE.COM` ' +
        'returns a referral (`OnPremTgt` is a cloud Kerberos trust ticket and proves neither). Under the Redirect ' +
        'connection policy the redirected connection (ports 11000–11999) must authenticate with Kerberos too: ' +
        'a public issue reports 18452 under Redirect while Proxy worked; its current status is unknown.',
    },
  },
};
