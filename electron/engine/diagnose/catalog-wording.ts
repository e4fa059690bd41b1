// Words and pages the catalogue entries of several sources share. Catalogue sources: Microsoft's articles on
// Windows Authentication for Microsoft Entra principals on Azure SQL Managed Instance, the klist / dsregcmd /
// w32tm references and RFC 4120. Where Microsoft's documentation is uncertain, the text says so. The flow
// texts (CloudTgt / OnPremTgt, the trust flow's DC-issued TGT):
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
// Commands are in backticks (reports render them as code).

/** The user's fix when only the helpdesk can act. */
export const CONTACT = 'You cannot fix this from your computer. Send this report to your helpdesk.';
export const MODERN =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-modern-interactive-flow';
export const TROUBLESHOOT =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot';
export const FILES =
  'https://learn.microsoft.com/en-us/troubleshoot/azure/azure-storage/files/security/files-troubleshoot-smb-authentication';
export const TRUST =
  'https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow';
