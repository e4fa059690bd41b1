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
  'DNS_FAILURE',
  'SQL_UNREACHABLE',
  'TLS_UNTRUSTED',
  'TLS_NAME_MISMATCH',
  'LOGIN_NOT_MAPPED',
  'REDIRECT_BLOCKED',
  'MUTUAL_AUTH_FAILED',
  'PROTOCOL_ERROR',
  // The Windows device checks (electron/engine/diagnose/windows-facts.ts).
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
  'TLS_INSPECTION',
  'WINHTTP_PROXY_UNREACHABLE',
  'FIDDLER_PROXY_LEFTOVER',
  'PROXY_SERVICE_STOPPED',
  'UNKNOWN',
] as const;

export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

export function isDiagnosisCode(s: string): s is DiagnosisCode {
  return (DIAGNOSIS_CODES as readonly string[]).includes(s);
}
