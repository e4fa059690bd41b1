// What the PRT diagnostics of `dsregcmd /status` mean, from Microsoft's own tables (codes are locale-independent;
// the sentences here are ours, the meanings Microsoft's):
// - Attempt Status: "Troubleshoot primary refresh token issues on Windows devices", step 3,
//   https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-primary-refresh-token
// - AADSTS codes: "Microsoft Entra authentication and authorization error codes",
//   https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes (AADSTS50126 and AADSTS50155
//   are also explained for PRTs on the troubleshooting page above).

export const PRT_TROUBLESHOOT =
  'https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-primary-refresh-token';
export const AADSTS_CODES = 'https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes';

/** Attempt Status values the PRT troubleshooting page lists, by lower-case hex. */
const ATTEMPT_STATUS: Readonly<Record<string, string>> = {
  '0xc000006d': 'STATUS_LOGON_FAILURE: no connection to Microsoft Entra ID, or it answered 400 (see the server error)',
  '0xc000006a': 'STATUS_WRONG_PASSWORD: Microsoft Entra ID answered 400 (see the server error)',
  '0xc00000d0': 'STATUS_REQUEST_NOT_ACCEPTED: Microsoft Entra ID (or the WS-Trust endpoint) answered 400',
  '0xc000023c': 'STATUS_NETWORK_UNREACHABLE: a 4xx answer or a network problem reaching a required endpoint',
  '0xc00000be': 'STATUS_BAD_NETWORK_PATH: a 4xx answer or a network problem reaching a required endpoint',
  '0xc00000c4': 'STATUS_UNEXPECTED_NETWORK_ERROR: a 4xx answer or a network problem reaching a required endpoint',
  '0xc000005f':
    "STATUS_NO_SUCH_LOGON_SESSION: user realm discovery failed, Microsoft Entra ID cannot find the user's domain",
  '0xc004844c': 'AAD_CLOUDAP_E_OAUTH_USERNAME_IS_MALFORMED: the UPN is not in the expected (internet-style) format',
  '0xc0048442': 'AAD_CLOUDAP_E_OAUTH_USER_SID_IS_EMPTY: the ID token returned lacks the user SID',
};

/** AADSTS codes a PRT request meets, with what Microsoft says they mean and what follows for the PRT. */
const AADSTS: Readonly<Record<string, string>> = {
  AADSTS50126:
    'InvalidUserNameOrPassword: the user name or password is wrong; on a hybrid joined device also a password ' +
    'changed recently and not yet synchronized to Microsoft Entra ID (wait for the sync, then lock and unlock)',
  AADSTS90002:
    "InvalidTenantName: the tenant wasn't found; for a PRT this is the sign-in name's domain (for example a " +
    'non-routable UPN suffix such as .local) that is no verified domain of a Microsoft Entra tenant',
  AADSTS50034: 'UserAccountNotFound: the user does not exist in the directory (not synchronized, or a wrong UPN)',
  AADSTS50053: 'the account is locked (too many sign-in attempts with a wrong password, or sign-in blocked)',
  AADSTS50055: "InvalidPasswordExpiredPassword: the user's password has expired",
  AADSTS50057: 'UserDisabled: the user account is disabled',
  AADSTS50155: 'DeviceAuthenticationFailed: the device could not be authenticated (deleted or disabled in the tenant)',
  AADSTS53003: 'BlockedByConditionalAccess: a Conditional Access policy blocked the sign-in',
};

/** Microsoft's meaning of an Attempt Status, or null when the troubleshooting page does not list it. */
export const attemptStatusMeaning = (status: string | null): string | null =>
  status ? (ATTEMPT_STATUS[status.toLowerCase()] ?? null) : null;

/** Microsoft's meaning of an AADSTS code, or null for a code this table does not hold. */
export const aadstsMeaning = (code: string | null): string | null =>
  code ? (AADSTS[code.toUpperCase()] ?? null) : null;
