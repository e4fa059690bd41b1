// The one CheckReport of a check, from the target, the recorded steps, the diagnosis and the hops' results.
import type { CheckReport, Diagnosis } from '../../contract/index';
import { REPORT_SCHEMA_VERSION } from '../../contract/index';
import { TOOL_VERSION } from '../version';
import type { Hop } from './hop';
import { sqlHop } from './hops/sql';
import { ticketChainHop } from './hops/ticket-chain';
import type { StepRecorder } from './step-recorder';
import { reportedTarget, type CheckTarget } from './target';

export interface ReportParts {
  target: CheckTarget;
  startedAt: Date;
  totalMs: number;
  steps: StepRecorder;
  diagnosis: Diagnosis | null;
  outOf<T>(hop: Hop<T, unknown>): T;
}

export function assembleReport({ target, startedAt, totalMs, steps, diagnosis, outOf }: ReportParts): CheckReport {
  // A clock beyond the tolerance that still produced a working session (MIT corrects for the KDC's
  // offset; Windows does not) is a warning, not a failed hop.
  const clock = steps.get('clock');
  if (!diagnosis && clock?.status === 'fail')
    steps.amend('clock', {
      status: 'warn',
      detail: `${clock.detail}; the exchange still succeeded here, but Windows clients do not correct for this offset`,
    });
  const set = outOf(ticketChainHop).set;
  const sql = outOf(sqlHop).result;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: {
      name: 'kerbprobe',
      version: TOOL_VERSION,
      platform: `${process.platform}-${process.arch}`,
      node: process.versions.node,
    },
    // The CA file by its path; its PEM text stays out of every report and history line.
    target: reportedTarget(target),
    startedAt: startedAt.toISOString(),
    verdict: diagnosis ? 'fail' : 'pass',
    diagnosis,
    steps: steps.list(),
    chain: set?.chain ?? null,
    tickets: set?.tickets ?? [],
    sql: sql?.ok ? sql.sql : null,
    tls: sql?.tls ?? null,
    redirect: sql?.redirect ?? null,
    totalMs: Math.round(totalMs),
    redacted: false,
  };
}
