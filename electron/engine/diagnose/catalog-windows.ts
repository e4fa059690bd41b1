// The catalogue entries of the Windows device checks (windows-facts.ts): each with the Microsoft page it
// comes from, quoted in the helpdesk's text so the helpdesk can read it too.
import type { DiagnosisCode } from '../../contract/codes';
import type { CatalogEntry } from './catalog';

type WindowsCode =
  | 'WINDOWS_BUILD_UNSUPPORTED'
  | 'SESSION_NOT_INTERACTIVE'
  | 'SESSION_ELEVATED'
  | 'SESSION_WITHOUT_PRT'
  | 'CLOUD_TGT_EXPIRING'
  | 'CREDENTIAL_GUARD_ON'
  | 'KERB_TOP_LEVEL_NAME_MISSING'
  | 'HOST_REALM_MAPPING_WRONG'
  | 'KDC_PROXY_TENANT_MISMATCH'
  | 'KDC_PROXY_POLICY_DISABLED'
  | 'KDC_PROXY_TLS_INSPECTION'
  | 'WINHTTP_PROXY_UNREACHABLE'
  | 'FIDDLER_PROXY_LEFTOVER'
  | 'PROXY_SERVICE_STOPPED';

const CONTACT = 'You cannot fix this from your computer. Send this report to your helpdesk.';
const MODERN =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-modern-interactive-flow';
const TROUBLESHOOT = 'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot';
const FILES =
  'https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication';
const TRUST =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow';

export const WINDOWS_CATALOG: Readonly<Record<WindowsCode & DiagnosisCode, CatalogEntry>> = {
  // Builds: the modern flow needs Windows 10 20H1 / Windows Server 2022 or later; the trust-based flow Windows 10 /
  // Windows Server 2012 or later (MODERN).
  WINDOWS_BUILD_UNSUPPORTED: {
    title: 'This version of Windows cannot use the sign-in method the database needs',
    helpdeskTitle: "The user's Windows version cannot use the sign-in method the database needs",
    cause:
      'Signing in to the database with your Windows account works only on recent Windows versions: the modern method (a Microsoft Entra ticket received when you sign in) needs Windows 10 version 2004 (20H1), Windows 11 or Windows Server 2022; the method through your company domain needs Windows 10 or Windows Server 2012. This computer runs an older build than the method it would have to use.',
    fixUser:
      'Install the Windows updates your company offers (Settings, Windows Update), or use a computer with a current Windows version, then run the check again.',
    fixHelpdesk: `Read the build with \`reg query "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion" /v CurrentBuild\` (and UBR): the modern interactive flow needs build 19041 or later on clients, 20348 on servers; the incoming trust-based flow 10240 on clients, 9200 on servers. Upgrade the device, or use the trust-based flow on a domain-joined device. Microsoft: ${MODERN}`,
  },
  // Interactive session only (TROUBLESHOOT; the well-known logon SIDs: https://learn.microsoft.com/en-us/windows/win32/secauthz/well-known-sids).
  SESSION_NOT_INTERACTIVE: {
    title: 'The check runs outside your own Windows sign-in session',
    helpdeskTitle: "The check ran outside the user's own Windows sign-in session",
    cause:
      'Windows Authentication for Microsoft Entra accounts works only in the session you signed in to interactively: there Windows holds the Kerberos tickets it received at sign-in. This check ran as a service, a scheduled task or a network logon, which holds no such tickets, so Windows had nothing to show the database.',
    fixUser:
      'Run KerbProbe (and the program that connects to the database) from your own desktop session, not as a scheduled task, service or remote command.',
    fixHelpdesk: `\`whoami /groups\` in the failing context lacks S-1-5-4 (INTERACTIVE) and shows S-1-5-6 (SERVICE), S-1-5-3 (BATCH) or S-1-5-2 (NETWORK). Services and non-interactive sessions cannot use Windows Authentication for Microsoft Entra principals; run the program in the user's interactive session, or use another authentication method (for example a managed identity) for services. Microsoft: ${TROUBLESHOOT}`,
  },
  // UAC's split token: https://learn.microsoft.com/en-us/windows/security/application-security/application-control/user-account-control/how-it-works
  SESSION_ELEVATED: {
    title: 'The check runs in an elevated (administrator) session',
    helpdeskTitle: 'The check ran in an elevated (administrator) session',
    cause:
      'When a program runs "as administrator", Windows gives it a separate logon session with its own Kerberos tickets. The tickets you received at sign-in, including the Microsoft Entra ticket the database needs, live in your normal session, so the elevated program may not have them.',
    fixUser: 'Close the program and start it normally (not with "Run as administrator"), then run the check again.',
    fixHelpdesk:
      'Compare `klist` in an elevated and a normal prompt: the `Current LogonId` differs and so do the tickets (the mandatory label in `whoami /groups` is S-1-16-12288, High, in the elevated one). Run the client without elevation; with UAC on, the elevated token is a separate logon session. Microsoft: https://learn.microsoft.com/en-us/windows/security/application-security/application-control/user-account-control/how-it-works',
  },
  // AzureAdPrt: https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
  SESSION_WITHOUT_PRT: {
    title: 'The check runs as another account than your Microsoft Entra sign-in',
    helpdeskTitle: "The check ran in a session without the user's Microsoft Entra sign-in (no PRT)",
    cause:
      'On this computer, which signs you in with Microsoft Entra ID only, the ticket the database needs comes with your Microsoft Entra sign-in. This session has none: the program was started as another user ("Run as") or with a local account, so Windows has no Microsoft Entra ticket to offer for it.',
    fixUser:
      'Start KerbProbe and the program that connects to the database normally, under your own account (not "Run as different user"), then run the check again.',
    fixHelpdesk: `In the failing context \`dsregcmd /status\` shows \`AzureAdPrt : NO\` on a device with \`AzureAdJoined : YES\` and \`DomainJoined : NO\`; \`whoami /upn\` names the account the program runs as. Windows Authentication for Microsoft Entra principals works only in the signed-in user's own interactive session: run the client as that user. Microsoft: https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state and ${TROUBLESHOOT}`,
  },
  // The cloud TGT is not renewable (about 10 h): https://learn.microsoft.com/en-us/entra/identity/authentication/kerberos
  CLOUD_TGT_EXPIRING: {
    title: 'Your Microsoft Entra sign-in ticket is about to expire',
    helpdeskTitle: "The user's Microsoft Entra Kerberos ticket was about to expire",
    cause:
      'The Microsoft Entra Kerberos ticket-granting ticket (a "cloud TGT") you received at sign-in lives about 10 hours and cannot be renewed. Yours ends within the hour; after that, Windows cannot get new tickets for the database until you sign in again.',
    fixUser:
      'Save your work, sign out of Windows and sign in again (locking and unlocking may not bring a new ticket), then run the check again.',
    fixHelpdesk: `\`klist\` shows the ticket \`krbtgt/KERBEROS.MICROSOFTONLINE.COM\` with its Start and End Time; \`klist cloud_debug\` and \`dsregcmd /status\` (AzureAdPrt, CloudTgt) show the sign-in state. A cloud TGT cannot be renewed: a new sign-in is what brings the next one. Microsoft: ${TROUBLESHOOT}`,
  },
  // https://learn.microsoft.com/en-us/windows/security/identity-protection/credential-guard/considerations-known-issues
  CREDENTIAL_GUARD_ON: {
    title: 'Credential Guard is on (information)',
    helpdeskTitle: "Credential Guard was on on the user's device (information)",
    cause:
      'Credential Guard protects the secrets behind your Windows sign-in. It does not stop you from signing in to the database, but it does not allow unconstrained Kerberos delegation: a database that passes your identity on to another server needs constrained delegation instead.',
    fixUser:
      'Nothing to do for a direct connection to the database. If a connection that goes through another server fails, tell your helpdesk that Credential Guard is on.',
    fixHelpdesk:
      'LsaCfgFlags (`reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa /v LsaCfgFlags`, or the DeviceGuard policy key) is 1 or 2. With Credential Guard on, unconstrained delegation is blocked; configure constrained or resource-based constrained delegation for double-hop scenarios. Microsoft: https://learn.microsoft.com/en-us/windows/security/identity-protection/credential-guard/considerations-known-issues',
  },
  // KerbTopLevelNames: https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
  KERB_TOP_LEVEL_NAME_MISSING: {
    title: 'Windows does not send this server name to Microsoft Entra Kerberos',
    helpdeskTitle: "The user's device does not send this server name to Microsoft Entra Kerberos",
    cause:
      "Windows asks Microsoft Entra ID for a database ticket only for the server names (and ports) listed in its Kerberos top-level names, shown by dsregcmd as KerbTopLevelNames. This server name or its port (for example the public endpoint's 3342) is not in that list, so Windows asked your company domain instead, which does not know the database's service name (SPN).",
    fixUser:
      'Connect with the server name your administrator gave you, exactly as given (including the port), then run the check again. If it still fails, send this report to your helpdesk.',
    fixHelpdesk: `\`dsregcmd /status\` → SSO State → KerbTopLevelNames must cover the instance's host suffix and port (\`.windows.net\`, \`.windows.net:1433\`, \`.windows.net:3342\` for the public endpoint). If they do not, the request goes to the on-premises realm and \`klist get MSSQLSvc/<host>:<port>\` fails with 0x6fb. Use the host name under \`database.windows.net\` and port 1433 or 3342, refresh the device's state (\`dsregcmd /refreshprt\`, then sign out and in), and check that nothing overrides the realm of the host. Microsoft: https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state and ${TROUBLESHOOT}`,
  },
  // ksetup /addhosttorealmmap: https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/ksetup-addhosttorealmmap
  HOST_REALM_MAPPING_WRONG: {
    title: 'A realm mapping sends this server to the wrong Kerberos realm',
    helpdeskTitle: "A realm mapping on the user's device sends this server to the wrong realm",
    cause:
      "This computer has a setting that says which Kerberos realm a server name belongs to (a host-to-realm mapping). It sends the database's server name to another realm than Microsoft Entra Kerberos, so Windows asks a Kerberos server that does not know the database's service name (SPN).",
    fixUser: CONTACT,
    fixHelpdesk: `Look at \`reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm /s\` and the Group Policy "Define host name-to-Kerberos realm mappings" (\`…\\Policies\\System\\Kerberos\\HostToRealm\`): remove the entry that maps the instance's host or suffix to another realm (\`ksetup /delhosttorealmmap <host> <realm>\`), or map it to KERBEROS.MICROSOFTONLINE.COM, then \`klist purge\` and retry. On a client with MIT Kerberos the same mapping is the \`[domain_realm]\` section of krb5.conf. Microsoft: https://learn.microsoft.com/en-us/windows-server/administration/windows-commands/ksetup-addhosttorealmmap and ${FILES}`,
  },
  // The KDC proxy policy value (TRUST) and the KdcProxyServer policy: https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#kdcproxyserver
  KDC_PROXY_TENANT_MISMATCH: {
    title: 'The KDC proxy setting names another Microsoft Entra tenant',
    helpdeskTitle: "The device's KDC proxy setting names another Microsoft Entra tenant",
    cause:
      "Windows reaches Microsoft Entra Kerberos over HTTPS through a KDC proxy address that contains your organisation's tenant id. The address set by policy on this computer names a different tenant than the one this computer is joined to, so the requests go to the wrong directory.",
    fixUser: CONTACT,
    fixHelpdesk: `The Group Policy "Specify KDC proxy servers for Kerberos clients" (value name \`KERBEROS.MICROSOFTONLINE.COM\`) must be \`<https login.microsoftonline.com:443:<tenant id>/kerberos />\` with the tenant id \`dsregcmd /status\` shows (TenantId, AzureAdPrtAuthority). Correct the value, run \`gpupdate /force\` and \`klist purge\`, then retry. Microsoft: ${TRUST}`,
  },
  KDC_PROXY_POLICY_DISABLED: {
    title: 'KDC proxy servers are configured but the policy is switched off',
    helpdeskTitle: 'KDC proxy servers were configured on the device but the policy was off',
    cause:
      "Your company domain reaches Microsoft Entra Kerberos through an HTTPS KDC proxy configured by policy. The proxy addresses are there, but the policy that tells Windows to use them is switched off, so Windows does not reach Microsoft Entra ID for the database's ticket.",
    fixUser: CONTACT,
    fixHelpdesk: `\`reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos /v KdcProxyServer_Enabled\` is 0 while ProxyServers lists the Entra realm. Enable "Specify KDC proxy servers for Kerberos clients" with the value \`<https login.microsoftonline.com:443:<tenant id>/kerberos />\`, \`gpupdate /force\`, then retry. Microsoft: https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#kdcproxyserver and ${TRUST}`,
  },
  // Microsoft's certificate authorities: https://learn.microsoft.com/en-us/azure/security/fundamentals/azure-ca-details
  KDC_PROXY_TLS_INSPECTION: {
    title: 'A TLS-inspecting proxy is between you and Microsoft Entra Kerberos',
    helpdeskTitle: 'A TLS-inspecting proxy sat between the device and Microsoft Entra Kerberos',
    cause:
      "Windows reaches Microsoft Entra Kerberos over HTTPS at login.microsoftonline.com. The certificate this computer received for it was not issued by Microsoft's certificate authorities but by another one: a network device or security product is opening the encrypted connection (TLS inspection), and Kerberos requests do not survive that.",
    fixUser:
      'If you use a VPN or a security product that filters web traffic, tell your helpdesk; the check needs login.microsoftonline.com without inspection. Send this report to your helpdesk.',
    fixHelpdesk: `Exempt \`login.microsoftonline.com\` (the \`/<tenant id>/kerberos\` path) from TLS inspection on the proxy or firewall; the certificate shown in the evidence names the inspecting CA. Microsoft's chain for login.microsoftonline.com is listed in Azure's certificate authority details. Microsoft: https://learn.microsoft.com/en-us/azure/security/fundamentals/azure-ca-details and ${TROUBLESHOOT}`,
  },
  // netsh winhttp: https://learn.microsoft.com/en-us/windows/win32/winhttp/netsh-exe-commands; 0x51f causes (FILES, TROUBLESHOOT).
  WINHTTP_PROXY_UNREACHABLE: {
    title: 'The web proxy Windows system services use does not answer',
    helpdeskTitle: "The web proxy the device's system services use did not answer",
    cause:
      "Windows sends its requests to Microsoft Entra Kerberos through the proxy set for system services (WinHTTP), not the one your browser uses. That proxy does not answer, so the requests go nowhere and Windows cannot get the database's ticket (klist shows 0x51f).",
    fixUser:
      'If you recently used a debugging or VPN tool that set a proxy, close it. Send this report to your helpdesk.',
    fixHelpdesk: `\`netsh winhttp show proxy\` names a proxy that refuses or ignores connections. Fix or remove it: \`netsh winhttp reset proxy\` and \`netsh winhttp reset autoproxy\` (elevated), or set the right one with \`netsh winhttp set proxy <host:port>\`, then \`klist purge\` and retry. Microsoft: ${FILES} and https://learn.microsoft.com/en-us/windows/win32/winhttp/netsh-exe-commands`,
  },
  FIDDLER_PROXY_LEFTOVER: {
    title: 'A debugging proxy (Fiddler) left proxy settings behind',
    helpdeskTitle: 'A debugging proxy (Fiddler) left proxy settings behind on the device',
    cause:
      'A web debugging tool such as Fiddler (which listens on port 8888) was used on this computer and left proxy entries for Windows system services. Windows now tries to send its Kerberos requests to Microsoft Entra ID through that tool, which is no longer there.',
    fixUser:
      'If Fiddler or a similar tool is installed, start it and close it properly, or ask your helpdesk to remove its settings. Send this report to your helpdesk.',
    fixHelpdesk: `Remove the entries naming \`:8888\` under \`HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr\`, run \`netsh winhttp reset proxy\` and \`netsh winhttp reset autoproxy\`, reboot, and make sure the WinHttpAutoProxySvc and iphlpsvc services run. Microsoft: ${FILES}`,
  },
  PROXY_SERVICE_STOPPED: {
    title: 'A Windows service the Kerberos proxy path needs is not running',
    helpdeskTitle: 'A Windows service the Kerberos proxy path needs was not running on the device',
    cause:
      'Windows reaches Microsoft Entra Kerberos through system web services: the WinHTTP Web Proxy Auto-Discovery service (WinHttpAutoProxySvc) and the IP Helper service (iphlpsvc). One of them is stopped or missing on this computer, which is one of the known causes of "no logon servers" (0x51f) for the database.',
    fixUser: CONTACT,
    fixHelpdesk: `\`sc query WinHttpAutoProxySvc\` and \`sc query iphlpsvc\` must both be RUNNING (state 4). Set them back to their default start type, start them (or reboot), then \`klist purge\` and retry. Microsoft: ${FILES}`,
  },
};
