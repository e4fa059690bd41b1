// KRB-ERROR error codes (RFC 4120 §7.5.9) as both MIT and Windows name them, and what each means for the
// path to a managed instance. The same numbers appear in Windows event 4769/4771 and in MIT's messages.
import type { DiagnosisCode } from '../../contract/codes';
import { krbErrorName } from '../krb-wire/krb-error-codes';
import type { KerberosStage } from './evidence-source';

export interface KdcErrorContext {
  stage?: KerberosStage;
  /** The failing KDC is the Entra realm's (true), the user's own (false) or unknown (null). */
  cloud: boolean | null;
  /** A referral (cross-realm) TGT was presented in the failing exchange. */
  referral: boolean;
  /** The principal asked for, when known (`krbtgt/X@Y` means a cross-realm referral was asked for). */
  server?: string;
}

export interface KdcError {
  /** The RFC 4120 name, from the one name table (../krb-wire/krb-error-codes). */
  name: string;
  /** MIT's text for this code (krb5 error table), which MIT clients print. */
  mitText: string;
  /** null: not a failure on its own (e.g. "pre-authentication required" proves a live KDC). */
  code: DiagnosisCode | null | ((ctx: KdcErrorContext) => DiagnosisCode | null);
  note?: (ctx: KdcErrorContext) => string | undefined;
}

const isCrossRealmTgs = (server: string | undefined): boolean =>
  /^krbtgt\//i.test(server ?? '') && !/^krbtgt\/([^@]+)@\1$/i.test(server ?? '');

/** A key mismatch is named by which exchange could not decrypt: AS (password), TGS (trust), AP (service). */
export function keyMismatch(ctx: KdcErrorContext): DiagnosisCode {
  if (ctx.stage === 'as') return 'PASSWORD_STALE';
  if (ctx.stage === 'ap') return 'SERVICE_KEY_MISMATCH';
  if (ctx.referral || ctx.cloud === true) return 'TRUST_KEY_MISMATCH';
  if (ctx.stage === 'tgs') return 'UNKNOWN';
  return 'SERVICE_KEY_MISMATCH';
}

export function keyMismatchNote(ctx: KdcErrorContext): string | undefined {
  const code = keyMismatch(ctx);
  if (code === 'TRUST_KEY_MISMATCH')
    return "the Entra KDC could not decrypt the referral TGT issued by the user's domain: the trust keys differ";
  if (code === 'SERVICE_KEY_MISMATCH')
    return ctx.stage === 'ap'
      ? 'the server could not decrypt the service ticket with its key'
      : 'stage unknown: assumed the server rejected the ticket';
  if (code === 'UNKNOWN')
    return "the user's own KDC could not decrypt the TGT (its krbtgt key changed?): run klist purge and sign in again";
  return undefined;
}

const TABLE: ReadonlyArray<readonly [number, Omit<KdcError, 'name'>]> = [
  [1, { mitText: "Client's entry in database has expired", code: 'USER_UNKNOWN' }],
  [2, { mitText: "Server's entry in database has expired", code: 'SPN_UNKNOWN' }],
  [
    6,
    {
      mitText: 'Client not found in Kerberos database',
      code: 'USER_UNKNOWN',
      note: (ctx) =>
        ctx.cloud ? 'the Entra realm does not know the user: check that the account is synchronised' : undefined,
    },
  ],
  [
    7,
    {
      mitText: 'Server not found in Kerberos database',
      code: (ctx) => (isCrossRealmTgs(ctx.server) ? 'NO_CROSS_REALM_TRUST' : 'SPN_UNKNOWN'),
      note: (ctx) =>
        isCrossRealmTgs(ctx.server) ? 'the KDC has no cross-realm key for the requested realm: no trust' : undefined,
    },
  ],
  [
    8,
    {
      mitText: 'Principal has multiple entries in Kerberos database',
      code: 'SERVICE_KEY_MISMATCH',
      note: () => 'the SPN is registered on more than one account (duplicate SPN)',
    },
  ],
  [
    12,
    {
      mitText: 'KDC policy rejects request',
      // From the Entra KDC this is not documented as Conditional Access (klist's 0x52f is): its own code.
      code: (ctx) => (ctx.cloud ? 'CLOUD_KDC_POLICY' : 'UNKNOWN'),
      note: (ctx) =>
        ctx.cloud
          ? 'the Entra KDC refused by policy: Microsoft does not document which policies give this answer'
          : 'the KDC refused by policy (logon restrictions such as logon hours, workstations or Protected Users)',
    },
  ],
  [
    13,
    {
      mitText: "KDC can't fulfill requested option",
      code: 'UNKNOWN',
      note: () =>
        'the KDC cannot grant a requested ticket option (typically delegation); not one of the known causes for ' +
        'a direct login',
    },
  ],
  [14, { mitText: 'KDC has no support for encryption type', code: 'ETYPE_UNSUPPORTED' }],
  [
    18,
    {
      mitText: "Client's credentials have been revoked",
      code: 'USER_UNKNOWN',
      note: () => 'the account is disabled, expired or locked out',
    },
  ],
  [23, { mitText: 'Password has expired', code: 'PASSWORD_STALE' }],
  [24, { mitText: 'Preauthentication failed', code: 'PASSWORD_STALE' }],
  [
    25,
    {
      mitText: 'Additional pre-authentication required',
      code: null,
      note: () => 'a normal first answer from a live KDC: not a failure',
    },
  ],
  [
    29,
    {
      mitText: 'A service is not available that is required to process the request',
      code: (ctx) => (ctx.cloud ? 'CLOUD_KDC_UNREACHABLE' : 'KDC_UNREACHABLE'),
    },
  ],
  [31, { mitText: 'Decrypt integrity check failed', code: keyMismatch, note: keyMismatchNote }],
  [
    32,
    {
      mitText: 'Ticket expired',
      code: 'TGT_EXPIRED',
      note: (ctx) => (ctx.stage === 'ap' ? 'the service ticket had expired' : undefined),
    },
  ],
  [33, { mitText: 'Ticket not yet valid', code: 'CLOCK_SKEW' }],
  [37, { mitText: 'Clock skew too great', code: 'CLOCK_SKEW' }],
  [41, { mitText: 'Message stream modified', code: keyMismatch, note: keyMismatchNote }],
  [43, { mitText: 'Illegal cross-realm ticket', code: 'NO_CROSS_REALM_TRUST' }],
  [44, { mitText: 'Key version is not available', code: keyMismatch, note: keyMismatchNote }],
  [45, { mitText: 'Service key not available', code: keyMismatch, note: keyMismatchNote }],
  [46, { mitText: 'Mutual authentication failed', code: 'MUTUAL_AUTH_FAILED' }],
  [28, { mitText: 'KDC policy rejects transited path', code: 'NO_CROSS_REALM_TRUST' }],
  [60, { mitText: 'Generic error (see e-text)', code: 'UNKNOWN' }],
  [
    68,
    { mitText: 'Realm not local to KDC', code: 'UNKNOWN', note: () => 'a realm referral the client did not follow' },
  ],
];

const BY_CODE = new Map<number, KdcError>(TABLE.map(([n, e]) => [n, { name: krbErrorName(n), ...e }]));

export function lookupKdcError(code: number): KdcError | null {
  return BY_CODE.get(code) ?? null;
}

export function resolveKdcError(entry: KdcError, ctx: KdcErrorContext): DiagnosisCode | null {
  return typeof entry.code === 'function' ? entry.code(ctx) : entry.code;
}
