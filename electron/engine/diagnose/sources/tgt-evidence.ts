// The logon session's TGT; `cache` and `held` say where it was looked for and how many tickets were there.
import type { EvidenceSource } from '../evidence-source';
import { failure } from '../evidence-source';
import { sanitizeEvidenceText } from '../evidence-text';

export interface TgtEvidence {
  kind: 'tgt';
  state: 'missing' | 'expired';
  realm?: string;
  end?: string;
  cache?: string;
  held?: number;
}

function describeTgt(e: TgtEvidence): string {
  const held = e.held === undefined ? '' : ` (${e.held} ticket(s))`;
  const inCache = e.cache ? ` in ${sanitizeEvidenceText(e.cache)}${held}` : '';
  const realm = e.realm ? ` for realm ${e.realm}` : '';
  const ended = e.end ? ` (ended ${sanitizeEvidenceText(e.end)})` : '';
  return `TGT ${e.state}${realm}${ended}${inCache}`;
}

export const tgtEvidence: EvidenceSource<TgtEvidence> = {
  kind: 'tgt',
  describe: describeTgt,
  read(e) {
    return failure(this.describe(e), e.state === 'missing' ? 'NO_TGT' : 'TGT_EXPIRED');
  },
  catalog: {
    NO_TGT: {
      title: 'No Kerberos sign-in ticket on this computer',
      helpdeskTitle: "The user's session held no Kerberos sign-in ticket (TGT)",
      cause:
        'Windows has no Kerberos ticket-granting ticket (TGT) for you in this session. The TGT is the pass Windows ' +
        'receives when you sign in; it shows it to get a ticket for each server. Without it, Windows cannot ask ' +
        'for a ticket to the database. This happens when you signed in with a local account, when the program ' +
        'runs as a service or as another user ("Run as"), when you signed in while neither the domain nor Microsoft ' +
        'Entra ID could be reached, or on a computer that is not joined to the domain or to Microsoft Entra ID.',
      fixUser:
        'Sign in to Windows with your work account, not a local account. If you are already signed in, lock the ' +
        'computer (Windows+L) and unlock it while connected to the company network or the internet, then run ' +
        'the check again. Start the program normally, not as another user.',
      fixHelpdesk:
        "In the user's own session (not an elevated prompt, which is a different logon session) run `klist`: " +
        'no `krbtgt/...` ticket confirms it; `klist tgt` fails with 0x8009030e (SEC_E_NO_CREDENTIALS). Check ' +
        '`whoami /upn` and `dsregcmd /status` (AzureAdJoined / DomainJoined, `AzureAdPrt : YES`; `CloudTgt : ' +
        'YES` for the modern flow — the line exists from Windows 11 21H2 on). Trust-based flow: `DomainJoined ' +
        ': YES` and, in `klist`, a TGT `krbtgt/<AD DOMAIN>` from a domain controller, ' +
        'which needs a domain controller ' +
        'reachable at sign-in (`nltest /dsgetdc:<domain>`); `OnPremTgt` is a cloud Kerberos trust ticket, not ' +
        'evidence of this flow. Windows Authentication for Microsoft Entra principals works only in interactive ' +
        'sessions, not for services.',
    },
    TGT_EXPIRED: {
      title: 'Your Kerberos ticket has expired',
      helpdeskTitle: "The user's Kerberos ticket had expired when this was captured",
      // A cloud TGT cannot be renewed (Microsoft Entra ID does not support TGT renewal; it comes with the PRT at
      // sign-in, about 10 hours):
      // https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication#authentication-stops-after-approximately-10-hours-when-using-microsoft-entra-kerberos
      cause:
        'Kerberos tickets are valid for a limited time (10 hours by default in Active Directory). A ticket from ' +
        'your domain can be renewed up to a limit (7 days by default); a ticket from Microsoft Entra ID (the ' +
        '"cloud" ticket of the modern flow) cannot be renewed at all: it ends about 10 hours after you signed ' +
        'in to Windows, and only a new sign-in brings a new one. The ticket this check needed had expired and ' +
        'Windows had not replaced it.',
      fixUser:
        'Sign out of Windows and sign in again while connected to the company network or the internet, then run ' +
        'the check again. Locking and unlocking the computer renews a ticket from your domain, but may not bring ' +
        'a new ticket from Microsoft Entra ID.',
      fixHelpdesk:
        "`klist` shows each ticket's End Time and Renew Time. An expired cloud TGT " +
        '(`krbtgt/KERBEROS.MICROSOFTONLINE.COM`, ' +
        'Kdc Called `TicketSuppliedAtLogon`, Renew Time 0) cannot be renewed — Microsoft Entra ID does not support ' +
        'TGT renewal — so the user must sign out and sign in (a lock and unlock may not bring a new one); for ' +
        'domain-joined or hybrid-joined devices, the trust-based flow (a cloud trust) gives renewable TGTs from ' +
        "Active Directory. An expired TGT from a domain controller: in the user's session (not elevated) `klist " +
        'purge`, then lock and unlock or sign in again. If tickets keep expiring early, check the domain Kerberos ' +
        'policy (Maximum lifetime for user ticket / for user ticket renewal) and `dsregcmd /status` (AzureAdPrt, ' +
        'AzureAdPrtExpiryTime).',
    },
  },
};
