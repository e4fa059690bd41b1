// The versioned JSON document: exactly the contract, validated before it is written.
import { CheckReportSchema, type CheckReport } from '../../contract/report';
import { KerbProbeError } from '../errors';

/** Validates the report against the contract; a report that does not satisfy it is never written. */
export function validReport(report: unknown): CheckReport {
  const r = CheckReportSchema.safeParse(report);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new KerbProbeError(
      'REPORT_INVALID',
      `the report does not match schema version 1 at ${where}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return r.data;
}

export function renderJson(report: CheckReport): string {
  return `${JSON.stringify(validReport(report), null, 2)}\n`;
}
