// The ONE place where the app's verbs meet the engine's functions. It runs inside the utility process
// (engine-host.ts) in the app, and directly inside the browser tests' bridge: both call createEngineApi().
import { runCheck } from '../engine/check/run-check';
import { createRealDeps } from '../engine/check/real-deps';
import { readCurrentCache } from '../engine/tickets/current-cache';
import { toTicketSet } from '../engine/tickets/ticket-source';
import { runTool } from '../engine/run-tool';
import { readReport, redact, renderReport } from '../engine/report/index';
import { analyzeInputs } from '../engine/analyze/analyze-inputs';
import { collectBundle } from '../engine/collect/collect-bundle';
import { reportContradictions } from '../engine/report/report-consistency';
import type { EngineApi } from '../contract/engine';
import { recordCheck } from '../engine/history/record-check';
import { readHistory } from '../engine/history/history-file';
import { historyPath } from '../engine/history/history-path';
import { analyzeFleet } from '../engine/fleet/analyze-fleet';
import { fleetWorkerBesideBundle } from '../engine/fleet/fleet-workers';

const TOOL_TIMEOUT_MS = 5000;

export interface EngineApiOptions {
  /** Variables layered over process.env for every hop (the lab's KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS). */
  env?: NodeJS.ProcessEnv;
  /** The clock tickets are judged by: the real time in the app; a fixed time in tests. */
  now?: () => Date;
}

export function createEngineApi(opts: EngineApiOptions = {}): EngineApi {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  const now = opts.now ?? (() => new Date());
  return {
    async runCheck(input, { signal, onProgress }) {
      // Fresh per check: krb5.conf and the hosts override are read as they are now, not at app start.
      const report = await runCheck(input, createRealDeps({ env }), { signal, onProgress, now });
      // The same history line the CLI's check appends; a history that cannot be written (a full or
      // read-only profile) never costs the user the check's answer: the History panel then shows what is there.
      try {
        recordCheck(report, { env });
      } catch {
        /* HISTORY_UNWRITABLE: the report stands */
      }
      return report;
    },

    async readHistory(query) {
      return readHistory(historyPath(env), query);
    },

    async analyzeFleet(paths, query) {
      return analyzeFleet(paths, query, { workerScript: fleetWorkerBesideBundle() });
    },

    async listTickets() {
      const src = await readCurrentCache({ timeoutMs: TOOL_TIMEOUT_MS, env });
      return toTicketSet(src, { now: now() });
    },

    async purgeTickets() {
      // The OS's own tool, so the purge is exactly what the helpdesk would have typed.
      if (process.platform === 'win32') await runTool('klist', ['purge'], { timeoutMs: TOOL_TIMEOUT_MS, env });
      else await runTool('kdestroy', [], { timeoutMs: TOOL_TIMEOUT_MS, env, okExitCodes: [1] });
    },

    async analyzeInputs(inputs) {
      // The Helpdesk view reads someone else's evidence: judged as of when it was captured, never "now".
      return analyzeInputs(
        inputs.map((i) => ({
          name: i.name ?? 'pasted text',
          content: i.text,
          ...(i.capturedAt ? { capturedAt: new Date(i.capturedAt) } : {}),
        })),
        { fallback: 'earliest' },
      );
    },

    async collect({ target, redact }) {
      // In this (the user's own) session, with the same tools and limits as `kerbprobe collect`.
      return collectBundle({
        platform: process.platform,
        runTool,
        env,
        now,
        target,
        redact,
        ...(target
          ? {
              runCheck: () =>
                runCheck(
                  {
                    server: target.server,
                    port: target.port,
                    encrypt: 'mandatory',
                    trustServerCertificate: false,
                    timeoutSeconds: 15,
                  },
                  createRealDeps({ env }),
                  { now },
                ),
            }
          : {}),
      });
    },

    async renderReport(report, format, opts) {
      return renderReport(opts.redact ? redact(report) : report, format);
    },

    async readReport(text) {
      // An opened report is evidence, not a verdict: the app shows how it contradicts itself, as analyze does.
      const report = readReport(text);
      return { report, contradictions: reportContradictions(report) };
    },
  };
}
