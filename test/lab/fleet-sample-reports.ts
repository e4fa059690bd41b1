// The real lab CheckReports the fleet tests build their samples from (captured from every scenario by
// electron/lab/capture-reports.ts, kept in test/fixtures/fleet/lab-reports/).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CheckReportSchema, type CheckReport } from '../../electron/contract/report';

export const LAB_REPORTS_DIR = fileURLToPath(new URL('../fixtures/fleet/lab-reports/', import.meta.url));

export function labReports(): { scenario: string; report: CheckReport }[] {
  return readdirSync(LAB_REPORTS_DIR)
    .sort()
    .map((f) => ({
      scenario: f.replace(/\.json$/, ''),
      report: CheckReportSchema.parse(JSON.parse(readFileSync(LAB_REPORTS_DIR + f, 'utf8'))),
    }));
}

/** The sample's start: a day before the earliest captured report (the reports' own time, not the wall clock). */
export function sampleStart(reports: { report: CheckReport }[], days: number): Date {
  return new Date(Math.min(...reports.map((r) => Date.parse(r.report.startedAt))) - days * 86_400_000);
}
