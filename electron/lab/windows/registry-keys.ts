// The registry keys the lab's Windows client answers `reg query` for, spelled as Microsoft documents them (not
// taken from the engine: if the engine asked for another key, the lab would answer "unable to find", as Windows
// would, and the Windows matrix would say so).
//  - Kerberos policies (KdcProxyServer_Enabled, KdcProxy\ProxyServers, CloudKerberosTicketRetrievalEnabled under
//    Parameters): the Group Policy keys Microsoft gives for Azure SQL MI's incoming trust-based flow and Entra
//    Kerberos https://learn.microsoft.com/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow
//    and https://learn.microsoft.com/azure/storage/files/storage-files-identity-auth-hybrid-cloud-trust;
//  - HostToRealm under Lsa\Kerberos: "Kerberos protocol registry entries and KDC configuration keys in Windows"
//    (KB 837361) https://learn.microsoft.com/troubleshoot/windows-server/windows-security/kerberos-protocol-registry-kdc-configuration-keys;
//  - LsaCfgFlags under Control\Lsa (Credential Guard)
//    https://learn.microsoft.com/windows/security/identity-protection/credential-guard/configure;
//  - the build under Windows NT\CurrentVersion (CurrentBuild, UBR, DisplayVersion);
//  - ProxyMgr under iphlpsvc\Parameters: Microsoft's 0x51f troubleshooting for Entra Kerberos
//    https://learn.microsoft.com/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication.
const POLICIES_KERBEROS = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos';

export const WINDOWS_REGISTRY = {
  kerberosPolicy: POLICIES_KERBEROS,
  kdcProxyServers: `${POLICIES_KERBEROS}\\KdcProxy\\ProxyServers`,
  kerberosPolicyParameters: `${POLICIES_KERBEROS}\\Parameters`,
  hostToRealm: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\HostToRealm',
  lsa: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa',
  currentVersion: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
  proxyMgr: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\iphlpsvc\\Parameters\\ProxyMgr',
} as const;
