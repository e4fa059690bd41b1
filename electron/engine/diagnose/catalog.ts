// What every diagnosis code means, in words for someone who has never seen a Kerberos ticket, with one fix
// the user can do and one the helpdesk can do. Commands are in backticks (reports render them as code).
// Sources: Microsoft's articles on Windows Authentication for Microsoft Entra principals on Azure SQL
// Managed Instance, the klist / dsregcmd / w32tm references and RFC 4120. Where Microsoft's documentation
// is uncertain, the text says so. The flow texts (CloudTgt / OnPremTgt, the trust flow's DC-issued TGT):
// https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state (both lines
// from Windows 11 21H2; OnPremTgt = cloud Kerberos ticket for on-premises resources),
// https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot (klist get
// krbtgt returns a ticket of the on-premises realm; AS-REQ → on-premises TGT, TGS-REQ → referral),
// https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-modern-interactive-flow
// (the policy; Entra joined or hybrid joined) and
// https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow
// (AD-joined clients; the KDC proxy policy; rotating the trust key).
// Entra Kerberos on Windows clients (cloud TGTs are not renewable; network changes clear the cached KDC proxy
// configuration; "Assignment required" blocks tickets):
// https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication
import { DIAGNOSIS_CODES, type DiagnosisCode } from '../../contract/codes';
import { WINDOWS_CATALOG } from './catalog-windows';

export interface CatalogEntry {
  /** Said to the user at the keyboard ("Your Kerberos ticket has expired"). */
  title: string;
  /**
   * The same diagnosis for the technician who reads someone else's evidence (`kerbprobe analyze`, the Helpdesk
   * view): the subject is the user's device and session, in the past tense where the evidence is a capture.
   */
  helpdeskTitle: string;
  cause: string;
  fixUser: string;
  fixHelpdesk: string;
}

const CONTACT = 'You cannot fix this from your computer. Send this report to your helpdesk.';

export const CATALOG: Readonly<Record<DiagnosisCode, CatalogEntry>> = {
  NO_TGT: {
    title: 'No Kerberos sign-in ticket on this computer',
    helpdeskTitle: "The user's session held no Kerberos sign-in ticket (TGT)",
    cause:
      'Windows has no Kerberos ticket-granting ticket (TGT) for you in this session. The TGT is the pass Windows receives when you sign in; it shows it to get a ticket for each server. Without it, Windows cannot ask for a ticket to the database. This happens when you signed in with a local account, when the program runs as a service or as another user ("Run as"), when you signed in while neither the domain nor Microsoft Entra ID could be reached, or on a computer that is not joined to the domain or to Microsoft Entra ID.',
    fixUser:
      'Sign in to Windows with your work account, not a local account. If you are already signed in, lock the computer (Windows+L) and unlock it while connected to the company network or the internet, then run the check again. Start the program normally, not as another user.',
    fixHelpdesk:
      "In the user's own session (not an elevated prompt, which is a different logon session) run `klist`: no `krbtgt/...` ticket confirms it; `klist tgt` fails with 0x8009030e (SEC_E_NO_CREDENTIALS). Check `whoami /upn` and `dsregcmd /status` (AzureAdJoined / DomainJoined, `AzureAdPrt : YES`; `CloudTgt : YES` for the modern flow — the line exists from Windows 11 21H2 on). Trust-based flow: `DomainJoined : YES` and, in `klist`, a TGT `krbtgt/<AD DOMAIN>` from a domain controller, which needs a domain controller reachable at sign-in (`nltest /dsgetdc:<domain>`); `OnPremTgt` is a cloud Kerberos trust ticket, not evidence of this flow. Windows Authentication for Microsoft Entra principals works only in interactive sessions, not for services.",
  },
  TGT_EXPIRED: {
    title: 'Your Kerberos ticket has expired',
    helpdeskTitle: "The user's Kerberos ticket had expired when this was captured",
    // A cloud TGT cannot be renewed (Microsoft Entra ID does not support TGT renewal; it comes with the PRT at
    // sign-in, about 10 hours): https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication#authentication-stops-after-approximately-10-hours-when-using-microsoft-entra-kerberos
    cause:
      'Kerberos tickets are valid for a limited time (10 hours by default in Active Directory). A ticket from your domain can be renewed up to a limit (7 days by default); a ticket from Microsoft Entra ID (the "cloud" ticket of the modern flow) cannot be renewed at all: it ends about 10 hours after you signed in to Windows, and only a new sign-in brings a new one. The ticket this check needed had expired and Windows had not replaced it.',
    fixUser:
      'Sign out of Windows and sign in again while connected to the company network or the internet, then run the check again. Locking and unlocking the computer renews a ticket from your domain, but may not bring a new ticket from Microsoft Entra ID.',
    fixHelpdesk:
      "`klist` shows each ticket's End Time and Renew Time. An expired cloud TGT (`krbtgt/KERBEROS.MICROSOFTONLINE.COM`, Kdc Called `TicketSuppliedAtLogon`, Renew Time 0) cannot be renewed — Microsoft Entra ID does not support TGT renewal — so the user must sign out and sign in (a lock and unlock may not bring a new one); for domain-joined or hybrid-joined devices, the trust-based flow (a cloud trust) gives renewable TGTs from Active Directory. An expired TGT from a domain controller: in the user's session (not elevated) `klist purge`, then lock and unlock or sign in again. If tickets keep expiring early, check the domain Kerberos policy (Maximum lifetime for user ticket / for user ticket renewal) and `dsregcmd /status` (AzureAdPrt, AzureAdPrtExpiryTime).",
  },
  KDC_UNREACHABLE: {
    title: "Your domain's Kerberos server cannot be reached",
    helpdeskTitle: "The user's device could not reach a Kerberos server (domain controller) of its domain",
    cause:
      'To get tickets, Windows must talk to a Kerberos server (a Key Distribution Center, KDC) of your own domain: in Active Directory, a domain controller on port 88. None answered. Usually the computer is off the company network without VPN, a firewall blocks port 88, or DNS cannot find a domain controller.',
    fixUser: 'Connect to the company network or start the VPN, then run the check again.',
    fixHelpdesk:
      "From the client: `nltest /dsgetdc:<domain>` (domain controller locator), `nslookup -type=SRV _kerberos._tcp.<domain>` and `Test-NetConnection <dc> -Port 88`; `nltest /sc_query:<domain>` shows the secure channel. Make sure the VPN routes the domain controllers and that firewalls allow TCP and UDP 88. On non-Windows clients check the realm's `kdc =` lines (or DNS SRV lookup) in krb5.conf.",
  },
  CLOUD_KDC_UNREACHABLE: {
    title: 'Microsoft Entra Kerberos cannot be reached',
    helpdeskTitle: "The user's device could not reach Microsoft Entra Kerberos (KDC proxy)",
    // A network change (VPN reconnect, Wi-Fi change, sleep/resume) clears the cached KDC proxy configuration
    // until a new sign-in, unless the KDC proxy policy is set — for Entra Kerberos clients in general:
    // https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication#intermittent-authentication-failures-after-network-changes-when-using-microsoft-entra-kerberos
    cause:
      'The database belongs to the Kerberos realm KERBEROS.MICROSOFTONLINE.COM, served by Microsoft Entra ID. Windows reaches it over HTTPS through a KDC proxy at https://login.microsoftonline.com/<tenant id>/kerberos. That connection failed: no internet access, a web proxy that Windows system services cannot use (often a setting left behind by a debugging proxy such as Fiddler), TLS inspection, port 443 blocked, or — after a network change such as a VPN reconnect, a new Wi-Fi network or waking from sleep — Windows dropped the KDC proxy settings it received when you signed in.',
    fixUser:
      'Check that you can reach the internet (for example, open https://login.microsoftonline.com in a browser). If a debugging proxy such as Fiddler is running, close it. If this started after a VPN reconnect, a network change or sleep, sign out of Windows and sign in again. Then run the check again; if it still fails, send this report to your helpdesk.',
    fixHelpdesk:
      '`klist get MSSQLSvc/<mi>.<dnszone>.database.windows.net:1433` failing with substatus 0x51f (klist failed with 0xc000005e) is this case. Check the proxy used by system services with `netsh winhttp show proxy` and reset it with `netsh winhttp reset proxy` and `netsh winhttp reset autoproxy`. For a proxy left by Fiddler, Microsoft\'s guidance is also to remove `:8888` entries under `HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr`, reboot, and make sure the WinHttpAutoProxySvc and iphlpsvc services run. Allow HTTPS to login.microsoftonline.com without TLS inspection. The Group Policy "Specify KDC proxy servers for Kerberos clients" (value name `KERBEROS.MICROSOFTONLINE.COM`, value `<https login.microsoftonline.com:443:<tenant id>/kerberos />`) matters in both flows: the trust-based flow requires it, and in the modern flow it keeps the KDC proxy configuration across network changes (VPN reconnect, Wi-Fi change, sleep), which otherwise clear it until the user signs out and in.',
  },
  NO_CROSS_REALM_TRUST: {
    title: 'Your domain has no trust to the Microsoft Entra Kerberos realm',
    helpdeskTitle: "The user's domain has no trust to the Microsoft Entra Kerberos realm",
    cause:
      "The database's ticket must come from Microsoft Entra ID (realm KERBEROS.MICROSOFTONLINE.COM). In the trust-based setup your domain controller first hands out a referral ticket to that realm, which needs an incoming trust for Microsoft Entra Kerberos in your Active Directory. Your domain controller answered that it has no such trust: it was never created, has not replicated yet, or this computer belongs to a domain that does not have it.",
    fixUser: CONTACT,
    fixHelpdesk:
      'With the AzureADHybridAuthenticationManagement module, `Get-AzureADKerberosServer -Domain <domain> -UserPrincipalName <admin upn>` must show `CloudTrustDisplay : Microsoft.AzureAD.Kdc.Service.TrustDisplay`. If it does not, create the trust with `Set-AzureADKerberosServer -Domain <domain> -UserPrincipalName <admin upn> -SetupCloudTrust` and allow AD replication. Confirm from the client with `klist get krbtgt/KERBEROS.MICROSOFTONLINE.COM`, then `klist purge` and retry. Devices that are Microsoft Entra joined or hybrid joined can use the modern interactive flow (cloud TGT) instead.',
  },
  TRUST_KEY_MISMATCH: {
    title: 'The trust between your domain and Microsoft Entra ID is out of step',
    helpdeskTitle: "The trust between the user's domain and Microsoft Entra ID is out of step",
    // Rotation of the cloud trust's key (with -SetupCloudTrust), its propagation (several hours) and the once-in-24-hours
    // limit without -Force: https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow#rotate-the-kerberos-key
    // KeyVersion must match CloudKeyVersion; only these cmdlets update both sides:
    // https://learn.microsoft.com/en-us/entra/identity/authentication/howto-authentication-passwordless-security-key-on-premises
    cause:
      'Your domain controller gave you a referral ticket for Microsoft Entra Kerberos, but Microsoft Entra ID could not decrypt it: the two sides of the trust hold different keys. This happens when the Microsoft Entra Kerberos server object was recreated, restored or had its key changed on one side only, or in the hours after a key rotation, while the new key is still propagating (Microsoft says it takes several hours).',
    fixUser: CONTACT,
    fixHelpdesk:
      "Run `Get-AzureADKerberosServer -Domain <domain> -UserPrincipalName <admin upn>` and compare KeyVersion / KeyUpdatedOn with CloudKeyVersion / CloudKeyUpdatedOn: they must match. If the key was rotated within the last hours, wait: a new key takes several hours to propagate between the Kerberos KDC servers. If they differ otherwise, rotate the cloud trust's key with `Set-AzureADKerberosServer -Domain <domain> -UserPrincipalName <admin upn> -SetupCloudTrust -RotateServerKey` (only this cmdlet updates both sides; other krbtgt tools change the on-premises key alone). The key can be rotated once in 24 hours; a second rotation within 24 hours needs `-Force`. Allow AD replication and propagation, then in the user's session `klist purge` and retry. Microsoft's managed instance articles do not describe this failure explicitly; the evidence (a referral ticket refused by the Entra KDC with an integrity error) is what points here.",
  },
  SPN_UNKNOWN: {
    title: "The database server's Kerberos name is not known",
    helpdeskTitle: "The database server's Kerberos name (SPN) was not known where the device asked",
    cause:
      "Windows asks for a ticket to a service name (SPN) built from the server name you typed: MSSQLSvc/<name>:<port>. The Kerberos server answered that no service has this name. Usually the name is not the managed instance's real name (an alias, an IP address, a private-link or custom DNS name), the port is different, or the managed instance's Kerberos setup (its service principal) is not complete.",
    fixUser:
      "Connect with the managed instance's full name exactly as the Azure portal shows it: <instance>.<dns zone>.database.windows.net on port 1433 (or <instance>.public.<dns zone>.database.windows.net on port 3342 for the public endpoint). Do not use an IP address, a short name or an alias.",
    fixHelpdesk:
      'Reproduce with `klist get MSSQLSvc/<mi>.<dnszone>.database.windows.net:1433`: substatus 0x6fb (klist then prints the misleading 0xc000018b "SAM database … computer account" text) means the SPN is unknown; a returned ticket must have server realm KERBEROS.MICROSOFTONLINE.COM. On the instance: enable the system-assigned service principal and grant admin consent to the app registration named "<mi> principal". On the client: `dsregcmd /status` KerbTopLevelNames must include `.windows.net` so Windows sends the request to the Entra realm; in the trust-based flow the cloud trust must exist.',
  },
  CLOCK_SKEW: {
    title: "This computer's clock is wrong",
    helpdeskTitle: "The user's device clock was off by more than Kerberos allows",
    cause:
      "Kerberos tickets carry timestamps and are refused when the clocks of this computer and the Kerberos server differ by more than the allowed tolerance (5 minutes by default, both in Active Directory and MIT Kerberos). This computer's clock or time zone is off.",
    fixUser:
      'Open Settings → Time & language → Date & time, turn on "Set time automatically", press "Sync now" and check the time zone. Then run the check again.',
    fixHelpdesk:
      'Measure the offset with `w32tm /stripchart /computer:<dc> /samples:3 /dataonly` and resync with `w32tm /resync` (elevated); `w32tm /query /source` shows where the time comes from (the domain hierarchy on domain-joined machines). After the clock is right, `klist purge` in the user\'s session and retry. The tolerance is the policy "Maximum tolerance for computer clock synchronization" (default 5 minutes).',
  },
  ETYPE_UNSUPPORTED: {
    title: 'No encryption type in common for Kerberos',
    helpdeskTitle: 'No encryption type in common for Kerberos',
    cause:
      'Kerberos tickets are encrypted with a cipher both sides must support. Microsoft Entra Kerberos issues AES-256 tickets; when this computer or the account is limited to other types (such as RC4 or DES), there is no cipher in common and the Kerberos server refuses the request.',
    fixUser: CONTACT,
    fixHelpdesk:
      '`klist get <SPN>` failing with 0x80090342 and 0xc00002fd (SEC_E_KDC_UNKNOWN_ETYPE / STATUS_KDC_UNKNOWN_ETYPE) is this case. Check the policy "Network security: Configure encryption types allowed for Kerberos" (Security Options): AES256_HMAC_SHA1 must be allowed. In Active Directory check the account\'s msDS-SupportedEncryptionTypes ("This account supports Kerberos AES 256 bit encryption"). After a change: `klist purge` and sign in again so AES keys are used. Non-Windows clients: check `permitted_enctypes` in krb5.conf.',
  },
  SERVICE_KEY_MISMATCH: {
    title: 'The database server could not read your Kerberos ticket',
    helpdeskTitle: "The database server could not read the user's Kerberos ticket",
    cause:
      'You got a ticket for the database and sent it, but the server could not decrypt it: the ticket was encrypted with a key the server does not hold. Causes: the service key changed and an old ticket is still cached, the same service name (SPN) is registered on two accounts so the ticket was made for the wrong one, or the name led to a different server than the one the ticket was made for.',
    fixUser: 'Wait a few minutes and run the check again. If it still fails, send this report to your helpdesk.',
    fixHelpdesk:
      "In the user's session run `klist purge` and retry: cached tickets made with an old key keep failing until they expire. Check that the name resolves to the intended instance (`nslookup <fqdn>`, hosts file). For on-premises SPNs look for duplicates with `setspn -X` and `setspn -Q MSSQLSvc/<fqdn>:<port>`. On the server, error 17806 (SSPI handshake failed) with 0x80090308 or 0x8009030c next to 18452 means the same. The managed instance's Kerberos key is managed by Azure: if it persists after purging, open a support case with this report.",
  },
  NTLM_FALLBACK: {
    title: 'Windows used NTLM instead of Kerberos',
    helpdeskTitle: "The user's device used NTLM instead of Kerberos",
    cause:
      'Windows Authentication on Azure SQL Managed Instance works only with Kerberos. When Windows cannot get a Kerberos ticket for the server it silently falls back to the older NTLM protocol, which the managed instance rejects (SQL error 18452, "The login is from an untrusted domain"). This happens when you connect with an IP address, a short name or an alias instead of the full name, when there is no cloud Kerberos ticket, or on a redirected connection.',
    fixUser:
      "Connect with the managed instance's full name (<instance>.<dns zone>.database.windows.net), not an IP address or a short name, and run the check again.",
    fixHelpdesk:
      'Confirm with `klist get MSSQLSvc/<fqdn>:<port>` (must return a ticket with server realm KERBEROS.MICROSOFTONLINE.COM) and, on a working connection, `SELECT auth_scheme FROM sys.dm_exec_connections WHERE session_id = @@SPID` (must be KERBEROS). Check the flow: modern — `dsregcmd /status` shows `CloudTgt : YES` (Windows 11 21H2 and later print it) and KerbTopLevelNames including `.windows.net`; trust-based — `DomainJoined : YES`, `klist` holds `krbtgt/<AD DOMAIN>` from a domain controller and `klist get krbtgt/KERBEROS.MICROSOFTONLINE.COM` returns a referral (`OnPremTgt` is a cloud Kerberos trust ticket and proves neither). Under the Redirect connection policy the redirected connection (ports 11000–11999) must authenticate with Kerberos too: a public issue reports 18452 under Redirect while Proxy worked; its current status is unknown.',
  },
  USER_UNKNOWN: {
    title: 'Your account is unknown or blocked for Kerberos',
    helpdeskTitle: "The user's account is unknown or blocked for Kerberos",
    cause:
      'The Kerberos server does not know your account, or refuses it because it is disabled, locked out or expired. In the cloud flow this also happens when your on-premises account is not synchronised to Microsoft Entra ID.',
    fixUser:
      'Make sure you are signed in with your work account. If your account was just created, renamed or unlocked, wait a while and try again; otherwise send this report to your helpdesk.',
    fixHelpdesk:
      'Check the account in Active Directory (`Get-ADUser <name> -Properties Enabled,LockedOut,AccountExpirationDate,UserPrincipalName`) and in Microsoft Entra ID (exists, enabled, synchronised by Microsoft Entra Connect; a delta sync is `Start-ADSyncSyncCycle -PolicyType Delta` on the sync server). The UPN the user signs in with must match the synchronised one.',
  },
  PASSWORD_STALE: {
    title: 'Your password was not accepted',
    helpdeskTitle: "The user's password was not accepted by the Kerberos server",
    cause:
      'The Kerberos server could not verify you with the password-derived key this computer holds: the password was changed elsewhere (another device, or reset by the helpdesk) and this computer still uses the old one, or the password has expired.',
    fixUser:
      'Lock the computer (Windows+L) and unlock it with your current password (not a PIN) while connected to the company network or VPN. If your password has expired, change it (Ctrl+Alt+Del → Change a password). Then run the check again.',
    fixHelpdesk:
      'Check the account (`Get-ADUser <name> -Properties PasswordLastSet,PasswordExpired,LockedOut,badPwdCount`); event 4771 with failure code 0x18 on a domain controller confirms bad pre-authentication. After a reset the user must sign in once with the new password while a domain controller is reachable, then `klist purge`.',
  },
  CLOUD_TGT_MISSING: {
    title: 'No Microsoft Entra Kerberos ticket on this computer',
    helpdeskTitle: "The user's session held no Microsoft Entra Kerberos ticket (cloud TGT)",
    cause:
      'In the modern flow Windows gets a Kerberos ticket from Microsoft Entra ID (a "cloud TGT") when you sign in interactively, if the policy "Allow retrieving the cloud kerberos ticket during the logon" is enabled. This session has no such ticket: the policy is not enabled or had not applied yet when you signed in, you signed in without internet access, the session is not interactive (a service or scheduled task), or the device is not Microsoft Entra joined or hybrid joined. The evidence below says whether the policy was shown enabled.',
    fixUser:
      'Lock the computer (Windows+L) and unlock it while connected to the internet, then run the check again. If it still fails, restart the computer and sign in again.',
    fixHelpdesk:
      'Check `dsregcmd /status` (AzureAdJoined or hybrid joined, `AzureAdPrt : YES`, `CloudTgt : YES`; Windows 11 21H2 and later print CloudTgt, older builds do not say) and `klist cloud_debug` ("Cloud Kerberos enabled by policy: 1"; its "Cloud Primary (Hybrid logon) TGT" line is the cloud Kerberos trust ticket for on-premises resources, like OnPremTgt). Enable the policy if it is not, run `dsregcmd /RefreshPrt`, then lock and unlock. Microsoft notes that a new ticket can take hours to appear after the policy is enabled, and that only interactive sessions receive one. If the device is domain joined, the trust-based flow needs no cloud ticket: check for a `krbtgt/<AD DOMAIN>` TGT in `klist` instead.',
  },
  CLOUD_KERBEROS_POLICY_OFF: {
    title: 'Cloud Kerberos is turned off on this computer',
    helpdeskTitle: "Cloud Kerberos is turned off on the user's device",
    cause:
      'For the modern flow, Windows must be allowed to get a Kerberos ticket from Microsoft Entra ID when you sign in. The policy "Allow retrieving the cloud kerberos ticket during the logon" is not enabled on this computer, so it has no such ticket.',
    fixUser: CONTACT,
    fixHelpdesk:
      'Enable "Allow retrieving the cloud kerberos ticket during the logon" (Group Policy: Administrative Templates → System → Kerberos; Intune: CSP `./Device/Vendor/MSFT/Policy/Config/Kerberos/CloudKerberosTicketRetrievalEnabled` = 1). Microsoft\'s documents quote two registry locations for the DWORD CloudKerberosTicketRetrievalEnabled = 1: `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters` and `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters`; check both. Then `dsregcmd /RefreshPrt`, lock and unlock; `klist cloud_debug` must show "Cloud Kerberos enabled by policy: 1". Devices that use the trust-based flow do not need this policy.',
  },
  // Documented for klist get's substatus 0x52f (STATUS_ACCOUNT_RESTRICTION 0xc000006e) on a managed instance SPN:
  // https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot
  CONDITIONAL_ACCESS: {
    title: 'A Conditional Access policy blocks the Kerberos ticket',
    helpdeskTitle: 'A Conditional Access policy blocked the Kerberos ticket',
    cause:
      "Microsoft Entra ID refused to issue the Kerberos ticket for the database because a Conditional Access policy (for example, one that requires multifactor authentication) applies to the managed instance's application. A Kerberos ticket request cannot satisfy such a requirement, so it is refused.",
    fixUser: CONTACT,
    fixHelpdesk:
      "`klist get MSSQLSvc/<fqdn>:1433` failing with substatus 0x52f (klist failed with 0xc000006e) is this case. Microsoft's guidance: exclude the managed instance's app (\"<mi> principal\") from Conditional Access policies that require MFA; the user's Entra sign-in log shows the failure on that app. If the error comes from an on-premises domain controller instead, 0x52f is an account restriction (logon hours, allowed workstations, Protected Users).",
  },
  // Microsoft documents no meaning for KDC_ERR_POLICY (12) from the Entra KDC; what is known: klist's 0x52f is
  // Conditional Access (winauth-azuread-troubleshoot, above), and "Assignment required" on the enterprise app
  // blocks Entra Kerberos tickets for Azure Files (files-troubleshoot-smb-authentication#error-aadsts50105).
  CLOUD_KDC_POLICY: {
    title: 'Microsoft Entra ID refused the Kerberos ticket by policy',
    helpdeskTitle: "Microsoft Entra ID refused the user's Kerberos ticket by policy",
    cause:
      "Microsoft Entra ID, which issues the database's Kerberos ticket, answered that its policy does not allow this request (the Kerberos error KDC_ERR_POLICY). Microsoft does not document which policies give this answer. Known reasons for Microsoft Entra ID to refuse such a ticket are a Conditional Access policy that applies to the managed instance's application (for example one that requires multifactor authentication) and an application that only assigned users may use.",
    fixUser: CONTACT,
    fixHelpdesk:
      'Look in the user\'s Microsoft Entra sign-in logs for a failure on the application "<mi> principal" at the time of this report: the log names the policy or the error. Known causes: a Conditional Access policy (Microsoft documents `klist get` substatus 0x52f on a managed instance SPN as Conditional Access, fixed by excluding "<mi> principal" from the policy), and, documented for Azure Files, "Assignment required" on the enterprise application (error AADSTS50105; Kerberos tickets cannot carry the assignment). Reproduce on Windows with `klist get MSSQLSvc/<fqdn>:<port>` in the user\'s session. Microsoft does not document KDC_ERR_POLICY from Microsoft Entra Kerberos itself; if the sign-in log shows nothing, open a support case with this report.',
  },
  DNS_FAILURE: {
    title: 'The server name cannot be found',
    helpdeskTitle: "The server name could not be resolved from the user's device",
    cause:
      "This computer could not translate the server name into a network address. The name is misspelled, or the DNS server in use does not know the managed instance's zone (common off the company network or without VPN), or the private DNS zone is not linked to your network.",
    fixUser: 'Check the server name for typos, connect to the company network or VPN, and run the check again.',
    fixHelpdesk:
      "`Resolve-DnsName <fqdn>` (or `nslookup <fqdn>`): the name is a CNAME to the instance's host and must resolve to the instance's private IP from the client network (or its public IP for the public endpoint). Check conditional forwarders for database.windows.net (and private DNS zones when private endpoints are used), the VPN's DNS servers and the hosts file. To test one node or a private IP while keeping Kerberos correct, keep the real FQDN as the server and pass the IP as the address.",
  },
  SQL_UNREACHABLE: {
    title: 'The database server does not answer',
    helpdeskTitle: "The database server did not answer the user's device",
    cause:
      'The name was found, but no connection could be opened to the database port. The instance is stopped, a firewall or network security group blocks the port, or there is no network route from here to the instance (VPN, peering).',
    fixUser:
      'Connect to the company network or VPN and run the check again. If it still fails, send this report to your helpdesk.',
    fixHelpdesk:
      '`Test-NetConnection <fqdn> -Port 1433` (VNet-local endpoint) or `-Port 3342` (public endpoint, which must be enabled on the instance). Check that the instance is running, that the network security group of its subnet allows the client range on 1433 (and 11000–11999 under the Redirect connection policy), and the VPN, peering and route tables.',
  },
  TLS_UNTRUSTED: {
    title: "The server's certificate is not trusted",
    helpdeskTitle: "The server's certificate was not trusted by the user's device",
    cause:
      'The connection is encrypted, and the certificate the server presented does not lead to a certificate authority this computer trusts, or it has expired. A network device that inspects encrypted traffic, or a different server answering, are the usual causes: Azure SQL Managed Instance uses certificates from public authorities that Windows trusts.',
    fixUser: 'Do not turn off certificate checking. Send this report to your helpdesk.',
    fixHelpdesk:
      'Look at the issuer and validity in this report. If the issuer is a proxy or firewall CA, exempt the database traffic from TLS inspection or deploy that CA as a trusted root. Make sure the client\'s trusted root store is current (Microsoft lists the authorities Azure uses in "Azure Certificate Authority details"). For a private or test CA, give the CA file rather than trusting every certificate.',
  },
  TLS_NAME_MISMATCH: {
    title: "The server's certificate is for another name",
    helpdeskTitle: "The server's certificate was for another name",
    cause:
      'The server presented a certificate that does not contain the name you connected to. This is a TLS problem, not a Kerberos one, although Windows describes both as "The target principal name is incorrect". It happens when you connect through an alias, an IP address or a custom DNS name that the certificate does not cover, or when another server answers.',
    fixUser: "Connect with the managed instance's full name as shown in the Azure portal and run the check again.",
    fixHelpdesk:
      'Compare the certificate subject and names in this report with the name used. Managed instance certificates cover `*.<dnszone>.database.windows.net`; use that name (an alias would also break the Kerberos SPN). When a client error mentions "SSL Provider" with 0x80090322, the certificate is the problem, not the SPN.',
  },
  LOGIN_NOT_MAPPED: {
    title: 'Kerberos worked, but the database has no login for you',
    helpdeskTitle: 'Kerberos worked, but the database has no login for the user',
    cause:
      'Your identity was proven to the server with Kerberos, but the managed instance has no login for your Microsoft Entra account (or for a group you are in), the login is disabled, or you may not open the requested database.',
    fixUser:
      'Ask the database owner or your helpdesk to give your account access; mention the login name shown in this report.',
    fixHelpdesk:
      "As a Microsoft Entra admin of the instance: `CREATE LOGIN [user@contoso.com] FROM EXTERNAL PROVIDER` (or for a group, `CREATE LOGIN [Group name] FROM EXTERNAL PROVIDER`), then in the database `CREATE USER [user@contoso.com] FROM LOGIN [user@contoso.com]` and grant roles. Check that the login is enabled (`SELECT name, is_disabled FROM sys.server_principals WHERE type IN ('E', 'X')`) and the database name. The state of error 18456 in the instance's error log gives the exact reason.",
  },
  REDIRECT_BLOCKED: {
    title: 'The redirected connection to the database node is blocked',
    helpdeskTitle: 'The redirected connection to the database node was blocked',
    cause:
      'With the "Redirect" connection policy, the managed instance\'s gateway tells the client to reconnect directly to the node hosting the database, on a port between 11000 and 11999. That second connection failed: those ports are blocked between your network and the instance.',
    fixUser: CONTACT,
    fixHelpdesk:
      "Allow outbound TCP 11000–11999 from the client network to the managed instance subnet (network security group, firewalls, VPN), or switch the instance's connection type to Proxy, which needs only port 1433 (Redirect has lower latency). A public issue reports Windows Authentication failing with 18452 under Redirect while Proxy worked; its current status is unknown.",
  },
  MUTUAL_AUTH_FAILED: {
    title: 'The server did not prove its identity',
    helpdeskTitle: 'The server did not prove its identity',
    cause:
      "KerbProbe asks the server to prove with Kerberos that it really is the instance named in the ticket (mutual authentication). The server's answer was missing or did not verify, so this connection cannot be trusted to reach the intended server.",
    fixUser: 'Do not use this connection. Send this report to your helpdesk.',
    fixHelpdesk:
      'Check that the name resolves to the real instance (`Resolve-DnsName <fqdn>`, hosts file) and that no proxy or load balancer terminates the TDS login in between; the evidence lines give the GSS/SSPI error. Retry after `klist purge`. If no middlebox is involved, open a support case with this report.',
  },
  PROTOCOL_ERROR: {
    title: 'A reply could not be understood',
    helpdeskTitle: 'A reply could not be understood',
    cause:
      "A reply on the connection (SQL Server's TDS, TLS or Kerberos) was malformed, cut short or unexpected. Often something between this computer and the server (a proxy, firewall or load balancer) altered or cut the traffic, or the port belongs to something other than SQL Server.",
    fixUser: 'Run the check again. If it fails again, send this report to your helpdesk.',
    fixHelpdesk:
      'Confirm that the port belongs to the managed instance (`Test-NetConnection`, and the certificate in this report). Look for devices that inspect or proxy TCP 1433, 3342 or 11000–11999. A network capture of the failing connection (Wireshark decodes TDS and Kerberos) shows where the reply goes wrong.',
  },
  UNKNOWN: {
    title: 'The failure could not be classified',
    helpdeskTitle: 'The failure could not be classified',
    cause:
      'The check failed in a way KerbProbe does not recognise, so it cannot say which link of the chain is at fault. The evidence below is the error exactly as the failing component reported it (without any secret), which is what the helpdesk needs to look further.',
    fixUser: 'Run the check again. If it still fails, send this report to your helpdesk.',
    fixHelpdesk:
      "Read the evidence and the failing step. Useful in the user's session: `klist`, `klist get MSSQLSvc/<fqdn>:<port>`, `klist cloud_debug`, `dsregcmd /status`, `w32tm /query /status`. Please pass the unrecognised evidence on to KerbProbe's maintainers so it can be classified.",
  },
  ...WINDOWS_CATALOG,
};

export function catalogEntry(code: DiagnosisCode): CatalogEntry {
  return CATALOG[code];
}

/** Codes in the contract that lack catalogue text (empty in a correct build; the tests assert it). */
export function uncataloguedCodes(): DiagnosisCode[] {
  return DIAGNOSIS_CODES.filter((c) => {
    const e = (CATALOG as Partial<Record<DiagnosisCode, CatalogEntry>>)[c];
    return !e || !e.title || !e.helpdeskTitle || !e.cause || !e.fixUser || !e.fixHelpdesk;
  });
}
