// Windows status numbers that Kerberos failures surface as: Win32 errors (the `klist get` substatus),
// SSPI HRESULTs (SEC_E_*) and NTSTATUS values. Numbers are the same in every Windows language, so they are
// the evidence we trust first. Names and meanings follow Microsoft's winerror.h / ntstatus.h.
import type { DiagnosisCode } from '../../contract/codes';
import type { KerberosStage } from './evidence-source';

export interface StatusContext {
  /**
   * True when the request went to the Entra realm (KERBEROS.MICROSOFTONLINE.COM), false for the user's own
   * realm, null unknown.
   */
  cloud: boolean | null;
  stage?: KerberosStage;
  /** True when the status came from the TLS (SSL/Schannel) provider rather than Kerberos. */
  ssl?: boolean;
  /** True when the ticket asked for was the cross-realm referral (`klist get krbtgt/KERBEROS.MICROSOFTONLINE.COM`). */
  referral?: boolean;
}

export interface WindowsStatus {
  name: string;
  meaning: string;
  code: DiagnosisCode | ((ctx: StatusContext) => DiagnosisCode);
  /** Said next to the diagnosis when the mapping depends on context or Microsoft's documentation. */
  note?: (ctx: StatusContext) => string | undefined;
}

const unreachable = (ctx: StatusContext): DiagnosisCode =>
  ctx.cloud === false ? 'KDC_UNREACHABLE' : 'CLOUD_KDC_UNREACHABLE';
const unreachableNote = (ctx: StatusContext): string | undefined =>
  ctx.cloud === null
    ? 'for a managed instance SPN Microsoft documents this as the Entra KDC proxy being unreachable'
    : undefined;
const restriction = (ctx: StatusContext): DiagnosisCode =>
  ctx.cloud === false ? 'USER_UNKNOWN' : 'CONDITIONAL_ACCESS';
const restrictionNote = (ctx: StatusContext): string | undefined =>
  ctx.cloud === false
    ? 'from a domain controller this is an account restriction (logon hours, workstations, Protected Users)'
    : 'Microsoft documents this for managed instances as Conditional Access applying to the "<mi> principal" app';
const logonDenied = (ctx: StatusContext): DiagnosisCode =>
  ctx.stage === 'ap' ? 'SERVICE_KEY_MISMATCH' : 'PASSWORD_STALE';
const wrongPrincipal = (ctx: StatusContext): DiagnosisCode => (ctx.ssl ? 'TLS_NAME_MISMATCH' : 'SERVICE_KEY_MISMATCH');
const invalidToken = (ctx: StatusContext): DiagnosisCode =>
  ctx.stage === 'ap' ? 'SERVICE_KEY_MISMATCH' : 'PROTOCOL_ERROR';

const TABLE: ReadonlyArray<readonly [number, WindowsStatus]> = [
  // Win32 errors (klist get substatus, FormatMessage codes)
  // Microsoft's MI troubleshooting page: 0x6fb is "SQL SPN not found"; in the incoming-trust flow it points at
  // the Entra Kerberos trusted domain object — for the referral itself (krbtgt/KERBEROS.MICROSOFTONLINE.COM from
  // the user's realm) that is the trust being missing.
  // https://learn.microsoft.com/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot
  [
    0x6fb,
    {
      name: 'ERROR_NO_TRUST_SAM_ACCOUNT',
      meaning: 'the KDC does not know the requested service principal name (KDC_ERR_S_PRINCIPAL_UNKNOWN)',
      code: (ctx) => (ctx.referral ? 'NO_CROSS_REALM_TRUST' : 'SPN_UNKNOWN'),
      note: (ctx) =>
        ctx.referral
          ? "asked for the referral to KERBEROS.MICROSOFTONLINE.COM, the user's realm does not know it: " +
            'the incoming trust (the Entra Kerberos trusted domain object) is missing'
          : 'klist prints the misleading "SAM database … computer account" text for this: it means the SPN is unknown',
    },
  ],
  // Substatuses seen in real `klist` failures (test/fixtures/real/klist/). Names and texts from Microsoft's System
  // Error Codes pages: https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499- (0x35) and
  // https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699- (0x520).
  [
    0x35,
    {
      name: 'ERROR_BAD_NETPATH',
      meaning: 'the network path was not found',
      code: 'UNKNOWN',
      note: () =>
        'Microsoft documents 0x35 only as a Win32 error; what it means as a Kerberos ticket request substatus is not ' +
        'documented, so the status printed beside it decides',
    },
  ],
  [
    0x520,
    {
      name: 'ERROR_NO_SUCH_LOGON_SESSION',
      meaning: 'a specified logon session does not exist (it may already have been terminated)',
      code: 'NO_TGT',
      note: () =>
        'a network logon (PowerShell remoting, WinRM, a service) has no Kerberos credentials of its own: klist has ' +
        'nothing to show in that session',
    },
  ],
  [
    0x6fc,
    {
      name: 'ERROR_TRUSTED_DOMAIN_FAILURE',
      meaning: 'the trust relationship between the domains failed',
      code: 'NO_CROSS_REALM_TRUST',
    },
  ],
  [
    0x51f,
    {
      name: 'ERROR_NO_LOGON_SERVERS',
      meaning: 'no logon server (KDC) could be reached',
      code: unreachable,
      note: unreachableNote,
    },
  ],
  [
    0x54b,
    { name: 'ERROR_NO_SUCH_DOMAIN', meaning: 'the domain does not exist or could not be contacted', code: unreachable },
  ],
  [
    0x52f,
    {
      name: 'ERROR_ACCOUNT_RESTRICTION',
      meaning: 'account restrictions prevent this sign-in',
      code: restriction,
      note: restrictionNote,
    },
  ],
  [0x52e, { name: 'ERROR_LOGON_FAILURE', meaning: 'unknown user name or bad password', code: 'PASSWORD_STALE' }],
  [0x52d, { name: 'ERROR_PASSWORD_RESTRICTION', meaning: 'the password does not meet policy', code: 'PASSWORD_STALE' }],
  [0x532, { name: 'ERROR_PASSWORD_EXPIRED', meaning: 'the password has expired', code: 'PASSWORD_STALE' }],
  [
    0x773,
    {
      name: 'ERROR_PASSWORD_MUST_CHANGE',
      meaning: 'the password must be changed before signing in',
      code: 'PASSWORD_STALE',
    },
  ],
  [0x525, { name: 'ERROR_NO_SUCH_USER', meaning: 'the user account does not exist', code: 'USER_UNKNOWN' }],
  [0x533, { name: 'ERROR_ACCOUNT_DISABLED', meaning: 'the account is disabled', code: 'USER_UNKNOWN' }],
  [0x701, { name: 'ERROR_ACCOUNT_EXPIRED', meaning: 'the account has expired', code: 'USER_UNKNOWN' }],
  [0x775, { name: 'ERROR_ACCOUNT_LOCKED_OUT', meaning: 'the account is locked out', code: 'USER_UNKNOWN' }],
  [
    0x576,
    { name: 'ERROR_TIME_SKEW', meaning: 'the clocks of the client and the server differ too much', code: 'CLOCK_SKEW' },
  ],
  [
    0x4f1,
    {
      name: 'ERROR_DOWNGRADE_DETECTED',
      meaning: 'the security package negotiation was downgraded',
      code: 'NTLM_FALLBACK',
    },
  ],
  // SSPI HRESULTs
  [
    0x80090302,
    { name: 'SEC_E_UNSUPPORTED_FUNCTION', meaning: 'the function requested is not supported', code: 'PROTOCOL_ERROR' },
  ],
  [
    0x80090303,
    { name: 'SEC_E_TARGET_UNKNOWN', meaning: 'the specified target is unknown or unreachable', code: 'SPN_UNKNOWN' },
  ],
  [
    0x80090308,
    { name: 'SEC_E_INVALID_TOKEN', meaning: 'the token supplied to the function is invalid', code: invalidToken },
  ],
  [0x8009030c, { name: 'SEC_E_LOGON_DENIED', meaning: 'the logon attempt failed', code: logonDenied }],
  [
    0x8009030d,
    {
      name: 'SEC_E_UNKNOWN_CREDENTIALS',
      meaning: 'the credentials supplied to the package were not recognized',
      code: 'NO_TGT',
    },
  ],
  [
    0x8009030e,
    { name: 'SEC_E_NO_CREDENTIALS', meaning: 'no credentials are available in the security package', code: 'NO_TGT' },
  ],
  [
    0x80090311,
    {
      name: 'SEC_E_NO_AUTHENTICATING_AUTHORITY',
      meaning: 'no authority could be contacted for authentication',
      code: unreachable,
    },
  ],
  [
    0x80090322,
    {
      name: 'SEC_E_WRONG_PRINCIPAL',
      meaning: 'the target principal name is incorrect',
      code: wrongPrincipal,
      note: (ctx) =>
        ctx.ssl
          ? 'raised by the TLS (SSL) provider: a certificate name mismatch, not an SPN problem'
          : 'raised by Kerberos: the ticket was made for another account (duplicate or misplaced SPN)',
    },
  ],
  [
    0x80090324,
    { name: 'SEC_E_TIME_SKEW', meaning: 'the clocks on the client and server machines are skewed', code: 'CLOCK_SKEW' },
  ],
  [
    0x80090325,
    {
      name: 'SEC_E_UNTRUSTED_ROOT',
      meaning: 'the certificate chain was issued by an authority that is not trusted',
      code: 'TLS_UNTRUSTED',
    },
  ],
  [
    0x80090327,
    {
      name: 'SEC_E_CERT_UNKNOWN',
      meaning: 'an unknown error occurred while processing the certificate',
      code: 'TLS_UNTRUSTED',
    },
  ],
  [0x80090328, { name: 'SEC_E_CERT_EXPIRED', meaning: 'the received certificate has expired', code: 'TLS_UNTRUSTED' }],
  [
    0x80090342,
    {
      name: 'SEC_E_KDC_UNKNOWN_ETYPE',
      meaning: 'the encryption type requested is not supported by the KDC',
      code: 'ETYPE_UNSUPPORTED',
    },
  ],
  [
    0x80090350,
    {
      name: 'SEC_E_DOWNGRADE_DETECTED',
      meaning: 'the system detected a possible attempt to compromise security',
      code: 'NTLM_FALLBACK',
    },
  ],
  [
    0x800b0109,
    {
      name: 'CERT_E_UNTRUSTEDROOT',
      meaning: 'a certificate chain terminated in an untrusted root',
      code: 'TLS_UNTRUSTED',
    },
  ],
  [
    0x800b010f,
    {
      name: 'CERT_E_CN_NO_MATCH',
      meaning: "the certificate's CN name does not match the passed value",
      code: 'TLS_NAME_MISMATCH',
    },
  ],
  // NTSTATUS
  [
    0xc000018b,
    {
      name: 'STATUS_NO_TRUST_SAM_ACCOUNT',
      meaning: 'the KDC does not know the requested service principal name',
      code: (ctx) => (ctx.referral ? 'NO_CROSS_REALM_TRUST' : 'SPN_UNKNOWN'),
      note: (ctx) =>
        ctx.referral
          ? 'for the referral to KERBEROS.MICROSOFTONLINE.COM: the incoming trust is missing'
          : 'klist prints the misleading "SAM database … computer account" text for this: it means the SPN is unknown',
    },
  ],
  [
    0xc000018c,
    {
      name: 'STATUS_TRUSTED_DOMAIN_FAILURE',
      meaning: 'the trust relationship between the domains failed',
      code: 'NO_CROSS_REALM_TRUST',
    },
  ],
  [
    0xc000005e,
    {
      name: 'STATUS_NO_LOGON_SERVERS',
      meaning: 'no logon server (KDC) could be reached',
      code: unreachable,
      note: unreachableNote,
    },
  ],
  [
    0xc000005f,
    { name: 'STATUS_NO_SUCH_LOGON_SESSION', meaning: 'the logon session has no Kerberos credentials', code: 'NO_TGT' },
  ],
  [
    0xc000006e,
    {
      name: 'STATUS_ACCOUNT_RESTRICTION',
      meaning: 'account restrictions prevent this sign-in',
      code: restriction,
      note: restrictionNote,
    },
  ],
  [0xc000006d, { name: 'STATUS_LOGON_FAILURE', meaning: 'unknown user name or bad password', code: 'PASSWORD_STALE' }],
  [0xc000006a, { name: 'STATUS_WRONG_PASSWORD', meaning: 'the password is wrong', code: 'PASSWORD_STALE' }],
  [0xc0000071, { name: 'STATUS_PASSWORD_EXPIRED', meaning: 'the password has expired', code: 'PASSWORD_STALE' }],
  [
    0xc0000224,
    {
      name: 'STATUS_PASSWORD_MUST_CHANGE',
      meaning: 'the password must be changed before signing in',
      code: 'PASSWORD_STALE',
    },
  ],
  [0xc0000064, { name: 'STATUS_NO_SUCH_USER', meaning: 'the user account does not exist', code: 'USER_UNKNOWN' }],
  [0xc0000072, { name: 'STATUS_ACCOUNT_DISABLED', meaning: 'the account is disabled', code: 'USER_UNKNOWN' }],
  [0xc0000193, { name: 'STATUS_ACCOUNT_EXPIRED', meaning: 'the account has expired', code: 'USER_UNKNOWN' }],
  [0xc0000234, { name: 'STATUS_ACCOUNT_LOCKED_OUT', meaning: 'the account is locked out', code: 'USER_UNKNOWN' }],
  [
    0xc0000133,
    {
      name: 'STATUS_TIME_DIFFERENCE_AT_DC',
      meaning: 'the clock differs too much from the domain controller',
      code: 'CLOCK_SKEW',
    },
  ],
  [
    0xc00002fd,
    {
      name: 'STATUS_KDC_UNKNOWN_ETYPE',
      meaning: 'the encryption type requested is not supported by the KDC',
      code: 'ETYPE_UNSUPPORTED',
    },
  ],
  [
    0xc000015b,
    {
      name: 'STATUS_LOGON_TYPE_NOT_GRANTED',
      meaning: 'the user has not been granted this logon type',
      code: restriction,
      note: restrictionNote,
    },
  ],
];

const BY_NUMBER = new Map<number, WindowsStatus>(TABLE);

/**
 * Reads a status as Windows prints it: `0x6fb`, `0XC000018B`, `0xc000018b/-1073741429`, a signed decimal
 * (`-1073741429`) or a number. Returns the unsigned 32-bit value, or null when it is not a status.
 */
export function parseStatus(value: string | number): number | null {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= -0x80000000 && value <= 0xffffffff ? value >>> 0 : null;
  const s = value.trim();
  const hex = /^0x([0-9a-f]{1,8})(?:\/-?\d+)?$/i.exec(s);
  if (hex?.[1]) return Number.parseInt(hex[1], 16) >>> 0;
  const dec = /^-?\d{1,10}$/.exec(s);
  if (dec) return parseStatus(Number(s));
  return null;
}

export function lookupWindowsStatus(status: number): WindowsStatus | null {
  return BY_NUMBER.get(status >>> 0) ?? null;
}

export function formatStatus(status: number): string {
  return `0x${(status >>> 0).toString(16)}`;
}

export function resolveStatusCode(entry: WindowsStatus, ctx: StatusContext): DiagnosisCode {
  return typeof entry.code === 'function' ? entry.code(ctx) : entry.code;
}
