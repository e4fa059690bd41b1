// A SQL Server error the login ended with: its number decides; its English text is read only as a last resort.
import type { EvidenceSource } from '../evidence-source';
import { failure, unrecognised } from '../evidence-source';
import { quote } from '../evidence-text';
import { fromText } from '../status-reading';

export interface SqlErrorEvidence {
  kind: 'sql-error';
  number: number;
  message: string;
  state?: number;
}

/** SQL errors a login can end with, for the cases that mean "authenticated but not allowed in". */
const SQL_NOT_MAPPED = new Set([18456, 18470, 18486, 18487, 18488, 4060, 916]);

export const sqlErrorEvidence: EvidenceSource<SqlErrorEvidence> = {
  kind: 'sql-error',
  describe: (e) => `SQL error ${e.number}${e.state === undefined ? '' : ` state ${e.state}`}: ${quote(e.message)}`,
  read(e) {
    const line = this.describe(e);
    // With a Kerberos token sent, 18452 reads otherwise: rules.ts says how.
    if (e.number === 18452)
      return failure(line, 'NTLM_FALLBACK', 'the server received no Kerberos ticket it could use');
    if (e.number === 17806) return failure(line, 'SERVICE_KEY_MISMATCH', 'the SSPI handshake failed on the server');
    if (e.number === 18456 && /NT AUTHORITY\\ANONYMOUS LOGON/i.test(e.message))
      return failure(line, 'NTLM_FALLBACK', 'the server saw an anonymous logon: no Kerberos credentials reached it');
    if (SQL_NOT_MAPPED.has(e.number))
      return failure(line, 'LOGIN_NOT_MAPPED', 'Kerberos succeeded; the login or database access is missing');
    return fromText(line, e.message, {}) ?? unrecognised(line);
  },
  catalog: {
    SERVICE_KEY_MISMATCH: {
      title: 'The database server could not read your Kerberos ticket',
      helpdeskTitle: "The database server could not read the user's Kerberos ticket",
      cause:
        'You got a ticket for the database and sent it, but the server could not ' +
        'decrypt it: the ticket was encrypted ' +
        'with a key the server does not hold. Causes: the service key changed and an old ticket is still cached, ' +
        'the same service name (SPN) is registered on two accounts so the ticket was made for the wrong one, ' +
        'or the name led to a different server than the one the ticket was made for.',
      fixUser: 'Wait a few minutes and run the check again. If it still fails, send this report to your helpdesk.',
      fixHelpdesk:
        "In the user's session run `klist purge` and retry: cached tickets made with an old key keep failing " +
        'until they expire. Check that the name resolves to the intended instance (`nslookup <fqdn>`, hosts file). ' +
        'For on-premises SPNs look for duplicates with `setspn -X` and `setspn -Q MSSQLSvc/<fqdn>:<port>`. On ' +
        'the server, error 17806 (SSPI handshake failed) with 0x80090308 or 0x8009030c next to 18452 means the ' +
        "same. The managed instance's Kerberos key is managed by Azure: if it persists after purging, open a " +
        'support case with this report.',
    },
    LOGIN_NOT_MAPPED: {
      title: 'Kerberos worked, but the database has no login for you',
      helpdeskTitle: 'Kerberos worked, but the database has no login for the user',
      cause:
        'Your identity was proven to the server with Kerberos, but the managed instance has no login for your ' +
        'Microsoft Entra account (or for a group you are in), the login is disabled, or you may not open the ' +
        'requested database.',
      fixUser:
        'Ask the database owner or your helpdesk to give your account access; mention the login name shown in ' +
        'this report.',
      fixHelpdesk:
        'As a Microsoft Entra admin of the instance: `CREATE LOGIN [user@contoso.com] FROM EXTERNAL PROVIDER` ' +
        '(or for a group, `CREATE LOGIN [Group name] FROM EXTERNAL PROVIDER`), then in the database `CREATE USER ' +
        '[user@contoso.com] FROM LOGIN [user@contoso.com]` and grant roles. Check that the login is enabled (`SELECT ' +
        "name, is_disabled FROM sys.server_principals WHERE type IN ('E', 'X')`) and the database name. The state " +
        "of error 18456 in the instance's error log gives the exact reason.",
    },
  },
};
