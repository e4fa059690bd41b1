// The same diagnosis, worded for the technician who reads someone else's evidence (the Helpdesk view and
// `kerbprobe analyze`): the catalogue's titles speak to the user at the keyboard ("Your Kerberos ticket has
// expired"); here the subject is the user's device and session, in the past tense where the evidence is a
// capture. Causes and fixes stay the catalogue's (both fixes are shown, labelled for who does them).
import type { DiagnosisCode } from '../../contract/codes';
import type { Diagnosis } from '../../contract/report';

export const HELPDESK_TITLES: Readonly<Record<DiagnosisCode, string>> = {
  NO_TGT: 'The user\'s session held no Kerberos sign-in ticket (TGT)',
  TGT_EXPIRED: 'The user\'s Kerberos ticket had expired when this was captured',
  KDC_UNREACHABLE: 'The user\'s device could not reach a Kerberos server (domain controller) of its domain',
  CLOUD_KDC_UNREACHABLE: 'The user\'s device could not reach Microsoft Entra Kerberos (KDC proxy)',
  NO_CROSS_REALM_TRUST: 'The user\'s domain has no trust to the Microsoft Entra Kerberos realm',
  TRUST_KEY_MISMATCH: 'The trust between the user\'s domain and Microsoft Entra ID is out of step',
  SPN_UNKNOWN: 'The database server\'s Kerberos name (SPN) was not known where the device asked',
  CLOCK_SKEW: 'The user\'s device clock was off by more than Kerberos allows',
  ETYPE_UNSUPPORTED: 'No encryption type in common for Kerberos',
  SERVICE_KEY_MISMATCH: 'The database server could not read the user\'s Kerberos ticket',
  NTLM_FALLBACK: 'The user\'s device used NTLM instead of Kerberos',
  USER_UNKNOWN: 'The user\'s account is unknown or blocked for Kerberos',
  PASSWORD_STALE: 'The user\'s password was not accepted by the Kerberos server',
  CLOUD_TGT_MISSING: 'The user\'s session held no Microsoft Entra Kerberos ticket (cloud TGT)',
  CLOUD_KERBEROS_POLICY_OFF: 'Cloud Kerberos is turned off on the user\'s device',
  CONDITIONAL_ACCESS: 'A Conditional Access policy blocked the Kerberos ticket',
  CLOUD_KDC_POLICY: 'Microsoft Entra ID refused the user\'s Kerberos ticket by policy',
  WINDOWS_BUILD_UNSUPPORTED: 'The user\'s Windows version cannot use the sign-in method the database needs',
  SESSION_NOT_INTERACTIVE: 'The check ran outside the user\'s own Windows sign-in session',
  SESSION_ELEVATED: 'The check ran in an elevated (administrator) session',
  SESSION_WITHOUT_PRT: 'The check ran in a session without the user\'s Microsoft Entra sign-in (no PRT)',
  CLOUD_TGT_EXPIRING: 'The user\'s Microsoft Entra Kerberos ticket was about to expire',
  CREDENTIAL_GUARD_ON: 'Credential Guard was on on the user\'s device (information)',
  KERB_TOP_LEVEL_NAME_MISSING: 'The user\'s device does not send this server name to Microsoft Entra Kerberos',
  HOST_REALM_MAPPING_WRONG: 'A realm mapping on the user\'s device sends this server to the wrong realm',
  KDC_PROXY_TENANT_MISMATCH: 'The device\'s KDC proxy setting names another Microsoft Entra tenant',
  KDC_PROXY_POLICY_DISABLED: 'KDC proxy servers were configured on the device but the policy was off',
  KDC_PROXY_TLS_INSPECTION: 'A TLS-inspecting proxy sat between the device and Microsoft Entra Kerberos',
  WINHTTP_PROXY_UNREACHABLE: 'The web proxy the device\'s system services use did not answer',
  FIDDLER_PROXY_LEFTOVER: 'A debugging proxy (Fiddler) left proxy settings behind on the device',
  PROXY_SERVICE_STOPPED: 'A Windows service the Kerberos proxy path needs was not running on the device',
  DNS_FAILURE: 'The server name could not be resolved from the user\'s device',
  SQL_UNREACHABLE: 'The database server did not answer the user\'s device',
  TLS_UNTRUSTED: 'The server\'s certificate was not trusted by the user\'s device',
  TLS_NAME_MISMATCH: 'The server\'s certificate was for another name',
  LOGIN_NOT_MAPPED: 'Kerberos worked, but the database has no login for the user',
  REDIRECT_BLOCKED: 'The redirected connection to the database node was blocked',
  MUTUAL_AUTH_FAILED: 'The server did not prove its identity',
  PROTOCOL_ERROR: 'A reply could not be understood',
  UNKNOWN: 'The failure could not be classified',
};

/** The diagnosis with the technician's title (codes a newer report may carry keep their title). */
export function forHelpdesk(d: Diagnosis): Diagnosis {
  const title = (HELPDESK_TITLES as Record<string, string | undefined>)[d.code];
  return title ? { ...d, title } : d;
}
