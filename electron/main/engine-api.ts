// The ONE place where the app's verbs meet the engine's functions. It runs inside the utility process
// (engine-host.ts) in the app, and directly inside the browser tests' bridge: both call createEngineApi().
import { KerbProbeError, ParseError } from '../engine/errors';
import { CheckReportSchema, type CheckReport } from '../contract/report';
import type { Analysis, CheckInput, ReportFormat } from '../contract/ipc';
import { readCurrentCache } from '../engine/tickets/current-cache';
import { detectInput } from '../engine/tickets/detect-input';
import { ticketsFromKlistText, toTicketSet } from '../engine/tickets/ticket-source';
import { runTool } from '../engine/tickets/run-tool';
import type { ProgressEvent as EngineProgress } from '../engine/check/types';
import type { EngineApi, StepProgress } from './engine-types';

const TOOL_TIMEOUT_MS = 5000;

/** The engine's progress event in the contract's words. */
export function toStepProgress(e: EngineProgress): StepProgress {
  return e.type === 'step-start' ? { kind: 'started', id: e.id, title: e.title } : { kind: 'finished', step: e.step };
}

/** A saved report, checked against the contract: anything else is refused with a stable code. */
export function readReportText(text: string): CheckReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new ParseError('REPORT_NOT_JSON', 'This file is not a KerbProbe report (it is not JSON).');
  }
  const parsed = CheckReportSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}` : 'invalid';
    throw new ParseError('REPORT_INVALID', `This file is not a KerbProbe report this version can read (${where}).`);
  }
  return parsed.data;
}

/** Functions the engine owners are still landing; each one is bound here as soon as it exists. */
export interface PendingEngine {
  runCheck?: (input: CheckInput, opts: { signal: AbortSignal; onProgress: (e: EngineProgress) => void }) => Promise<CheckReport>;
  renderReport?: (report: CheckReport, format: ReportFormat, opts: { redact: boolean }) => string | Promise<string>;
  analyze?: (text: string, name?: string) => Analysis | Promise<Analysis>;
}

function unavailable(what: string): never {
  throw new KerbProbeError('ENGINE_UNAVAILABLE', `${what} is not available in this build of the engine.`);
}

export function createEngineApi(engine: PendingEngine = {}): EngineApi {
  return {
    async runCheck(input, { signal, onProgress }) {
      if (!engine.runCheck) unavailable('The connection check');
      return engine.runCheck(input, { signal, onProgress: (e) => onProgress(toStepProgress(e)) });
    },

    async listTickets() {
      const src = await readCurrentCache({ timeoutMs: TOOL_TIMEOUT_MS });
      return toTicketSet(src, { now: new Date() });
    },

    async purgeTickets() {
      // The OS's own tool, so the purge is exactly what the helpdesk would have typed.
      if (process.platform === 'win32') await runTool('klist', ['purge'], { timeoutMs: TOOL_TIMEOUT_MS });
      else await runTool('kdestroy', [], { timeoutMs: TOOL_TIMEOUT_MS, okExitCodes: [1] });
    },

    async analyzeText(text, name) {
      if (engine.analyze) return engine.analyze(text, name);
      const { kind } = detectInput(text);
      if (kind === 'kerbprobe-report') {
        const report = readReportText(text);
        return { kind, ticketSet: null, findings: report.chain?.findings ?? [], diagnoses: report.diagnosis ? [report.diagnosis] : [] };
      }
      if (!/klist/.test(kind)) throw new ParseError('INPUT_NOT_RECOGNISED', `KerbProbe cannot read this text yet (it looks like: ${kind}).`);
      const set = toTicketSet(ticketsFromKlistText(text, {}, name), { now: new Date() });
      return { kind, ticketSet: set, findings: set.chain.findings, diagnoses: [] };
    },

    async renderReport(report, format, { redact }) {
      if (engine.renderReport) return engine.renderReport(report, format, { redact });
      if (format === 'json' && !redact) return `${JSON.stringify(report, null, 2)}\n`;
      return unavailable(`The ${format.toUpperCase()}${redact ? ' redacted' : ''} report`);
    },

    async readReport(text) {
      return readReportText(text);
    },
  };
}
