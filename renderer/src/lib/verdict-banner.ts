// The verdict banner of a report: its headline follows the hop the diagnosis code is about (contract/codes),
// so "Kerberos worked, but the database has no login for you" never sits under "cannot use Kerberos". A
// report that contradicts itself gets no verdict at all: it says so, and lists what disagrees.
import { DIAGNOSIS_HOP, VERDICT_TITLE } from '../../../electron/contract/codes';
import type { CheckReport, ReportContradiction } from '../../../electron/contract/report';

export interface VerdictBanner {
  intent: 'success' | 'error' | 'warning';
  title: string;
  /** The sentence under the title (without the time and source line). */
  text: string;
}

export const CONTRADICTION_TITLE = 'This report contradicts itself: no verdict is shown';

export function verdictBanner(report: CheckReport, contradictions: readonly ReportContradiction[] = []): VerdictBanner {
  const where = `${report.target.server}:${report.target.port}`;
  if (contradictions.length > 0) {
    return {
      intent: 'warning',
      title: CONTRADICTION_TITLE,
      text:
        `The file says ${report.verdict.toUpperCase()} for ${where}, but its parts disagree, ` +
        'so KerbProbe stands behind neither verdict.',
    };
  }
  if (report.verdict === 'pass') {
    return {
      intent: 'success',
      title: VERDICT_TITLE.pass,
      text: report.sql
        ? `${report.sql.login} signed in to ${where} with Kerberos (auth_scheme ${report.sql.authScheme}).`
        : `The report says ${where} passed, but it holds no SQL session.`,
    };
  }
  const hop = report.diagnosis ? DIAGNOSIS_HOP[report.diagnosis.code] : 'unknown';
  return {
    intent: 'error',
    title: VERDICT_TITLE[hop],
    text: `${where}: ${report.diagnosis?.title ?? 'the check failed'}.`,
  };
}
