// The ONE place where the app's verbs meet the engine's functions. It runs inside the utility process
// (engine-host.ts) in the app, and directly inside the browser tests' bridge: both call createEngineApi().
import { KerbProbeError, ParseError } from '../engine/errors';
import type { CheckReport } from '../contract/report';
import type { Analysis, ReportFormat } from '../contract/ipc';
import { runCheck } from '../engine/check/run-check';
import { createRealDeps } from '../engine/check/real-deps';
import type { CheckDeps, ProgressEvent as EngineProgress } from '../engine/check/types';
import { readCurrentCache } from '../engine/tickets/current-cache';
import { detectInput } from '../engine/tickets/detect-input';
import { ticketsFromKlistText, toTicketSet } from '../engine/tickets/ticket-source';
import { runTool } from '../engine/tickets/run-tool';
import { readReport } from '../engine/report/read-report';
import { renderJson } from '../engine/report/render-json';
import { renderMarkdown } from '../engine/report/render-markdown';
import type { EngineApi, StepProgress } from './engine-types';

const TOOL_TIMEOUT_MS = 5000;

/** The engine's progress event in the contract's words. */
export function toStepProgress(e: EngineProgress): StepProgress {
  return e.type === 'step-start' ? { kind: 'started', id: e.id, title: e.title } : { kind: 'finished', step: e.step };
}

export interface EngineApiOptions {
  /** Variables layered over process.env for every hop (the lab's KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS). */
  env?: NodeJS.ProcessEnv;
  /** Renderers the engine adds later (HTML, redaction) plug in here without touching the callers. */
  renderers?: Partial<Record<ReportFormat, (report: CheckReport, opts: { redact: boolean }) => string>>;
  analyze?: (text: string, name?: string) => Analysis | Promise<Analysis>;
}

function render(format: ReportFormat, report: CheckReport, redact: boolean): string {
  if (redact) throw new KerbProbeError('ENGINE_UNAVAILABLE', 'Redacted reports are not available in this build of the engine.');
  if (format === 'json') return renderJson(report);
  if (format === 'md') return renderMarkdown(report);
  throw new KerbProbeError('ENGINE_UNAVAILABLE', `${format.toUpperCase()} reports are not available in this build of the engine.`);
}

export function createEngineApi(opts: EngineApiOptions = {}): EngineApi {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  let deps: CheckDeps | null = null;
  return {
    async runCheck(input, { signal, onProgress }) {
      deps ??= createRealDeps({ env });
      return runCheck(input, deps, { signal, onProgress: (e) => onProgress(toStepProgress(e)) });
    },

    async listTickets() {
      const src = await readCurrentCache({ timeoutMs: TOOL_TIMEOUT_MS, env });
      return toTicketSet(src, { now: new Date() });
    },

    async purgeTickets() {
      // The OS's own tool, so the purge is exactly what the helpdesk would have typed.
      if (process.platform === 'win32') await runTool('klist', ['purge'], { timeoutMs: TOOL_TIMEOUT_MS, env });
      else await runTool('kdestroy', [], { timeoutMs: TOOL_TIMEOUT_MS, env, okExitCodes: [1] });
    },

    async analyzeText(text, name) {
      if (opts.analyze) return opts.analyze(text, name);
      const { kind } = detectInput(text);
      if (kind === 'kerbprobe-report') {
        const report = readReport(text);
        return { kind, ticketSet: null, findings: report.chain?.findings ?? [], diagnoses: report.diagnosis ? [report.diagnosis] : [] };
      }
      if (!/klist/.test(kind)) throw new ParseError('INPUT_NOT_RECOGNISED', `KerbProbe cannot read this text (it looks like: ${kind}).`);
      const set = toTicketSet(ticketsFromKlistText(text, {}, name), { now: new Date() });
      return { kind, ticketSet: set, findings: set.chain.findings, diagnoses: [] };
    },

    async renderReport(report, format, { redact }) {
      const custom = opts.renderers?.[format];
      return custom ? custom(report, { redact }) : render(format, report, redact);
    },

    async readReport(text) {
      return readReport(text);
    },
  };
}
