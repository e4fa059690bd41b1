// An admin report (`kerbprobe admin --json`, the app's "Instance and tenant" view) as one input of a combined
// analysis: the instance's and the tenant's facts, read by diagnose/ with the user's report or bundle — the one
// judge joins them (rules.ts: the service principal off is the user's SPN_UNKNOWN, certain; a blocking
// Conditional Access policy is the 0x52f, by name; Redirect is the 18452 on a port of 11000–11999). The file's
// own diagnosis is not believed: it is read again from its facts.
import { parseAdminReport, type AdminReport } from '../../contract/admin';
import { MAX_INPUT_BYTES } from '../../contract/limits';
import { analyzeEvidence } from '../diagnose/classify';
import { sanitizeEvidenceText, type Evidence } from '../diagnose/evidence';
import { KerbProbeError } from '../errors';
import { InputTooLargeError } from '../read-bounded';
import type { InputAnalysis } from './analyze-input';

export const ADMIN_INPUT_KIND = 'kerbprobe-admin-report';

export function readAdminReport(text: string, name: string): AdminReport {
  if (text.length > MAX_INPUT_BYTES.report) throw new InputTooLargeError('report', name);
  const reading = parseAdminReport(text);
  if (reading.ok) return reading.report;
  throw new KerbProbeError(
    'ADMIN_REPORT_INVALID',
    reading.notJson
      ? `${name}: not a readable admin report (the JSON does not parse)`
      : `${name}: not an admin report this version reads (${sanitizeEvidenceText(reading.problem)})`,
  );
}

/** The report's facts as evidence, and its checks as lines. */
export function analyzeAdminReport(report: AdminReport): InputAnalysis {
  const evidence = report.checks.flatMap((c) => c.facts) as Evidence[];
  const facts = [
    `instance and tenant of ${sanitizeEvidenceText(report.server)} read at ${report.capturedAt} ` +
      `(signed in with ${report.signIn})${report.redacted ? ' (redacted)' : ''}`,
    ...report.checks.map(
      (c) =>
        `[${c.status}] ${c.title}` +
        `${c.evidence.length ? `: ${c.evidence.map((line) => sanitizeEvidenceText(line)).join('; ')}` : ''}`,
    ),
  ];
  const diagnosis = evidence.length ? analyzeEvidence(evidence).diagnosis : null;
  const at = new Date(report.capturedAt);
  return {
    kind: ADMIN_INPUT_KIND,
    ticketSet: null,
    timeZone: null,
    findings: [],
    diagnoses: diagnosis ? [diagnosis] : [],
    facts,
    report: null,
    unread: [],
    contradictions: [],
    notes: [],
    evidence,
    judgedAt: Number.isNaN(at.getTime()) ? null : at,
    judgedBy: 'input',
  };
}
