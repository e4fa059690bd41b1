// How readings combine into one diagnosis: the ONE ordered list of rules, for a check and for pasted evidence
// alike. Rules run in order: a rule that re-reads evidence in the light of the whole set comes first; then the
// first rule that picks a root cause decides. What each piece of evidence means alone is its source's
// (sources/); this file only says how they combine.
import type { DiagnosisCode } from '../../contract/codes';
import type { Reading } from './evidence-source';
import { describeEvidence, EXPLAINS, type Evidence } from './registry';

/** A reading with the evidence it was read from. */
export interface EvidenceMatch extends Reading {
  evidence: Evidence;
}

/**
 * Root causes before symptoms: the server name (the SPN is built from it, so nothing after it can be right
 * while it does not resolve), configuration and sign-in state, the clock, the KDCs, the Kerberos path hop by
 * hop, then TLS and the SQL login. The first code present in the evidence wins. A Windows setting that
 * explains a failure ranks just before the first failure it explains.
 */
export const ROOT_CAUSE_ORDER: readonly DiagnosisCode[] = [
  'DNS_FAILURE',
  'WINDOWS_BUILD_UNSUPPORTED',
  'SESSION_NOT_INTERACTIVE',
  'SESSION_ELEVATED',
  'SESSION_WITHOUT_PRT',
  'PRT_MISSING',
  // Before any ticket: the library could not even be started on these files.
  'KERBEROS_FILE_UNUSABLE',
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
  'CONDITIONAL_ACCESS_BLOCKS_KERBEROS',
  'CONDITIONAL_ACCESS',
  'CLOUD_KDC_POLICY',
  'KERB_TOP_LEVEL_NAME_MISSING',
  'NO_CROSS_REALM_TRUST',
  'TRUST_KEY_MISMATCH',
  'ETYPE_UNSUPPORTED',
  'MI_SERVICE_PRINCIPAL_OFF',
  'MI_ENTRA_PRINCIPAL_MISSING',
  'MI_ADMIN_CONSENT_MISSING',
  'SPN_UNKNOWN',
  'NTLM_FALLBACK',
  'SQL_UNREACHABLE',
  'MI_REDIRECT_PORTS',
  'REDIRECT_BLOCKED',
  'TLS_NAME_MISMATCH',
  'TLS_UNTRUSTED',
  'SERVICE_KEY_MISMATCH',
  'MUTUAL_AUTH_FAILED',
  'MI_ENTRA_ADMIN_MISSING',
  'LOGIN_NOT_MAPPED',
  'PROTOCOL_ERROR',
  'CREDENTIAL_GUARD_ON',
  'MI_NOT_FOUND',
  'ADMIN_READ_FORBIDDEN',
  'UNKNOWN',
];

/** What the Windows facts say about the two flows, each null when nothing said so. */
export interface WindowsFlowFacts {
  /** "Cloud Kerberos enabled by policy" of `klist cloud_debug`. */
  policy: boolean | null;
  /** dsregcmd CloudTgt (Windows 11 21H2+): a cloud Kerberos ticket for cloud resources, the modern flow's. */
  cloudTgt: boolean | null;
  domainJoined: boolean | null;
  /** A valid TGT of an AD realm in the cache: the trust-based flow's first ticket. */
  dcTgt: boolean;
}

/** Everything the rules read: the evidence, its readings, and what follows from the whole set. */
export interface Judgement {
  readonly evidence: readonly Evidence[];
  readonly matches: readonly EvidenceMatch[];
  /** The readings that are failures with a code. */
  readonly failures: readonly EvidenceMatch[];
  readonly flow: WindowsFlowFacts;
  /** The configuration that explains a missing cloud ticket, when the Windows facts show one. */
  readonly config: DiagnosisCode | null;
}

export interface Rule {
  /** What the rule says, for people reading the list. */
  readonly name: string;
  /** Reads the readings again in the light of the whole set (returns new readings, never edits them). */
  readonly reread?: (matches: readonly EvidenceMatch[], evidence: readonly Evidence[]) => EvidenceMatch[];
  /** Picks the root cause, or null to leave it to the next rule. */
  readonly choose?: (j: Judgement) => DiagnosisCode | null;
}

/** 18452 means "no usable Kerberos": with a Kerberos token in hand, the server could not read it. */
function kerberosToken18452(matches: readonly EvidenceMatch[], evidence: readonly Evidence[]): EvidenceMatch[] {
  const token = evidence.find((e) => e.kind === 'token');
  const sent = token?.kind === 'token' ? token.mechanism : null;
  if (sent !== 'krb5' && sent !== 'spnego') return [...matches];
  return matches.map((match) =>
    match.evidence.kind === 'sql-error' && match.evidence.number === 18452
      ? {
          ...match,
          code: 'SERVICE_KEY_MISMATCH',
          line:
            `${describeEvidence(match.evidence)} — a Kerberos token was sent (${sent}), so the server could not ` +
            `use the ticket`,
        }
      : match,
  );
}

/**
 * The instance's side read with the user's (an admin report beside a user's report or bundle): a server-side
 * fact that is the cause of a failure the user saw says so, so the diagnosis reads as certain, not as a guess —
 * the service principal off is why the Entra KDC answered "SPN unknown"; a policy that blocks Kerberos is the
 * Conditional Access refusal (0x52f, KDC_ERR_POLICY).
 */
function serverSideCause(matches: readonly EvidenceMatch[]): EvidenceMatch[] {
  const seen = new Set(matches.filter((m) => m.role === 'failure').map((m) => m.code));
  return matches.map((match) => {
    const e = match.evidence;
    if (e.kind === 'admin-principal' && match.code === 'MI_SERVICE_PRINCIPAL_OFF' && seen.has('SPN_UNKNOWN'))
      return {
        ...match,
        line:
          `${match.line} — certain: with no service principal the Entra KDC does not know the instance's SPN, ` +
          'which is the "SPN unknown" the user\'s side shows',
      };
    if (
      e.kind === 'admin-ca-policy' &&
      match.code === 'CONDITIONAL_ACCESS_BLOCKS_KERBEROS' &&
      (seen.has('CONDITIONAL_ACCESS') || seen.has('CLOUD_KDC_POLICY'))
    )
      return { ...match, line: `${match.line} — the Conditional Access refusal the user's side shows` };
    return match;
  });
}

/** A port of the redirect range (11000–11999) named in an evidence line (`host:11005`, `port 11005`). */
const REDIRECT_PORT_IN_LINE = /(?::|\bport\s)11\d{3}(?!\d)/i;

/**
 * With the instance's connection type shown to be Redirect, a failed redirected connection — and a 18452 (or
 * an unreachable server) on a port of the redirect range — is the range not being reachable from the client:
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/connection-types-overview (a public report,
 * MicrosoftDocs/azure-docs issue 94671, saw 18452 on 11005 under Redirect where Proxy worked).
 */
function redirectPorts(matches: readonly EvidenceMatch[], evidence: readonly Evidence[]): EvidenceMatch[] {
  const redirect = evidence.some((e) => e.kind === 'admin-connection' && e.proxyOverride === 'Redirect');
  if (!redirect) return [...matches];
  const onRange = new Set<DiagnosisCode>(['NTLM_FALLBACK', 'SERVICE_KEY_MISMATCH', 'SQL_UNREACHABLE']);
  return matches.map((match) =>
    match.role === 'failure' &&
    (match.code === 'REDIRECT_BLOCKED' ||
      (match.code !== null && onRange.has(match.code) && REDIRECT_PORT_IN_LINE.test(match.line)))
      ? {
          ...match,
          code: 'MI_REDIRECT_PORTS',
          line: `${match.line} — the instance uses Redirect: the client must reach 11000–11999`,
        }
      : match,
  );
}

/** Nothing read failed, but the account could not read part of it: said, with what it lacks. */
const adminUnreadable = (j: Judgement): DiagnosisCode | null =>
  j.matches.some((m) => m.code === 'ADMIN_READ_FORBIDDEN') ? 'ADMIN_READ_FORBIDDEN' : null;

/** The Windows setting that explains every failure seen, if one does (the first in the root-cause order). */
function windowsSettingExplainsAll(j: Judgement): DiagnosisCode | null {
  if (j.failures.length === 0) return null;
  const found = new Set(
    j.matches.filter((m) => m.role === 'context' && m.code !== null && EXPLAINS[m.code]).map((m) => m.code),
  );
  const explainsAll = (cause: DiagnosisCode): boolean =>
    j.failures.every((f) => f.code !== null && EXPLAINS[cause]!.includes(f.code));
  return ROOT_CAUSE_ORDER.find((cause) => found.has(cause) && explainsAll(cause)) ?? null;
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

/**
 * The configuration that explains a missing ticket explains the failures it causes. On a domain-joined
 * device the trust-based flow needs neither the policy nor a cloud ticket: the facts alone are no failure
 * there, only an explanation of one — and where the join state is not shown (a `klist cloud_debug` alone) the
 * flow in use is unknown, so the facts alone say what they rule out, not a cause.
 */
function configurationExplainsMissingTicket(j: Judgement): DiagnosisCode | null {
  if (!j.config) return null;
  if (j.flow.domainJoined !== false && j.failures.length === 0) return null;
  const explained = j.failures.every((f) => f.code !== null && EXPLAINED_BY_CONFIGURATION.has(f.code));
  return explained ? j.config : null;
}

/** The first failure in the root-cause order. */
function firstInRootCauseOrder(j: Judgement): DiagnosisCode | null {
  const present = new Set(j.failures.map((f) => f.code));
  return ROOT_CAUSE_ORDER.find((code) => present.has(code)) ?? null;
}

/** Evidence nothing recognises is still a failure nobody can name: UNKNOWN, with the evidence as printed. */
const unrecognisedIsUnknown = (j: Judgement): DiagnosisCode | null =>
  j.matches.some((m) => m.role === 'unrecognised') ? 'UNKNOWN' : null;

export const RULES: readonly Rule[] = [
  { name: 'a Kerberos token makes 18452 a key the server could not use', reread: kerberosToken18452 },
  { name: 'a Windows setting that explains every failure is the cause', choose: windowsSettingExplainsAll },
  { name: 'a missing cloud ticket explains the failures it causes', choose: configurationExplainsMissingTicket },
  { name: "the instance's side says which user failure it causes", reread: serverSideCause },
  { name: 'under Redirect a failure on the redirect range is the ports', reread: redirectPorts },
  { name: 'else the first failure in the root-cause order', choose: firstInRootCauseOrder },
  { name: 'else an admin check the account could not read', choose: adminUnreadable },
  { name: 'else evidence nothing recognises is UNKNOWN', choose: unrecognisedIsUnknown },
];

/** What the flow facts of a set of evidence are. */
export function windowsFlowFacts(evidence: readonly Evidence[]): WindowsFlowFacts {
  const flow: WindowsFlowFacts = { policy: null, cloudTgt: null, domainJoined: null, dcTgt: false };
  for (const e of evidence) {
    if (e.kind === 'cloud-debug') {
      if (e.policyEnabled !== null) flow.policy = e.policyEnabled;
    } else if (e.kind === 'dsregcmd') {
      // null = a build before Windows 11 21H2 that does not print the line: says nothing, never NO.
      if (e.cloudTgt !== null) flow.cloudTgt = flow.cloudTgt === true ? true : e.cloudTgt;
      if (e.domainJoined !== null) flow.domainJoined = e.domainJoined;
    } else if (e.kind === 'dc-tgt') flow.dcTgt = true;
  }
  return flow;
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
export function configurationCause(flow: WindowsFlowFacts): DiagnosisCode | null {
  if (flow.cloudTgt === true) return null;
  // The trust-based flow needs neither the policy nor a cloud TGT: on a domain-joined device a missing cloud
  // ticket explains nothing by itself (with a DC-issued TGT the trust flow is in use; without one, the missing
  // DC TGT is the more basic failure).
  if (flow.domainJoined === true || (flow.dcTgt && flow.domainJoined !== false)) return null;
  if (flow.policy === false) return 'CLOUD_KERBEROS_POLICY_OFF';
  if (flow.cloudTgt === false) return 'CLOUD_TGT_MISSING';
  return null;
}

/** What the diagnosis says about the policy: shown on, shown off, or not shown (never claimed). */
export function policyLine(flow: WindowsFlowFacts): string {
  if (flow.policy === true)
    return 'the cloud Kerberos policy is shown enabled (klist cloud_debug: "Cloud Kerberos enabled by policy: 1")';
  if (flow.policy === false)
    return 'the cloud Kerberos policy is shown disabled (klist cloud_debug: "Cloud Kerberos enabled by policy: 0")';
  return (
    'nothing shown says whether the cloud Kerberos policy is enabled ' +
    "(run `klist cloud_debug` in the user's session)"
  );
}
