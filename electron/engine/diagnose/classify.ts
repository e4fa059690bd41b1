// The one place where evidence becomes a diagnosis code. Each piece of evidence is read on its own
// (numbers first, then MIT texts, then English Windows/SQL texts, said so), then a few rules over the whole
// set pick the root cause rather than the last symptom.
import type { Diagnosis } from '../../contract/report';
import { isDiagnosisCode, type DiagnosisCode } from '../../contract/codes';
import { catalogEntry } from './catalog';
import { CLOUD_REALM, describeEvidence, sanitizeEvidenceText, type Evidence } from './evidence';
import { lookupKdcError, resolveKdcError } from './kdc-errors';
import { hexTokens, matchText, type TextContext } from './text-patterns';
import {
  formatStatus,
  lookupWindowsStatus,
  parseStatus,
  resolveStatusCode,
  type StatusContext,
} from './windows-status';
import { describeWindowsFact, EXPLAINS, judgeWindowsFact } from './windows-facts';

/** How one piece of evidence reads: a failure with its code, a configuration fact, or just information. */
export interface EvidenceMatch {
  code: DiagnosisCode | null;
  role: 'failure' | 'context' | 'info' | 'unrecognised';
  line: string;
  evidence: Evidence;
}

/**
 * Root causes before symptoms — the one order, for a check and for pasted evidence alike: the server name
 * (the SPN is built from it, so nothing after it can be right while it does not resolve), configuration
 * and sign-in state, the clock, the KDCs, the Kerberos path hop by hop, then TLS and the SQL login. The
 * first code present in the evidence wins.
 */
export const ROOT_CAUSE_ORDER: readonly DiagnosisCode[] = [
  // A Windows setting that explains a failure ranks just before the first failure it explains.
  'DNS_FAILURE',
  'WINDOWS_BUILD_UNSUPPORTED',
  'SESSION_NOT_INTERACTIVE',
  'SESSION_ELEVATED',
  'SESSION_WITHOUT_PRT',
  'CLOUD_KERBEROS_POLICY_OFF',
  'CLOUD_TGT_MISSING',
  'NO_TGT',
  'TGT_EXPIRED',
  'CLOUD_TGT_EXPIRING',
  'CLOCK_SKEW',
  'HOST_REALM_MAPPING_WRONG',
  'KDC_UNREACHABLE',
  'KDC_PROXY_TENANT_MISMATCH',
  'KDC_PROXY_POLICY_DISABLED',
  'WINHTTP_PROXY_UNREACHABLE',
  'FIDDLER_PROXY_LEFTOVER',
  'PROXY_SERVICE_STOPPED',
  'KDC_PROXY_TLS_INSPECTION',
  'CLOUD_KDC_UNREACHABLE',
  'USER_UNKNOWN',
  'PASSWORD_STALE',
  'CONDITIONAL_ACCESS',
  'CLOUD_KDC_POLICY',
  'KERB_TOP_LEVEL_NAME_MISSING',
  'NO_CROSS_REALM_TRUST',
  'TRUST_KEY_MISMATCH',
  'ETYPE_UNSUPPORTED',
  'SPN_UNKNOWN',
  'NTLM_FALLBACK',
  'SQL_UNREACHABLE',
  'REDIRECT_BLOCKED',
  'TLS_NAME_MISMATCH',
  'TLS_UNTRUSTED',
  'SERVICE_KEY_MISMATCH',
  'MUTUAL_AUTH_FAILED',
  'LOGIN_NOT_MAPPED',
  'PROTOCOL_ERROR',
  'CREDENTIAL_GUARD_ON',
  'UNKNOWN',
];

// 'DNS' is the probes' own word for a name that did not resolve.
const DNS_CODES = new Set([
  'DNS',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENODATA',
  'ESERVFAIL',
  'ENXDOMAIN',
  'ENONAME',
]);
const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'ERR_TLS_CERT_UNTRUSTED',
]);
const TLS_NAME = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH', 'ERR_TLS_CERT_ALTNAME_FORMAT']);
/** SQL errors a login can end with, for the cases that mean "authenticated but not allowed in". */
const SQL_NOT_MAPPED = new Set([18456, 18470, 18486, 18487, 18488, 4060, 916]);
const MAX_SKEW_SECONDS = 300;

const isCloud = (realm: string | undefined): boolean | null => (realm ? realm.toUpperCase() === CLOUD_REALM : null);

/** Where a `klist get` target points: the Entra realm, the user's own realm, or unknown. */
function targetIsCloud(target: string | undefined, userRealm: string | undefined): boolean | null {
  if (!target) return null;
  const t = target.toUpperCase();
  if (t.includes(CLOUD_REALM) || /\.DATABASE\.(WINDOWS\.NET|CHINACLOUDAPI\.CN|USGOVCLOUDAPI\.NET)\b/.test(t))
    return true;
  if (userRealm && t.includes(userRealm.toUpperCase())) return false;
  return null;
}

function fromStatus(e: Evidence, raw: string | number, ctx: StatusContext): EvidenceMatch | null {
  const n = parseStatus(raw);
  if (n === null) return null;
  const entry = lookupWindowsStatus(n);
  if (!entry) return null;
  const note = entry.note?.(ctx);
  return {
    code: resolveStatusCode(entry, ctx),
    role: 'failure',
    line: `${describeEvidence(e)} — ${formatStatus(n)} = ${entry.name}: ${entry.meaning}${note ? ` (${note})` : ''}`,
    evidence: e,
  };
}

/** Statuses found inside a text (Windows prints them untranslated); the first known one is used. */
function fromEmbeddedStatus(e: Evidence, text: string, ctx: StatusContext): EvidenceMatch | null {
  for (const tok of hexTokens(text)) {
    const m = fromStatus(e, tok, ctx);
    if (m) return m;
  }
  return null;
}

function fromText(e: Evidence, text: string, ctx: TextContext): EvidenceMatch | null {
  const m = matchText(text, ctx);
  if (!m) return null;
  const localized =
    m.family === 'windows' || m.family === 'sql'
      ? ' (matched on English text; Windows and SQL Server texts are localized, so another language would not match)'
      : '';
  return {
    code: m.code,
    role: 'failure',
    line: `${describeEvidence(e)}${m.note ? ` — ${m.note}` : ''}${localized}`,
    evidence: e,
  };
}

const unrecognised = (e: Evidence): EvidenceMatch => ({
  code: null,
  role: 'unrecognised',
  line: describeEvidence(e),
  evidence: e,
});
const failure = (e: Evidence, code: DiagnosisCode, note?: string): EvidenceMatch => ({
  code,
  role: 'failure',
  line: `${describeEvidence(e)}${note ? ` — ${note}` : ''}`,
  evidence: e,
});
const info = (e: Evidence, note?: string): EvidenceMatch => ({
  code: null,
  role: 'info',
  line: `${describeEvidence(e)}${note ? ` — ${note}` : ''}`,
  evidence: e,
});

function socketCode(e: Extract<Evidence, { kind: 'socket' }>): { code: DiagnosisCode; note?: string } {
  const dns = DNS_CODES.has(e.code.toUpperCase());
  switch (e.stage) {
    case 'dns':
      return { code: 'DNS_FAILURE' };
    case 'sql':
      return dns ? { code: 'DNS_FAILURE' } : { code: 'SQL_UNREACHABLE' };
    case 'redirect':
      return dns
        ? { code: 'DNS_FAILURE', note: 'the redirected host name did not resolve' }
        : { code: 'REDIRECT_BLOCKED' };
    case 'kdc': {
      const cloud = isCloud(e.realm);
      const code = cloud ? 'CLOUD_KDC_UNREACHABLE' : 'KDC_UNREACHABLE';
      return dns ? { code, note: "the KDC's name did not resolve" } : { code };
    }
    case 'kdc-cloud':
    case 'kdc-proxy':
      return dns
        ? { code: 'CLOUD_KDC_UNREACHABLE', note: 'the name of the Entra KDC (proxy) did not resolve' }
        : { code: 'CLOUD_KDC_UNREACHABLE' };
  }
}

/** `sys.dm_exec_connections.auth_scheme` of a session that really is Kerberos. */
export function isKerberosScheme(scheme: string): boolean {
  return scheme.trim().toUpperCase() === 'KERBEROS';
}

/** Reads one piece of evidence on its own. */
export function classifyOne(e: Evidence): EvidenceMatch {
  switch (e.kind) {
    case 'gss': {
      const ctx: TextContext = { stage: e.stage };
      if (e.realm) ctx.realm = e.realm;
      if (e.userRealm) ctx.userRealm = e.userRealm;
      if (e.referral !== undefined) ctx.referral = e.referral;
      return fromText(e, e.text, ctx) ?? unrecognised(e);
    }
    case 'sspi': {
      const ctx: StatusContext = { cloud: isCloud(e.realm), ssl: e.provider === 'ssl' };
      if (e.stage) ctx.stage = e.stage;
      const byStatus = e.status === undefined ? null : fromStatus(e, e.status, ctx);
      if (byStatus) return byStatus;
      if (e.text) {
        const tctx: TextContext = { ssl: e.provider === 'ssl' };
        if (e.stage) tctx.stage = e.stage;
        if (e.realm) tctx.realm = e.realm;
        return fromEmbeddedStatus(e, e.text, ctx) ?? fromText(e, e.text, tctx) ?? unrecognised(e);
      }
      return unrecognised(e);
    }
    case 'klist-substatus':
    case 'ntstatus':
      return (
        fromStatus(e, e.hex, {
          cloud: targetIsCloud(e.target, e.userRealm),
          referral: /^krbtgt\//i.test(e.target ?? ''),
        }) ?? unrecognised(e)
      );
    case 'kdc-error': {
      const entry = lookupKdcError(e.code);
      if (!entry) return unrecognised(e);
      const ctx = {
        cloud: isCloud(e.realm),
        referral: e.referral === true,
        ...(e.stage ? { stage: e.stage } : {}),
        ...(e.server ? { server: e.server } : {}),
      };
      const code = resolveKdcError(entry, ctx);
      const note = entry.note?.(ctx);
      const line = `${describeEvidence(e)} — ${entry.name} ("${entry.mitText}")${note ? `: ${note}` : ''}`;
      return code === null
        ? { code: null, role: 'info', line, evidence: e }
        : { code, role: 'failure', line, evidence: e };
    }
    case 'sql-error': {
      if (e.number === 18452) return failure(e, 'NTLM_FALLBACK', 'the server received no Kerberos ticket it could use');
      if (e.number === 17806) return failure(e, 'SERVICE_KEY_MISMATCH', 'the SSPI handshake failed on the server');
      if (e.number === 18456 && /NT AUTHORITY\\ANONYMOUS LOGON/i.test(e.message)) {
        return failure(e, 'NTLM_FALLBACK', 'the server saw an anonymous logon: no Kerberos credentials reached it');
      }
      if (SQL_NOT_MAPPED.has(e.number))
        return failure(e, 'LOGIN_NOT_MAPPED', 'Kerberos succeeded; the login or database access is missing');
      return fromText(e, e.message, {}) ?? unrecognised(e);
    }
    case 'tls': {
      const c = e.code.toUpperCase();
      if (TLS_NAME.has(c)) return failure(e, 'TLS_NAME_MISMATCH');
      if (TLS_UNTRUSTED.has(c)) return failure(e, 'TLS_UNTRUSTED');
      if (c.startsWith('ERR_SSL_') || c === 'EPROTO' || c === 'ERR_TLS_INVALID_PROTOCOL_VERSION')
        return failure(e, 'PROTOCOL_ERROR', 'the TLS handshake failed');
      return unrecognised(e);
    }
    case 'socket': {
      const r = socketCode(e);
      return failure(e, r.code, r.note);
    }
    case 'kdc-proxy':
      return failure(e, 'CLOUD_KDC_UNREACHABLE', 'the KDC proxy did not answer with a Kerberos message');
    case 'cloud-debug':
    case 'dsregcmd':
      return { code: null, role: 'context', line: describeEvidence(e), evidence: e };
    case 'dc-tgt':
      return info(e);
    case 'token':
      return e.mechanism === 'ntlm'
        ? failure(e, 'NTLM_FALLBACK', 'the token is NTLMSSP: the managed instance will reject it')
        : info(e);
    case 'auth-scheme':
      return isKerberosScheme(e.scheme)
        ? info(e)
        : failure(e, 'NTLM_FALLBACK', 'the session is not authenticated with Kerberos');
    case 'engine-error':
      if (e.code && isDiagnosisCode(e.code)) return failure(e, e.code);
      return fromEmbeddedStatus(e, e.message, { cloud: null }) ?? fromText(e, e.message, {}) ?? unrecognised(e);
    case 'mutual-auth':
      return failure(e, 'MUTUAL_AUTH_FAILED');
    case 'tgt':
      return failure(e, e.state === 'missing' ? 'NO_TGT' : 'TGT_EXPIRED');
    case 'clock':
      return Math.abs(e.skewSeconds) > MAX_SKEW_SECONDS
        ? failure(e, 'CLOCK_SKEW', `more than the ${MAX_SKEW_SECONDS / 60}-minute tolerance`)
        : info(e, 'within tolerance');
    case 'protocol':
      return failure(e, 'PROTOCOL_ERROR');
    case 'text':
      return fromEmbeddedStatus(e, e.text, { cloud: null }) ?? fromText(e, e.text, {}) ?? unrecognised(e);
    default: {
      // A Windows device fact: a finding is context (it explains a failure, never is one), the rest information.
      const f = judgeWindowsFact(e);
      return f && f.severity !== 'info'
        ? { code: f.code, role: 'context', line: `${describeWindowsFact(e)} — ${f.note}`, evidence: e }
        : {
            code: f?.code ?? null,
            role: 'info',
            line: `${describeWindowsFact(e)}${f ? ` — ${f.note}` : ''}`,
            evidence: e,
          };
    }
  }
}

/** The Windows setting that explains every failure seen, if one does (the first in the root-cause order). */
function windowsCause(matches: readonly EvidenceMatch[], failures: readonly EvidenceMatch[]): DiagnosisCode | null {
  if (failures.length === 0) return null;
  const found = new Set(
    matches
      .filter((m) => m.role === 'context' && m.code !== null && EXPLAINS[m.code])
      .map((m) => m.code as DiagnosisCode),
  );
  return (
    ROOT_CAUSE_ORDER.find(
      (c) => found.has(c) && failures.every((f) => f.code !== null && EXPLAINS[c]!.includes(f.code)),
    ) ?? null
  );
}

/** What the Windows facts say about the two flows, each null when nothing said so. */
interface WindowsFlowFacts {
  /** "Cloud Kerberos enabled by policy" of `klist cloud_debug`. */
  policy: boolean | null;
  /** dsregcmd CloudTgt (Windows 11 21H2+): a cloud Kerberos ticket for cloud resources, the modern flow's. */
  cloudTgt: boolean | null;
  domainJoined: boolean | null;
  /** A valid TGT of an AD realm in the cache: the trust-based flow's first ticket. */
  dcTgt: boolean;
}

function windowsFlowFacts(evidence: readonly Evidence[]): WindowsFlowFacts {
  const f: WindowsFlowFacts = { policy: null, cloudTgt: null, domainJoined: null, dcTgt: false };
  for (const e of evidence) {
    if (e.kind === 'cloud-debug') {
      if (e.policyEnabled !== null) f.policy = e.policyEnabled;
    } else if (e.kind === 'dsregcmd') {
      // null = a build before Windows 11 21H2 that does not print the line: says nothing, never NO.
      if (e.cloudTgt !== null) f.cloudTgt = f.cloudTgt === true ? true : e.cloudTgt;
      if (e.domainJoined !== null) f.domainJoined = e.domainJoined;
    } else if (e.kind === 'dc-tgt') f.dcTgt = true;
  }
  return f;
}

/**
 * Windows configuration facts that explain a missing ticket: the policy shown off, or the modern flow's
 * cloud ticket shown absent (dsregcmd `CloudTgt : NO`). Neither `OnPremTgt` (a cloud Kerberos trust ticket for
 * on-premises resources) nor cloud_debug's "Cloud Primary (Hybrid logon) TGT" (checked for cloud Kerberos
 * trust) is the modern flow's ticket or evidence of the trust-based flow, so neither decides here:
 * https://learn.microsoft.com/en-us/entra/identity/devices/troubleshoot-device-dsregcmd#sso-state and
 * https://learn.microsoft.com/en-us/entra/global-secure-access/how-to-configure-kerberos-sso#troubleshoot.
 * The trust-based flow's evidence is a DC-issued TGT held on a domain-joined device
 * (https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot,
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow).
 */
function configurationCause(f: WindowsFlowFacts): DiagnosisCode | null {
  if (f.cloudTgt === true) return null;
  // The trust-based flow needs neither the policy nor a cloud TGT: on a domain-joined device a missing cloud
  // ticket explains nothing by itself (with a DC-issued TGT the trust flow is in use; without one, the missing
  // DC TGT is the more basic failure).
  if (f.domainJoined === true || (f.dcTgt && f.domainJoined !== false)) return null;
  if (f.policy === false) return 'CLOUD_KERBEROS_POLICY_OFF';
  if (f.cloudTgt === false) return 'CLOUD_TGT_MISSING';
  return null;
}

/** What the diagnosis says about the policy: shown on, shown off, or not shown (never claimed). */
function policyLine(f: WindowsFlowFacts): string {
  if (f.policy === true)
    return 'the cloud Kerberos policy is shown enabled (klist cloud_debug: "Cloud Kerberos enabled by policy: 1")';
  if (f.policy === false)
    return 'the cloud Kerberos policy is shown disabled (klist cloud_debug: "Cloud Kerberos enabled by policy: 0")';
  return "nothing shown says whether the cloud Kerberos policy is enabled (run `klist cloud_debug` in the user's session)";
}

/** Failures that a missing cloud ticket explains (the symptoms Windows shows when it has no ticket to use). */
const EXPLAINED_BY_CONFIGURATION = new Set<DiagnosisCode>([
  'NO_TGT',
  'NTLM_FALLBACK',
  'NO_CROSS_REALM_TRUST',
  'SPN_UNKNOWN',
  'UNKNOWN',
  'CLOUD_TGT_MISSING',
]);

export interface Analysis {
  /** null when no evidence shows a failure. */
  diagnosis: Diagnosis | null;
  matches: EvidenceMatch[];
}

/** Reads every piece of evidence and picks the root cause; null diagnosis when nothing failed. */
export function analyzeEvidence(evidence: readonly Evidence[]): Analysis {
  const matches = evidence.map(classifyOne);
  const mech = evidence.find((e): e is Extract<Evidence, { kind: 'token' }> => e.kind === 'token');
  // 18452 means "no usable Kerberos": with a Kerberos token in hand, the server could not read it.
  for (const m of matches) {
    if (
      m.evidence.kind === 'sql-error' &&
      m.evidence.number === 18452 &&
      mech &&
      (mech.mechanism === 'krb5' || mech.mechanism === 'spnego')
    ) {
      m.code = 'SERVICE_KEY_MISMATCH';
      m.line = `${describeEvidence(m.evidence)} — a Kerberos token was sent (${mech.mechanism}), so the server could not use the ticket`;
    }
  }
  const failures = matches.filter((m) => m.role === 'failure' && m.code !== null);
  const flow = windowsFlowFacts(evidence);
  const config = configurationCause(flow);
  const contextLines = matches.filter((m) => m.role === 'context').map((m) => m.line);
  if (config === 'CLOUD_TGT_MISSING') contextLines.push(policyLine(flow));

  let code: DiagnosisCode | null = windowsCause(matches, failures);
  // On a domain-joined device the trust-based flow needs neither the policy nor a cloud ticket: the facts
  // alone are no failure there, only an explanation of one.
  const needsSymptom = flow.domainJoined === true;
  if (
    !code &&
    config &&
    (!needsSymptom || failures.length > 0) &&
    failures.every((f) => f.code !== null && EXPLAINED_BY_CONFIGURATION.has(f.code))
  )
    code = config;
  if (!code) {
    const present = new Set(failures.map((f) => f.code));
    code = ROOT_CAUSE_ORDER.find((c) => present.has(c)) ?? null;
  }
  if (!code) {
    const raw = matches.filter((m) => m.role === 'unrecognised');
    if (raw.length === 0) return { diagnosis: null, matches };
    return {
      diagnosis: diagnosisFor(
        'UNKNOWN',
        raw.map((m) => `unrecognised: ${m.line}`),
      ),
      matches,
    };
  }
  const chosen = code;
  const lines = [
    // A Windows setting that explains the failure comes first: it is what to change.
    ...matches.filter((m) => m.role === 'context' && m.code === chosen && m.code !== config).map((m) => m.line),
    ...failures.filter((f) => f.code === chosen).map((f) => f.line),
    ...(chosen === config ? contextLines : []),
    ...failures.filter((f) => f.code !== chosen).map((f) => `also seen (${f.code}): ${f.line}`),
    ...matches.filter((m) => m.role === 'unrecognised').map((m) => `unrecognised: ${m.line}`),
  ];
  return { diagnosis: diagnosisFor(chosen, lines), matches };
}

/** The diagnosis for a failed check: UNKNOWN, with the raw evidence, when nothing is recognised. */
export function classify(evidence: readonly Evidence[]): Diagnosis {
  return (
    analyzeEvidence(evidence).diagnosis ??
    diagnosisFor(
      'UNKNOWN',
      evidence.length
        ? evidence.map((e) => `no failure recognised in: ${describeEvidence(e)}`)
        : ['no evidence was recorded'],
    )
  );
}

/** Builds a contract Diagnosis from a code and its evidence (lines, or evidence to describe). */
export function diagnosisFor(code: DiagnosisCode, evidence: readonly (string | Evidence)[]): Diagnosis {
  const entry = catalogEntry(code);
  return {
    code,
    title: entry.title,
    cause: entry.cause,
    fixUser: entry.fixUser,
    fixHelpdesk: entry.fixHelpdesk,
    evidence: evidence.map((e) => (typeof e === 'string' ? sanitizeEvidenceText(e) : describeEvidence(e))),
  };
}
