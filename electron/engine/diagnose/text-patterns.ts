// Messages recognised by their text. MIT/GSSAPI messages are English by design (MIT ships no other
// catalogue by default); Windows and SQL Server texts are localized, so a match on them is reported as
// "matched on English text" and numbers found in the same text win over it.
import type { DiagnosisCode } from '../../contract/codes';
import { CLOUD_REALM } from '../../contract/azure';
import type { KerberosStage } from './evidence-source';
import { keyMismatch, keyMismatchNote } from './kdc-errors';

/**
 * One case-insensitive pattern from alternatives written one per line, so each known message reads on its
 * own (the same as writing them joined by `|`: each alternative is whole at the top level).
 */
const anyOf = (...alternatives: RegExp[]): RegExp =>
  new RegExp(alternatives.map((alternative) => alternative.source).join('|'), 'i');

export interface TextContext {
  stage?: KerberosStage;
  realm?: string;
  userRealm?: string;
  referral?: boolean;
  ssl?: boolean;
}

export interface TextMatch {
  code: DiagnosisCode;
  note?: string;
  /** 'mit': MIT/GSSAPI text (not localized); 'windows' / 'sql': localized texts matched in English. */
  family: 'mit' | 'windows' | 'sql';
}

interface Pattern {
  family: TextMatch['family'];
  re: RegExp;
  resolve: (m: RegExpExecArray, ctx: TextContext) => { code: DiagnosisCode; note?: string };
}

const sameRealm = (a: string | undefined, b: string | undefined): boolean =>
  !!a && !!b && a.toUpperCase() === b.toUpperCase();

/** KDC_UNREACHABLE for the user's realm, CLOUD_KDC_UNREACHABLE for the Entra realm (or a realm we cannot place). */
function unreachableFor(realm: string | undefined, ctx: TextContext): { code: DiagnosisCode; note?: string } {
  const r = realm ?? ctx.realm;
  if (sameRealm(r, CLOUD_REALM)) return { code: 'CLOUD_KDC_UNREACHABLE' };
  if (r && (sameRealm(r, ctx.userRealm) || !ctx.userRealm)) return { code: 'KDC_UNREACHABLE' };
  if (r) return { code: 'KDC_UNREACHABLE', note: `realm ${r} is neither the user's realm nor the Entra realm` };
  return { code: 'KDC_UNREACHABLE', note: "the realm was not named: assumed the user's realm" };
}

function keyFailure(ctx: TextContext): { code: DiagnosisCode; note?: string } {
  const kctx = {
    stage: ctx.stage,
    cloud: ctx.realm ? sameRealm(ctx.realm, CLOUD_REALM) : null,
    referral: ctx.referral === true,
  };
  const note = keyMismatchNote(kctx);
  return note === undefined ? { code: keyMismatch(kctx) } : { code: keyMismatch(kctx), note };
}

const fixed = (code: DiagnosisCode, note?: string) => (): { code: DiagnosisCode; note?: string } =>
  note === undefined ? { code } : { code, note };

// Order matters: the first match wins, so specific messages come before generic ones.
const PATTERNS: Pattern[] = [
  // --- MIT krb5 / GSSAPI (as kinit, kvno and gss_display_status print them) ---
  {
    family: 'mit',
    re: /Server (krbtgt\/([^@\s]+)@(\S+)) not found in Kerberos database/i,
    resolve: (m) =>
      sameRealm(m[2], m[3])
        ? { code: 'KDC_UNREACHABLE', note: 'the KDC does not know its own krbtgt: wrong realm configuration' }
        : { code: 'NO_CROSS_REALM_TRUST', note: `${m[3]} has no cross-realm key for ${m[2]}` },
  },
  {
    family: 'mit',
    re: /Server (\S+) not found in Kerberos database|Server not found in Kerberos database/i,
    resolve: fixed('SPN_UNKNOWN'),
  },
  {
    family: 'mit',
    re: /Client '?[^']*'? ?not found in Kerberos database|Client not found in Kerberos database/i,
    resolve: fixed('USER_UNKNOWN'),
  },
  { family: 'mit', re: /Clock skew too great/i, resolve: fixed('CLOCK_SKEW') },
  { family: 'mit', re: /Ticket not yet valid/i, resolve: fixed('CLOCK_SKEW') },
  { family: 'mit', re: /Cannot contact any KDC for realm '([^']+)'/i, resolve: (m, ctx) => unreachableFor(m[1], ctx) },
  { family: 'mit', re: /Cannot find KDC for realm "([^"]+)"/i, resolve: (m, ctx) => unreachableFor(m[1], ctx) },
  {
    family: 'mit',
    re: anyOf(
      /Cannot (?:contact any|find) KDC for requested realm/,
      /Cannot resolve network address for KDC in (?:requested )?realm/,
      /Resource temporarily unavailable while (?:getting|contacting) (?:initial credentials|KDC)/,
    ),
    resolve: (_m, ctx) => unreachableFor(undefined, ctx),
  },
  {
    family: 'mit',
    re: anyOf(
      /No Kerberos credentials available/,
      /No credentials cache found/,
      /Credentials cache file '[^']*' not found/,
      /No ticket granting ticket/,
    ),
    resolve: (_m, ctx) =>
      ctx.stage === 'ap'
        ? { code: 'SERVICE_KEY_MISMATCH', note: 'the server has no usable key (keytab)' }
        : { code: 'NO_TGT' },
  },
  {
    family: 'mit',
    re: /Ticket expired|Credentials cache .*expired|TGT has been revoked/i,
    resolve: fixed('TGT_EXPIRED'),
  },
  {
    family: 'mit',
    re: anyOf(
      /KDC has no support for encryption type/,
      /Program lacks support for encryption type/,
      /No supported encryption types/,
      /Encryption type not permitted/,
      /No credentials found with supported encryption types/,
      /Bad encryption type/,
    ),
    resolve: fixed('ETYPE_UNSUPPORTED'),
  },
  {
    family: 'mit',
    re: anyOf(
      /Request ticket server \S+ (?:kvno \d+ )?(?:enctype \S+ )?found in keytab but cannot decrypt ticket/,
      /Request ticket server \S+ (?:kvno \d+ )?not found in keytab/,
      /No key table entry found/,
      /Key table file '[^']*' not found/,
      /Key version is not available/,
      /Service key not available/,
      /Key version number for principal in key table is incorrect/,
      /Cannot decrypt ticket/,
    ),
    resolve: () => ({
      code: 'SERVICE_KEY_MISMATCH',
      note: 'the acceptor has no key matching the ticket (keytab out of date or wrong account)',
    }),
  },
  {
    family: 'mit',
    re: /Decrypt integrity check failed|Message stream modified/i,
    resolve: (_m, ctx) =>
      ctx.stage === undefined
        ? { code: 'UNKNOWN', note: 'a key mismatch, but the failing exchange was not recorded' }
        : keyFailure(ctx),
  },
  { family: 'mit', re: /Preauthentication failed|Password incorrect/i, resolve: fixed('PASSWORD_STALE') },
  { family: 'mit', re: /Password has expired/i, resolve: fixed('PASSWORD_STALE') },
  {
    family: 'mit',
    re: /Client's credentials have been revoked|Client's entry in database has expired/i,
    resolve: fixed('USER_UNKNOWN', 'account disabled, expired or locked'),
  },
  {
    family: 'mit',
    re: /KDC policy rejects request/i,
    resolve: (_m, ctx) =>
      sameRealm(ctx.realm, CLOUD_REALM)
        ? { code: 'CLOUD_KDC_POLICY' }
        : { code: 'UNKNOWN', note: 'the KDC refused by policy (logon restrictions)' },
  },
  {
    family: 'mit',
    re: /Illegal cross-realm ticket|KDC policy rejects transited path|Cannot find ticket for requested realm/i,
    resolve: fixed('NO_CROSS_REALM_TRUST'),
  },
  { family: 'mit', re: /Mutual authentication failed/i, resolve: fixed('MUTUAL_AUTH_FAILED') },
  {
    family: 'mit',
    re: anyOf(
      /Invalid token was supplied/,
      /Defective token detected/,
      /ASN\.1 encoding ended unexpectedly/,
      /ASN\.1 structure is missing a required field/,
    ),
    resolve: fixed('PROTOCOL_ERROR'),
  },

  // --- Windows (FormatMessage texts, English) ---
  { family: 'windows', re: /The specified target is unknown or unreachable/i, resolve: fixed('SPN_UNKNOWN') },
  {
    family: 'windows',
    re: /SAM database on the Windows Server does not have a computer account for this workstation trust relationship/i,
    resolve: fixed('SPN_UNKNOWN', 'klist prints this misleading text for an unknown SPN (0x6fb / 0xc000018b)'),
  },
  {
    family: 'windows',
    re: anyOf(
      /No credentials are available in the security package/,
      /The credentials supplied to the package were not recognized/,
    ),
    resolve: fixed('NO_TGT'),
  },
  {
    family: 'windows',
    re: /No authority could be contacted for authentication|There are currently no logon servers available/i,
    resolve: (_m, ctx) => unreachableFor(undefined, ctx),
  },
  {
    family: 'windows',
    re: /The clocks on the client and server machines are skewed|time at the Primary Domain Controller is different/i,
    resolve: fixed('CLOCK_SKEW'),
  },
  {
    family: 'windows',
    re: /The encryption type requested is not supported by the KDC/i,
    resolve: fixed('ETYPE_UNSUPPORTED'),
  },
  {
    family: 'windows',
    re: /Account restrictions are preventing this user from signing in/i,
    resolve: (_m, ctx) =>
      ctx.realm && !sameRealm(ctx.realm, CLOUD_REALM)
        ? {
            code: 'USER_UNKNOWN',
            note: 'an account restriction at the domain controller (logon hours, workstations, Protected Users)',
          }
        : {
            code: 'CONDITIONAL_ACCESS',
            note:
              'Microsoft documents this for managed instances as Conditional Access applying to the "<mi> principal" ' +
              'app',
          },
  },
  {
    family: 'windows',
    re: anyOf(
      /The user name or password is incorrect/,
      /The referenced account is currently locked out/,
      /This user can't sign in because this account is currently disabled/,
    ),
    resolve: (m) => (/password is incorrect/i.test(m[0]) ? { code: 'PASSWORD_STALE' } : { code: 'USER_UNKNOWN' }),
  },
  {
    family: 'windows',
    re: /The certificate chain was issued by an authority that is not trusted|The received certificate has expired/i,
    resolve: fixed('TLS_UNTRUSTED'),
  },
  {
    family: 'windows',
    re: /SSL Provider[^)]*The target principal name is incorrect/i,
    resolve: fixed(
      'TLS_NAME_MISMATCH',
      'raised by the TLS (SSL) provider: a certificate name mismatch, not an SPN problem',
    ),
  },
  {
    family: 'windows',
    re: /The target principal name is incorrect/i,
    resolve: (_m, ctx) =>
      ctx.ssl
        ? { code: 'TLS_NAME_MISMATCH' }
        : {
            code: 'SERVICE_KEY_MISMATCH',
            note: 'raised by Kerberos: the ticket was made for another account (duplicate or misplaced SPN)',
          },
  },
  {
    family: 'windows',
    re: /The logon attempt failed/i,
    resolve: (_m, ctx) => (ctx.stage === 'ap' ? { code: 'SERVICE_KEY_MISMATCH' } : { code: 'PASSWORD_STALE' }),
  },
  {
    family: 'windows',
    re: /The token supplied to the function is invalid/i,
    resolve: (_m, ctx) => (ctx.stage === 'ap' ? { code: 'SERVICE_KEY_MISMATCH' } : { code: 'PROTOCOL_ERROR' }),
  },
  {
    family: 'windows',
    re: /The trust relationship between the primary domain and the trusted domain failed/i,
    resolve: fixed('NO_CROSS_REALM_TRUST'),
  },

  // --- SQL Server / client library texts (English) ---
  {
    family: 'sql',
    re: /login is from an untrusted domain and cannot be used with (?:Integrated|Windows) authentication/i,
    resolve: fixed('NTLM_FALLBACK', 'SQL 18452: the server received no usable Kerberos ticket'),
  },
  {
    family: 'sql',
    re: /Login failed for user '(?:NT AUTHORITY\\ANONYMOUS LOGON)'/i,
    resolve: fixed(
      'NTLM_FALLBACK',
      'the server saw an anonymous logon: no Kerberos credentials reached it (double hop without delegation?)',
    ),
  },
  { family: 'sql', re: /Login failed for user '[^']*'/i, resolve: fixed('LOGIN_NOT_MAPPED') },
  {
    family: 'sql',
    re: /Cannot open database "[^"]*" requested by the login/i,
    resolve: fixed('LOGIN_NOT_MAPPED', 'the login exists but may not open this database'),
  },
  {
    family: 'sql',
    re: /Cannot generate SSPI context/i,
    resolve: fixed('SPN_UNKNOWN', 'generic SSPI failure; most often an SPN problem (missing, duplicate or misplaced)'),
  },
  {
    family: 'sql',
    re: /Failed to connect to \S+ in \d+ms|Connection timeout|Could not open a connection to SQL Server/i,
    resolve: fixed('SQL_UNREACHABLE'),
  },
];

/** The first pattern that matches the text, if any. */
export function matchText(text: string, ctx: TextContext = {}): TextMatch | null {
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (m) {
      const r = p.resolve(m, ctx);
      return r.note === undefined
        ? { code: r.code, family: p.family }
        : { code: r.code, note: r.note, family: p.family };
    }
  }
  return null;
}

/** Hex statuses inside a text, in order (0x… tokens; the klist "0xc000018b/-1073741429" form included). */
export function hexTokens(text: string): string[] {
  return [...text.matchAll(/\b0x[0-9a-f]{1,8}\b/gi)].map((m) => m[0]);
}
