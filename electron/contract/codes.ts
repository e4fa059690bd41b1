// The stable diagnosis codes. Tests, reports and the UI key on these strings; never rename one.
// Titles, causes and fixes live in the engine's catalogue (electron/engine/diagnose/).
export const DIAGNOSIS_CODES = [
  'NO_TGT',
  'TGT_EXPIRED',
  'KDC_UNREACHABLE',
  'CLOUD_KDC_UNREACHABLE',
  'NO_CROSS_REALM_TRUST',
  'TRUST_KEY_MISMATCH',
  'SPN_UNKNOWN',
  'CLOCK_SKEW',
  'ETYPE_UNSUPPORTED',
  'SERVICE_KEY_MISMATCH',
  'NTLM_FALLBACK',
  'USER_UNKNOWN',
  'PASSWORD_STALE',
  'CLOUD_TGT_MISSING',
  'CLOUD_KERBEROS_POLICY_OFF',
  'CONDITIONAL_ACCESS',
  'CLOUD_KDC_POLICY',
  'DNS_FAILURE',
  'SQL_UNREACHABLE',
  'TLS_UNTRUSTED',
  'TLS_NAME_MISMATCH',
  'LOGIN_NOT_MAPPED',
  'REDIRECT_BLOCKED',
  'MUTUAL_AUTH_FAILED',
  'PROTOCOL_ERROR',
  // The Windows device checks (their sources under electron/engine/diagnose/sources/).
  'WINDOWS_BUILD_UNSUPPORTED',
  'SESSION_NOT_INTERACTIVE',
  'SESSION_ELEVATED',
  'SESSION_WITHOUT_PRT',
  'CLOUD_TGT_EXPIRING',
  'CREDENTIAL_GUARD_ON',
  'KERB_TOP_LEVEL_NAME_MISSING',
  'HOST_REALM_MAPPING_WRONG',
  'KDC_PROXY_TENANT_MISMATCH',
  'KDC_PROXY_POLICY_DISABLED',
  'KDC_PROXY_TLS_INSPECTION',
  'WINHTTP_PROXY_UNREACHABLE',
  'FIDDLER_PROXY_LEFTOVER',
  'PROXY_SERVICE_STOPPED',
  'PRT_MISSING',
  'UNKNOWN',
  // A krb5.conf or ticket cache that is not a regular file (a FIFO): refused before MIT's library opens it.
  'KERBEROS_FILE_UNUSABLE',
  // The instance's and the tenant's side, read by `kerbprobe admin` (sources/admin-*-evidence.ts).
  'MI_NOT_FOUND',
  'MI_SERVICE_PRINCIPAL_OFF',
  'MI_ENTRA_ADMIN_MISSING',
  'MI_REDIRECT_PORTS',
  'MI_ENTRA_PRINCIPAL_MISSING',
  'MI_ADMIN_CONSENT_MISSING',
  'CONDITIONAL_ACCESS_BLOCKS_KERBEROS',
  'ADMIN_READ_FORBIDDEN',
] as const;

export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

export function isDiagnosisCode(s: string): s is DiagnosisCode {
  return (DIAGNOSIS_CODES as readonly string[]).includes(s);
}

/**
 * The part of the path each diagnosis code is about, in the order a connection meets them: reaching the
 * server (DNS, TCP, the redirect), TLS (which TDS sets up before the login), Kerberos (tickets, KDCs, the
 * token the server accepts), then the SQL login itself. The one mapping every verdict headline follows, so
 * a failed login after a working Kerberos exchange is never announced as a Kerberos failure.
 */
export const DIAGNOSIS_HOPS = ['network', 'tls', 'kerberos', 'sql-login', 'unknown'] as const;
export type DiagnosisHop = (typeof DIAGNOSIS_HOPS)[number];

export const DIAGNOSIS_HOP: Readonly<Record<DiagnosisCode, DiagnosisHop>> = {
  NO_TGT: 'kerberos',
  TGT_EXPIRED: 'kerberos',
  KDC_UNREACHABLE: 'kerberos',
  CLOUD_KDC_UNREACHABLE: 'kerberos',
  NO_CROSS_REALM_TRUST: 'kerberos',
  TRUST_KEY_MISMATCH: 'kerberos',
  SPN_UNKNOWN: 'kerberos',
  CLOCK_SKEW: 'kerberos',
  ETYPE_UNSUPPORTED: 'kerberos',
  SERVICE_KEY_MISMATCH: 'kerberos',
  NTLM_FALLBACK: 'kerberos',
  USER_UNKNOWN: 'kerberos',
  PASSWORD_STALE: 'kerberos',
  CLOUD_TGT_MISSING: 'kerberos',
  CLOUD_KERBEROS_POLICY_OFF: 'kerberos',
  CONDITIONAL_ACCESS: 'kerberos',
  MUTUAL_AUTH_FAILED: 'kerberos',
  CLOUD_KDC_POLICY: 'kerberos',
  // The Windows device's settings are about getting the Kerberos ticket (the KDC proxy's TLS included).
  WINDOWS_BUILD_UNSUPPORTED: 'kerberos',
  SESSION_NOT_INTERACTIVE: 'kerberos',
  SESSION_ELEVATED: 'kerberos',
  SESSION_WITHOUT_PRT: 'kerberos',
  CLOUD_TGT_EXPIRING: 'kerberos',
  CREDENTIAL_GUARD_ON: 'kerberos',
  KERB_TOP_LEVEL_NAME_MISSING: 'kerberos',
  HOST_REALM_MAPPING_WRONG: 'kerberos',
  KDC_PROXY_TENANT_MISMATCH: 'kerberos',
  KDC_PROXY_POLICY_DISABLED: 'kerberos',
  KDC_PROXY_TLS_INSPECTION: 'kerberos',
  WINHTTP_PROXY_UNREACHABLE: 'kerberos',
  FIDDLER_PROXY_LEFTOVER: 'kerberos',
  PROXY_SERVICE_STOPPED: 'kerberos',
  PRT_MISSING: 'kerberos',
  DNS_FAILURE: 'network',
  SQL_UNREACHABLE: 'network',
  REDIRECT_BLOCKED: 'network',
  TLS_UNTRUSTED: 'tls',
  TLS_NAME_MISMATCH: 'tls',
  LOGIN_NOT_MAPPED: 'sql-login',
  PROTOCOL_ERROR: 'unknown',
  UNKNOWN: 'unknown',
  KERBEROS_FILE_UNUSABLE: 'kerberos',
  MI_NOT_FOUND: 'unknown',
  MI_SERVICE_PRINCIPAL_OFF: 'kerberos',
  MI_ENTRA_ADMIN_MISSING: 'sql-login',
  MI_REDIRECT_PORTS: 'network',
  MI_ENTRA_PRINCIPAL_MISSING: 'kerberos',
  MI_ADMIN_CONSENT_MISSING: 'kerberos',
  CONDITIONAL_ACCESS_BLOCKS_KERBEROS: 'kerberos',
  ADMIN_READ_FORBIDDEN: 'unknown',
};

/** The verdict's headline: one for a pass, one per hop for a failure. */
export const VERDICT_TITLE: Readonly<Record<'pass' | DiagnosisHop, string>> = {
  pass: 'Kerberos works end to end',
  network: 'The database cannot be reached from this computer',
  tls: 'The encrypted connection to the database cannot be trusted',
  kerberos: 'The connection cannot use Kerberos',
  'sql-login': 'Kerberos worked, but the database refused the sign-in',
  unknown: 'The check failed',
};
