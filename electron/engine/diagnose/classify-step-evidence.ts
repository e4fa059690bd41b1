// The check orchestrator records evidence per step in a flat form ({ stage, kind, text, code?, realm? }).
// This turns it into the classifier's typed evidence, so the check and `kerbprobe analyze` share one
// classification. Structural types only: the orchestrator's own types stay its own.
import { isDiagnosisCode, type DiagnosisCode } from '../../contract/codes';
import type { StepId } from '../../contract/report';
import { analyzeEvidence } from './classify';
import { CLOUD_REALM, describeEvidence, type Evidence, type KerberosStage, type NetworkStage } from './evidence';

export interface StepEvidence {
  stage: StepId;
  kind: 'gss' | 'socket' | 'dns' | 'tls' | 'sql-error' | 'kdc-error' | 'token' | 'environment' | 'tickets' | 'protocol';
  text: string;
  code?: string | number;
  realm?: string;
}

export interface StepEvidenceContext {
  userRealm: string | null;
  cloudRealm?: string;
}

function kerberosStage(stage: StepId): KerberosStage | undefined {
  switch (stage) {
    case 'tgt': case 'kdc-user': return 'as';
    case 'referral': case 'service-ticket': return 'tgs';
    case 'login': case 'redirect': return 'ap';
    default: return undefined;
  }
}

function networkStage(stage: StepId, realm: string | undefined, cloudRealm: string): NetworkStage {
  switch (stage) {
    case 'dns': return 'dns';
    case 'kdc-user': return realm && realm.toUpperCase() === cloudRealm.toUpperCase() ? 'kdc-cloud' : 'kdc';
    case 'kdc-cloud': return 'kdc-cloud';
    case 'kdc-proxy': return 'kdc-proxy';
    case 'redirect': return 'redirect';
    // A TGS exchange that times out after the user's KDC answered: the service ticket comes from the Entra KDC.
    case 'referral': case 'service-ticket': return 'kdc-cloud';
    default: return 'sql';
  }
}

const codeText = (code: string | number | undefined): string | undefined => (code === undefined ? undefined : String(code));

/** Maps one flat record to typed evidence. */
export function toEvidence(r: StepEvidence, ctx: StepEvidenceContext): Evidence {
  const cloudRealm = ctx.cloudRealm ?? CLOUD_REALM;
  const userRealm = ctx.userRealm ?? undefined;
  switch (r.kind) {
    case 'gss': {
      const stage = kerberosStage(r.stage) ?? 'tgs';
      const crossRealm = !!userRealm && userRealm.toUpperCase() !== cloudRealm.toUpperCase();
      return {
        kind: 'gss', text: r.text, stage,
        ...(r.realm ? { realm: r.realm } : {}),
        ...(userRealm ? { userRealm } : {}),
        // In the trust flow the service ticket is requested with the referral TGT from the user's realm.
        ...(stage === 'tgs' ? { referral: crossRealm } : {}),
      };
    }
    case 'socket':
      return { kind: 'socket', code: codeText(r.code) ?? (/timed? ?out/i.test(r.text) ? 'ETIMEDOUT' : r.text), stage: networkStage(r.stage, r.realm, cloudRealm), ...(r.realm ? { realm: r.realm } : {}) };
    case 'dns':
      return { kind: 'socket', code: codeText(r.code) ?? 'ENOTFOUND', stage: 'dns' };
    case 'tls':
      return { kind: 'tls', code: codeText(r.code) ?? '', message: r.text };
    case 'sql-error':
      return Number.isInteger(Number(r.code)) ? { kind: 'sql-error', number: Number(r.code), message: r.text } : { kind: 'text', text: r.text, source: 'SQL' };
    case 'kdc-error': {
      const n = Number(r.code);
      if (!Number.isInteger(n)) return { kind: 'text', text: r.text, source: 'KDC' };
      const stage = kerberosStage(r.stage);
      return { kind: 'kdc-error', code: n, eText: r.text, ...(stage ? { stage } : {}), ...(r.realm ? { realm: r.realm } : {}) };
    }
    case 'token': {
      const c = codeText(r.code)?.toLowerCase();
      const mechanism = c === 'krb5' || c === 'spnego' || c === 'ntlm' || c === 'unknown' ? c : /ntlm/i.test(r.text) ? 'ntlm' : 'unknown';
      return { kind: 'token', mechanism, detail: r.text };
    }
    case 'tickets':
      if (/expired/i.test(r.text)) return { kind: 'tgt', state: 'expired', ...(r.realm ? { realm: r.realm } : {}) };
      if (/\bno\b.*\b(tgt|ticket|credential)|not found|missing/i.test(r.text)) return { kind: 'tgt', state: 'missing', ...(r.realm ? { realm: r.realm } : {}) };
      return { kind: 'text', text: r.text, source: 'tickets' };
    case 'protocol':
      return { kind: 'protocol', detail: r.text };
    case 'environment':
      return { kind: 'text', text: r.text, source: 'environment' };
  }
}

/**
 * Classifies the orchestrator's evidence. When our own reading recognises nothing but the producer
 * already attached a diagnosis code (a KerbProbeError from the acquisition layer), that code is kept.
 */
export function classifyStepEvidence(records: readonly StepEvidence[], ctx: StepEvidenceContext): { code: DiagnosisCode; evidence: string[] } {
  const evidence = records.map((r) => toEvidence(r, ctx));
  const { diagnosis } = analyzeEvidence(evidence);
  if (diagnosis && diagnosis.code !== 'UNKNOWN') return { code: diagnosis.code, evidence: diagnosis.evidence };
  for (let i = records.length - 1; i >= 0; i--) {
    const c = records[i]?.code;
    if (typeof c === 'string' && isDiagnosisCode(c) && c !== 'UNKNOWN') {
      return { code: c, evidence: [`${describeEvidence(evidence[i] as Evidence)} — classified by the ${records[i]?.stage} step as ${c}`] };
    }
  }
  return { code: 'UNKNOWN', evidence: diagnosis?.evidence ?? evidence.map((e) => describeEvidence(e)) };
}
