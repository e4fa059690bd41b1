// The facts the classifier reads. Each kind is what one source can honestly tell: a GSSAPI message, an
// SSPI status, a `klist get` substatus, a KDC error number, a SQL error, a socket or TLS error code, a
// Windows configuration fact. Numbers are preferred over texts because Windows texts are localized.

import type { TokenMechanism } from '../krb-wire/token-inspect';
import { describeWindowsFact, type WindowsFact } from './windows-facts';

/** Which Kerberos exchange failed: AS (getting the TGT), TGS (a ticket from a KDC), AP (the server). */
export type KerberosStage = 'as' | 'tgs' | 'ap';

/** Where a network error happened. `kdc` is the user's realm; `kdc-cloud` the Entra KDC; `kdc-proxy` its HTTPS proxy. */
export type NetworkStage = 'dns' | 'kdc' | 'kdc-cloud' | 'kdc-proxy' | 'sql' | 'redirect';

export type Evidence =
  /** A GSSAPI/MIT message, exactly as the library printed it. */
  | { kind: 'gss'; text: string; stage: KerberosStage; realm?: string; userRealm?: string; referral?: boolean }
  /** An SSPI result: the status (number or hex text) when known, the localized text otherwise. */
  /** `realm`: the realm SSPI was talking to, when the check knows it (SSPI's own texts name none). */
  | {
      kind: 'sspi';
      status?: number | string;
      text?: string;
      stage?: KerberosStage;
      provider?: 'kerberos' | 'negotiate' | 'ssl';
      realm?: string;
    }
  /** `klist get` "(GetTicket substatus): 0x6fb"; `target` is the SPN asked for, `userRealm` the signed-in realm. */
  | { kind: 'klist-substatus'; hex: string; target?: string; userRealm?: string }
  /** An NTSTATUS, e.g. "klist failed with 0xc000018b/-1073741429". */
  | { kind: 'ntstatus'; hex: string; target?: string; userRealm?: string }
  /** A KRB-ERROR error-code (RFC 4120 §7.5.9). `server` is the principal asked for, when known. */
  | {
      kind: 'kdc-error';
      code: number;
      stage?: KerberosStage;
      realm?: string;
      userRealm?: string;
      server?: string;
      referral?: boolean;
      eText?: string;
    }
  | { kind: 'sql-error'; number: number; message: string; state?: number }
  /** A Node TLS error code (`err.code`), optionally with its message. */
  | { kind: 'tls'; code: string; message?: string }
  /** A network failure: an errno (ECONNREFUSED…) or a probe's own word for it (refused, timeout, dns, config…). */
  | { kind: 'socket'; code: string; stage: NetworkStage; host?: string; port?: number; realm?: string; detail?: string }
  /** An HTTPS KDC proxy (MS-KKDCP) that answered but not with a Kerberos message. */
  | { kind: 'kdc-proxy'; detail: string; httpStatus?: number }
  /**
   * `klist cloud_debug` facts (null: the line was absent). `cloudTgtAvailable` is "Cloud Primary (Hybrid
   * logon) TGT available", which Microsoft's troubleshooting checks for cloud Kerberos trust (the partial TGT
   * for on-premises resources), next to dsregcmd's OnPremTgt:
   * https://learn.microsoft.com/en-us/entra/global-secure-access/how-to-configure-kerberos-sso#troubleshoot
   */
  | { kind: 'cloud-debug'; policyEnabled: boolean | null; cloudTgtAvailable: boolean | null }
  /**
   * `dsregcmd /status` facts (null: the line was absent — for CloudTgt / OnPremTgt, a build before Windows 11
   * 21H2 that does not print them, never NO). CloudTgt = a cloud Kerberos ticket for cloud resources (the
   * modern flow's); OnPremTgt = a cloud Kerberos ticket for on-premises resources (cloud Kerberos trust), not
   * the trust-based flow's TGT: https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state
   */
  | {
      kind: 'dsregcmd';
      azureAdJoined: boolean | null;
      domainJoined: boolean | null;
      azureAdPrt: boolean | null;
      cloudTgt: boolean | null;
      onPremTgt: boolean | null;
      /** SSO State's KerbTopLevelNames ("top level Kerberos realm names for Cloud Kerberos"), when printed. */
      kerbTopLevelNames?: string[];
    }
  /**
   * A valid TGT of an Active Directory realm (krbtgt/CONTOSO.COM @ CONTOSO.COM, not the Entra realm) held
   * in the cache: with DomainJoined YES, the evidence of the incoming trust-based flow, whose first ticket
   * is "an on-premises TGT" from the on-premises KDC
   * (https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot).
   */
  | { kind: 'dc-tgt'; realm: string; kdcCalled?: string }
  /** What the token we are about to send really is. */
  | { kind: 'token'; mechanism: TokenMechanism; detail?: string }
  /** `auth_scheme` of sys.dm_exec_connections for our session. */
  | { kind: 'auth-scheme'; scheme: string }
  | { kind: 'mutual-auth'; verified: false; detail: string }
  /** The logon session's TGT; `cache` and `held` say where it was looked for and how many tickets were there. */
  | { kind: 'tgt'; state: 'missing' | 'expired'; realm?: string; end?: string; cache?: string; held?: number }
  /** A typed error an engine module raised: its code is a diagnosis code when that module knew the cause. */
  | { kind: 'engine-error'; code?: string; message: string; source: string }
  /** Our clock minus the KDC's, in seconds (from a KRB-ERROR's stime). */
  | { kind: 'clock'; skewSeconds: number; against: string }
  | { kind: 'protocol'; detail: string }
  /** Anything else: pasted or unstructured text. Numbers in it are used first, then known English texts. */
  | { kind: 'text'; text: string; source?: string }
  /** The Windows device checks' facts (./windows-facts.ts). */
  | WindowsFact;

export { CLOUD_REALM } from '../../contract/azure';

const MAX_LINE = 600;

/**
 * Makes a text safe to show: no control characters, no runs of hex or base64 long enough to be key or
 * ticket bytes (klist tgt prints both), bounded length.
 */
export function sanitizeEvidenceText(text: string): string {
  let s = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/\s*[\r\n]+\s*/g, ' / ');
  // Spaced or colon-separated hex bytes ("5c 19 a0 77 ..."), 8 bytes or more.
  s = s.replace(/\b[0-9a-f]{2}(?:[ :][0-9a-f]{2}){7,}\b/gi, '[bytes removed]');
  // Contiguous hex of 32+ digits (16+ bytes), unless it is a GUID (tenant ids are handled by redaction).
  s = s.replace(/\b[0-9a-f]{32,}\b/gi, '[bytes removed]');
  // Base64 blobs of 40+ characters (tickets, tokens).
  s = s.replace(/(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,}={0,2}/g, (m) =>
    /[0-9]/.test(m) && /[A-Z]/.test(m) && /[a-z]/.test(m) ? '[bytes removed]' : m,
  );
  s = s.replace(/ {2,}/g, ' ').trim();
  return s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s;
}

const quote = (s: string): string => `"${sanitizeEvidenceText(s)}"`;

function where(e: { realm?: string; stage?: KerberosStage }): string {
  const parts: string[] = [];
  if (e.stage) parts.push({ as: 'AS exchange (TGT)', tgs: 'TGS exchange', ap: 'server (AP exchange)' }[e.stage]);
  if (e.realm) parts.push(`realm ${e.realm}`);
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

const yn = (v: boolean | null): string => (v === null ? 'absent' : v ? 'YES' : 'NO');
/** CloudTgt / OnPremTgt exist from Windows 11 21H2 on: an absent line is a build that does not say. */
const tgtLine = (v: boolean | null): string => (v === null ? 'not printed by this Windows build' : v ? 'YES' : 'NO');

/** One line for people and reports, never secret bytes. */
export function describeEvidence(e: Evidence): string {
  switch (e.kind) {
    case 'gss':
      return `GSSAPI${where(e)}: ${quote(e.text)}`;
    case 'sspi': {
      const st =
        e.status === undefined
          ? ''
          : ` ${typeof e.status === 'number' ? `0x${(e.status >>> 0).toString(16)}` : sanitizeEvidenceText(e.status)}`;
      return `SSPI${e.provider ? ` (${e.provider})` : ''}${st}${where(e)}${e.text ? `: ${quote(e.text)}` : ''}`;
    }
    case 'klist-substatus':
      return `klist get${e.target ? ` ${sanitizeEvidenceText(e.target)}` : ''}: GetTicket substatus ${sanitizeEvidenceText(e.hex)}`;
    case 'ntstatus':
      return `NTSTATUS ${sanitizeEvidenceText(e.hex)}${e.target ? ` for ${sanitizeEvidenceText(e.target)}` : ''}`;
    case 'kdc-error':
      return `KDC error ${e.code}${e.server ? ` for ${sanitizeEvidenceText(e.server)}` : ''}${where(e)}${e.eText ? `: ${quote(e.eText)}` : ''}`;
    case 'sql-error':
      return `SQL error ${e.number}${e.state === undefined ? '' : ` state ${e.state}`}: ${quote(e.message)}`;
    case 'tls':
      return `TLS ${sanitizeEvidenceText(e.code)}${e.message ? `: ${quote(e.message)}` : ''}`;
    case 'socket': {
      const to = e.host ? ` to ${sanitizeEvidenceText(e.host)}${e.port ? `:${e.port}` : ''}` : '';
      return `network (${e.stage})${to}: ${sanitizeEvidenceText(e.code)}${e.realm ? ` [realm ${e.realm}]` : ''}${e.detail ? ` — ${sanitizeEvidenceText(e.detail)}` : ''}`;
    }
    case 'kdc-proxy':
      return `KDC proxy${e.httpStatus ? ` HTTP ${e.httpStatus}` : ''}: ${quote(e.detail)}`;
    case 'cloud-debug':
      return `klist cloud_debug: Cloud Kerberos enabled by policy: ${e.policyEnabled === null ? 'absent' : e.policyEnabled ? 1 : 0}; Cloud Primary (Hybrid logon) TGT available: ${e.cloudTgtAvailable === null ? 'absent' : e.cloudTgtAvailable ? 1 : 0}`;
    case 'dsregcmd':
      return `dsregcmd /status: AzureAdJoined ${yn(e.azureAdJoined)}, DomainJoined ${yn(e.domainJoined)}, AzureAdPrt ${yn(e.azureAdPrt)}, CloudTgt ${tgtLine(e.cloudTgt)}, OnPremTgt ${tgtLine(e.onPremTgt)}`;
    case 'dc-tgt':
      return `TGT from a domain controller held: krbtgt/${sanitizeEvidenceText(e.realm)}@${sanitizeEvidenceText(e.realm)}${e.kdcCalled ? ` (Kdc Called: ${sanitizeEvidenceText(e.kdcCalled)})` : ''}`;
    case 'token':
      return `token mechanism: ${e.mechanism}${e.detail ? ` (${sanitizeEvidenceText(e.detail)})` : ''}`;
    case 'auth-scheme':
      return `sys.dm_exec_connections.auth_scheme = ${sanitizeEvidenceText(e.scheme)}`;
    case 'mutual-auth':
      return `mutual authentication not verified: ${quote(e.detail)}`;
    case 'tgt': {
      const where = e.cache
        ? ` in ${sanitizeEvidenceText(e.cache)}${e.held === undefined ? '' : ` (${e.held} ticket(s))`}`
        : '';
      return `TGT ${e.state}${e.realm ? ` for realm ${e.realm}` : ''}${e.end ? ` (ended ${sanitizeEvidenceText(e.end)})` : ''}${where}`;
    }
    case 'engine-error':
      return sanitizeEvidenceText(e.message);
    case 'clock':
      return `clock offset ${Math.round(e.skewSeconds)} s against ${sanitizeEvidenceText(e.against)}`;
    case 'protocol':
      return `protocol: ${quote(e.detail)}`;
    case 'text':
      return `${e.source ? `${sanitizeEvidenceText(e.source)}: ` : ''}${quote(e.text)}`;
    default:
      return describeWindowsFact(e);
  }
}
