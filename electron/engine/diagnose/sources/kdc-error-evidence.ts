// A KRB-ERROR error-code (RFC 4120 §7.5.9), read through the one table of them (../kdc-errors.ts).
import type { EvidenceSource, KerberosStage } from '../evidence-source';
import { unrecognised } from '../evidence-source';
import { quote, sanitizeEvidenceText, where } from '../evidence-text';
import { lookupKdcError, resolveKdcError } from '../kdc-errors';
import { isCloud } from '../status-reading';
import { CONTACT } from '../catalog-wording';

/** `server` is the principal asked for, when known. */
export interface KdcErrorEvidence {
  kind: 'kdc-error';
  code: number;
  stage?: KerberosStage;
  realm?: string;
  userRealm?: string;
  server?: string;
  referral?: boolean;
  eText?: string;
}

export const kdcErrorEvidence: EvidenceSource<KdcErrorEvidence> = {
  kind: 'kdc-error',
  describe: (e) => {
    const server = e.server ? ` for ${sanitizeEvidenceText(e.server)}` : '';
    return `KDC error ${e.code}${server}${where(e)}${e.eText ? `: ${quote(e.eText)}` : ''}`;
  },
  read(e) {
    const entry = lookupKdcError(e.code);
    if (!entry) return unrecognised(this.describe(e));
    const ctx = {
      cloud: isCloud(e.realm),
      referral: e.referral === true,
      ...(e.stage ? { stage: e.stage } : {}),
      ...(e.server ? { server: e.server } : {}),
    };
    const code = resolveKdcError(entry, ctx);
    const note = entry.note?.(ctx);
    const line = `${this.describe(e)} — ${entry.name} ("${entry.mitText}")${note ? `: ${note}` : ''}`;
    return { code, role: code === null ? 'info' : 'failure', line };
  },
  catalog: {
    NO_CROSS_REALM_TRUST: {
      title: 'Your domain has no trust to the Microsoft Entra Kerberos realm',
      helpdeskTitle: "The user's domain has no trust to the Microsoft Entra Kerberos realm",
      cause:
        "The database's ticket must come from Microsoft Entra ID (realm KERBEROS.MICROSOFTONLINE.COM). In the " +
        'trust-based setup your domain controller first hands out a referral ticket to that realm, which needs ' +
        'an incoming trust for Microsoft Entra Kerberos in your Active Directory. Your domain controller answered ' +
        'that it has no such trust: it was never created, has not replicated yet, or this computer belongs to ' +
        'a domain that does not have it.',
      fixUser: CONTACT,
      fixHelpdesk:
        'With the AzureADHybridAuthenticationManagement module, `Get-AzureADKerberosServer ' +
        '-Domain <domain> -UserPrincipalName ' +
        '<admin upn>` must show `CloudTrustDisplay : Microsoft.AzureAD.Kdc.Service.TrustDisplay`. If it does ' +
        'not, create the trust with `Set-AzureADKerberosServer -Domain <domain> -UserPrincipalName <admin upn> ' +
        '-SetupCloudTrust` and allow AD replication. Confirm from the client with ' +
        '`klist get krbtgt/KERBEROS.MICROSOFTONLINE.COM`, ' +
        'then `klist purge` and retry. Devices that are Microsoft Entra joined or hybrid joined can use the modern ' +
        'interactive flow (cloud TGT) instead.',
    },
    TRUST_KEY_MISMATCH: {
      title: 'The trust between your domain and Microsoft Entra ID is out of step',
      helpdeskTitle: "The trust between the user's domain and Microsoft Entra ID is out of step",
      // Rotation of the cloud trust's key (with -SetupCloudTrust), its propagation (several hours) and the
      // once-in-24-hours
      // limit without -Force:
      // https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow#rotate-the-kerberos-key
      // KeyVersion must match CloudKeyVersion; only these cmdlets update both sides:
      // https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-passwordless-security-key-on-premises
      cause:
        'Your domain controller gave you a referral ticket for Microsoft Entra Kerberos, but Microsoft Entra ' +
        'ID could not decrypt it: the two sides of the trust hold different keys. This happens when the Microsoft ' +
        'Entra Kerberos server object was recreated, restored or had its key changed on one side only, or in ' +
        'the hours after a key rotation, while the new key is still propagating (Microsoft says it takes several ' +
        'hours).',
      fixUser: CONTACT,
      fixHelpdesk:
        'Run `Get-AzureADKerberosServer -Domain <domain> -UserPrincipalName <admin upn>` and compare KeyVersion ' +
        '/ KeyUpdatedOn with CloudKeyVersion / CloudKeyUpdatedOn: they must match. If the key was rotated within ' +
        'the last hours, wait: a new key takes several hours to propagate between the Kerberos KDC servers. If ' +
        "they differ otherwise, rotate the cloud trust's key with `Set-AzureADKerberosServer -Domain <domain> " +
        '-UserPrincipalName <admin upn> -SetupCloudTrust -RotateServerKey` (only this cmdlet updates both sides; ' +
        'other krbtgt tools change the on-premises key alone). The key can be rotated once in 24 hours; a second ' +
        "rotation within 24 hours needs `-Force`. Allow AD replication and propagation, then in the user's session " +
        "`klist purge` and retry. Microsoft's managed instance articles do not describe this failure explicitly; " +
        'the evidence (a referral ticket refused by the Entra KDC with an integrity error) is what points here.',
    },
    SPN_UNKNOWN: {
      title: "The database server's Kerberos name is not known",
      helpdeskTitle: "The database server's Kerberos name (SPN) was not known where the device asked",
      cause:
        'Windows asks for a ticket to a service name (SPN) built from the server ' +
        'name you typed: MSSQLSvc/<name>:<port>. ' +
        "The Kerberos server answered that no service has this name. Usually the name is not the managed instance's " +
        'real name (an alias, an IP address, a private-link or custom DNS name), the port is different, or the ' +
        "managed instance's Kerberos setup (its service principal) is not complete.",
      fixUser:
        "Connect with the managed instance's full name exactly as the Azure portal shows it: <instance>.<dns " +
        'zone>.database.windows.net on port 1433 (or <instance>.public.<dns zone>.database.windows.net on port ' +
        '3342 for the public endpoint). Do not use an IP address, a short name or an alias.',
      fixHelpdesk:
        'Reproduce with `klist get MSSQLSvc/<mi>.<dnszone>.database.windows.net:1433`: substatus 0x6fb (klist ' +
        'then prints the misleading 0xc000018b "SAM database … computer account" text) means the SPN is unknown; ' +
        'a returned ticket must have server realm KERBEROS.MICROSOFTONLINE.COM. On ' +
        'the instance: enable the system-assigned ' +
        'service principal and grant admin consent to the app registration named "<mi> principal". On the client: ' +
        '`dsregcmd /status` KerbTopLevelNames must include `.windows.net` so Windows sends the request to the ' +
        'Entra realm; in the trust-based flow the cloud trust must exist.',
    },
    ETYPE_UNSUPPORTED: {
      title: 'No encryption type in common for Kerberos',
      helpdeskTitle: 'No encryption type in common for Kerberos',
      cause:
        'Kerberos tickets are encrypted with a cipher both sides must support. Microsoft Entra Kerberos issues ' +
        'AES-256 tickets; when this computer or the account is limited to other types (such as RC4 or DES), there ' +
        'is no cipher in common and the Kerberos server refuses the request.',
      fixUser: CONTACT,
      fixHelpdesk:
        '`klist get <SPN>` failing with 0x80090342 and 0xc00002fd (SEC_E_KDC_UNKNOWN_ETYPE ' +
        '/ STATUS_KDC_UNKNOWN_ETYPE) ' +
        'is this case. Check the policy "Network security: Configure encryption types ' +
        'allowed for Kerberos" (Security ' +
        'Options): AES256_HMAC_SHA1 must be allowed. In Active Directory check the ' +
        "account's msDS-SupportedEncryptionTypes " +
        '("This account supports Kerberos AES 256 bit encryption"). After a change: `klist purge` and sign in ' +
        'again so AES keys are used. Non-Windows clients: check `permitted_enctypes` in krb5.conf.',
    },
    USER_UNKNOWN: {
      title: 'Your account is unknown or blocked for Kerberos',
      helpdeskTitle: "The user's account is unknown or blocked for Kerberos",
      cause:
        'The Kerberos server does not know your account, or refuses it because it is disabled, locked out or ' +
        'expired. In the cloud flow this also happens when your on-premises account is not synchronised to Microsoft ' +
        'Entra ID.',
      fixUser:
        'Make sure you are signed in with your work account. If your account was just created, renamed or unlocked, ' +
        'wait a while and try again; otherwise send this report to your helpdesk.',
      fixHelpdesk:
        'Check the account in Active Directory ' +
        '(`Get-ADUser <name> -Properties Enabled,LockedOut,AccountExpirationDate,UserPrincipalName`) ' +
        'and in Microsoft Entra ID (exists, enabled, synchronised by Microsoft Entra Connect; a delta sync is ' +
        '`Start-ADSyncSyncCycle -PolicyType Delta` on the sync server). The UPN the user signs in with must match ' +
        'the synchronised one.',
    },
    PASSWORD_STALE: {
      title: 'Your password was not accepted',
      helpdeskTitle: "The user's password was not accepted by the Kerberos server",
      cause:
        'The Kerberos server could not verify you with the password-derived key this computer holds: the password ' +
        'was changed elsewhere (another device, or reset by the helpdesk) and this computer still uses the old ' +
        'one, or the password has expired.',
      fixUser:
        'Lock the computer (Windows+L) and unlock it with your current password (not a PIN) while connected to ' +
        'the company network or VPN. If your password has expired, change it (Ctrl+Alt+Del → Change a password). ' +
        'Then run the check again.',
      fixHelpdesk:
        'Check the account (`Get-ADUser <name> -Properties PasswordLastSet,PasswordExpired,LockedOut,badPwdCount`); ' +
        'event 4771 with failure code 0x18 on a domain controller confirms bad pre-authentication. After a reset ' +
        'the user must sign in once with the new password while a domain controller is reachable, then `klist ' +
        'purge`.',
    },
    // Microsoft documents no meaning for KDC_ERR_POLICY (12) from the Entra KDC; what is known: klist's 0x52f is
    // Conditional Access (winauth-azuread-troubleshoot, above), and "Assignment required" on the enterprise app
    // blocks Entra Kerberos tickets for Azure Files (files-troubleshoot-smb-authentication#error-aadsts50105).
    CLOUD_KDC_POLICY: {
      title: 'Microsoft Entra ID refused the Kerberos ticket by policy',
      helpdeskTitle: "Microsoft Entra ID refused the user's Kerberos ticket by policy",
      cause:
        "Microsoft Entra ID, which issues the database's Kerberos ticket, answered that its policy does not allow " +
        'this request (the Kerberos error KDC_ERR_POLICY). Microsoft does not document which policies give this ' +
        'answer. Known reasons for Microsoft Entra ID to refuse such a ticket are a Conditional Access policy ' +
        "that applies to the managed instance's application (for example one that " +
        'requires multifactor authentication) ' +
        'and an application that only assigned users may use.',
      fixUser: CONTACT,
      fixHelpdesk:
        'Look in the user\'s Microsoft Entra sign-in logs for a failure on the application "<mi> principal" at ' +
        'the time of this report: the log names the policy or the error. Known causes: a Conditional Access policy ' +
        '(Microsoft documents `klist get` substatus 0x52f on a managed instance SPN as Conditional Access, fixed ' +
        'by excluding "<mi> principal" from the policy), and, documented for Azure Files, "Assignment required" ' +
        'on the enterprise application (error AADSTS50105; Kerberos tickets cannot carry the assignment). Reproduce ' +
        "on Windows with `klist get MSSQLSvc/<fqdn>:<port>` in the user's session. Microsoft does not document " +
        'KDC_ERR_POLICY from Microsoft Entra Kerberos itself; if the sign-in log shows nothing, open a support ' +
        'case with this report.',
    },
  },
};
