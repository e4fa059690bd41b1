// The one judge: every piece of evidence read by its source (registry.ts), then the rules (rules.ts) pick the
// root cause rather than the last symptom, and the catalogue words it. A check and a pasted analysis alike.
import type { Diagnosis } from '../../contract/report';
import type { DiagnosisCode } from '../../contract/codes';
import { catalogEntry } from './catalog';
import { sanitizeEvidenceText } from './evidence-text';
import { describeEvidence, readEvidence, type Evidence } from './registry';
import { configurationCause, policyLine, RULES, windowsFlowFacts, type EvidenceMatch, type Judgement } from './rules';

export { ROOT_CAUSE_ORDER, type EvidenceMatch } from './rules';
export { isKerberosScheme } from './sources/auth-scheme-evidence';

/** Reads one piece of evidence on its own. */
export function classifyOne(e: Evidence): EvidenceMatch {
  return { ...readEvidence(e), evidence: e };
}

export interface Analysis {
  /** null when no evidence shows a failure. */
  diagnosis: Diagnosis | null;
  matches: EvidenceMatch[];
}

/** The readings, re-read by the rules that look at the whole set, and what follows from the set. */
function judge(evidence: readonly Evidence[]): Judgement {
  let matches = evidence.map(classifyOne);
  for (const rule of RULES) if (rule.reread) matches = rule.reread(matches, evidence);
  const flow = windowsFlowFacts(evidence);
  return {
    evidence,
    matches,
    failures: matches.filter((m) => m.role === 'failure' && m.code !== null),
    flow,
    config: configurationCause(flow),
  };
}

/** The evidence lines of the diagnosis: what to change first, then the failure, then what else was seen. */
function diagnosisLines(j: Judgement, chosen: DiagnosisCode): string[] {
  const contextLines = j.matches.filter((m) => m.role === 'context').map((m) => m.line);
  if (j.config === 'CLOUD_TGT_MISSING') contextLines.push(policyLine(j.flow));
  return [
    // A Windows setting that explains the failure comes first: it is what to change.
    ...j.matches.filter((m) => m.role === 'context' && m.code === chosen && m.code !== j.config).map((m) => m.line),
    ...j.failures.filter((f) => f.code === chosen).map((f) => f.line),
    ...(chosen === j.config ? contextLines : []),
    ...j.failures.filter((f) => f.code !== chosen).map((f) => `also seen (${f.code}): ${f.line}`),
    ...j.matches.filter((m) => m.role === 'unrecognised').map((m) => `unrecognised: ${m.line}`),
  ];
}

/** Reads every piece of evidence and picks the root cause; null diagnosis when nothing failed. */
export function analyzeEvidence(evidence: readonly Evidence[]): Analysis {
  const j = judge(evidence);
  const matches = [...j.matches];
  for (const rule of RULES) {
    const chosen = rule.choose?.(j) ?? null;
    if (chosen) return { diagnosis: diagnosisFor(chosen, diagnosisLines(j, chosen)), matches };
  }
  return { diagnosis: null, matches };
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
