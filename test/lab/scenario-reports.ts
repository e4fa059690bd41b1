// Real CheckReports of every lab scenario, for the suites that judge what a report says (redaction, the
// agreement of chain, steps and diagnosis): each scenario's lab started, checked in this process on the MIT
// path and on the check's Windows path (Windows' tools and SSPI's answers generated from the running lab),
// and stopped. Never hand-written: the reports are what the engine produced against the lab.
import type { CheckReport } from '../../electron/contract/report';
import { abandonedCalls } from '../../electron/engine/kerberos/binding';
import { runCheck } from '../../electron/engine/check/run-check';
import { createRealDeps } from '../../electron/engine/check/real-deps';
import { listScenarios, type LabInfo } from '../../electron/lab/lab';
import { labWindows } from '../../electron/lab/windows/tools';
import { startTestLab } from './lab-helpers';

export interface ScenarioReports {
  scenario: string;
  expectedCode: string | null;
  info: LabInfo;
  /** The lab's directory (its paths appear in the reports). */
  dir: string;
  mit: CheckReport;
  windows: CheckReport;
}

/** Runs the scenarios one after another (a native call abandoned by a silent KDC is waited out first). */
export async function* scenarioReports(
  names: readonly string[] = listScenarios().map((s) => s.name),
): AsyncGenerator<ScenarioReports> {
  for (const s of listScenarios().filter((x) => names.includes(x.name))) {
    for (let waited = 0; abandonedCalls() > 0 && waited < 40_000; waited += 250)
      await new Promise((r) => setTimeout(r, 250));
    const lab = await startTestLab(s.name);
    try {
      const { info } = lab;
      const input = {
        server: info.server,
        port: info.port,
        address: info.address,
        caFile: info.caFile,
        timeoutSeconds: 10,
      };
      const mit = await runCheck(input, createRealDeps({ env: info.env }));
      for (let waited = 0; abandonedCalls() > 0 && waited < 40_000; waited += 250)
        await new Promise((r) => setTimeout(r, 250));
      const view = await labWindows(info);
      let windows: CheckReport;
      try {
        windows = await runCheck(input, createRealDeps({ env: info.env, os: view.os }));
      } finally {
        await view.close();
      }
      yield { scenario: s.name, expectedCode: s.expectedCode, info, dir: lab.dir, mit, windows };
    } finally {
      await lab.stop();
    }
  }
}
