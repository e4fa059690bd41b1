// Whether a saved report agrees with itself. A report file can be edited or forged: a "pass" verdict next to
// a failed step, a diagnosis, or no SQL session at all is not believed — it is listed as a contradiction,
// and the CLI and the app show the list instead of a verdict they cannot stand behind.
import type { CheckReport, ReportContradiction } from '../../contract/report';

export function reportContradictions(report: CheckReport): ReportContradiction[] {
  const out: ReportContradiction[] = [];
  const failed = report.steps.filter((s) => s.status === 'fail');
  const login = report.steps.find((s) => s.id === 'login');
  if (report.verdict === 'pass') {
    if (failed.length)
      out.push({
        kind: 'pass-with-failed-step',
        message:
          `the verdict is "pass" but ${failed.length === 1 ? 'a step' : `${failed.length} steps`} failed: ` +
          failed.map((s) => s.title).join(', '),
      });
    if (report.diagnosis)
      out.push({
        kind: 'pass-with-diagnosis',
        message: `the verdict is "pass" but the report carries a diagnosis (${report.diagnosis.code})`,
      });
    if (!report.sql)
      out.push({
        kind: 'pass-without-sql-session',
        message: 'the verdict is "pass" but the report holds no SQL session (no auth_scheme, no login)',
      });
  } else if (!report.diagnosis) {
    out.push({ kind: 'fail-without-diagnosis', message: 'the verdict is "fail" but the report carries no diagnosis' });
  }
  if (report.diagnosis && failed.length === 0)
    out.push({
      kind: 'diagnosis-without-failed-step',
      message: `the report diagnoses ${report.diagnosis.code} but none of its steps failed`,
    });
  if (report.sql && login && login.status !== 'pass' && login.status !== 'warn')
    out.push({
      kind: 'sql-session-without-login-step',
      message: `the report holds a SQL session but its SQL login step is "${login.status}"`,
    });
  return out;
}
