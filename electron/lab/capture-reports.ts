// Runs lab scenarios once each through the real check (real KDCs, the real TDS server) and keeps the
// CheckReports: the seed of the fleet sample (fleet-sample.ts), which varies them, never invents them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckReport } from '../contract/report';
import { runCheck } from '../engine/check/run-check';
import { createRealDeps } from '../engine/check/real-deps';
import { listScenarios, startLab, stopLab } from './lab';

export interface CapturedReport {
  scenario: string;
  report: CheckReport;
}

/** One real check per scenario (all of them unless `only` names some), each in its own lab, stopped after. */
export async function captureScenarioReports(
  opts: { only?: readonly string[]; now?: () => Date } = {},
): Promise<CapturedReport[]> {
  const out: CapturedReport[] = [];
  for (const labScenario of listScenarios().filter((x) => !opts.only || opts.only.includes(x.name))) {
    const dir = mkdtempSync(join(tmpdir(), `kerbprobe-capture-${labScenario.name}-`));
    try {
      const info = await startLab({ dir, scenario: labScenario.name });
      const report = await runCheck(
        { server: info.server, port: info.port, address: info.address, caFile: info.caFile },
        createRealDeps({ env: { ...process.env, ...info.env } }),
        { ...(opts.now ? { now: opts.now } : {}) },
      );
      out.push({ scenario: labScenario.name, report });
    } finally {
      await stopLab(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
