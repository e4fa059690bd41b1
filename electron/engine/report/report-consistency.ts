// Whether a saved report agrees with itself. A report file can be edited or forged: a "pass" verdict next to
// a failed step, a diagnosis, or no SQL session at all is not believed — it is listed as a contradiction,
// and the CLI and the app show the list instead of a verdict they cannot stand behind.
import type { CheckReport, ReportContradiction } from '../../contract/report';

export function reportContradictions(r: CheckReport): ReportContradiction[] {
  const out: ReportContradiction[] = [];
  const failed = r.steps.filter((s) => s.status === 'fail');
  const login = r.steps.find((s) => s.id === 'login');
  if (r.verdict === 'pass') {
    if (failed.length)
      out.push({
        kind: 'pass-with-failed-step',
        message:
          `the verdict is "pass" but ${failed.length === 1 ? 'a step' : `${failed.length} steps`} failed: ` +
          failed.map((s) => s.title).join(', '),
      });
    if (r.diagnosis)
      out.push({
        kind: 'pass-with-diagnosis',
        message: `the verdict is "pass" but the report carries a diagnosis (${r.diagnosis.code})`,
      });
    if (!r.sql)
      out.push({
        kind: 'pass-without-sql-session',
        message: 'the verdict is "pass" but the report holds no SQL session (no auth_scheme, no login)',
      });
  } else if (!r.diagnosis) {
    out.push({ kind: 'fail-without-diagnosis', message: 'the verdict is "fail" but the report carries no diagnosis' });
  }
  if (r.diagnosis && failed.length === 0)
    out.push({
      kind: 'diagnosis-without-failed-step',
      message: `the report diagnoses ${r.diagnosis.code} but none of its steps failed`,
    });
  if (r.sql && login && login.status !== 'pass' && login.status !== 'warn')
    out.push({
      kind: 'sql-session-without-login-step',
      message: `the report holds a SQL session but its SQL login step is "${login.status}"`,
    });
  return out;
}
