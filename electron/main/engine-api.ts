// The ONE place where the app's verbs meet the engine's functions. It runs inside the utility process
// (engine-host.ts) in the app, and directly inside the browser tests' bridge: both call createEngineApi().
import { ParseError } from '../engine/errors';
import { runCheck } from '../engine/check/run-check';
import { createRealDeps } from '../engine/check/real-deps';
import type { CheckDeps, ProgressEvent as EngineProgress } from '../engine/check/types';
import { readCurrentCache } from '../engine/tickets/current-cache';
import { detectInput } from '../engine/tickets/detect-input';
import { ticketsFromKlistText, toTicketSet } from '../engine/tickets/ticket-source';
import { runTool } from '../engine/tickets/run-tool';
import { readReport, redact, renderReport } from '../engine/report/index';
import { parseKlistGet } from '../engine/tickets/windows-klist-get';
import { formatStatus, lookupWindowsStatus, resolveStatusCode } from '../engine/diagnose/windows-status';
import { diagnosisFor } from '../engine/diagnose/classify';
import type { Diagnosis } from '../contract/report';
import type { EngineApi, StepProgress } from './engine-types';

const TOOL_TIMEOUT_MS = 5000;

/** The engine's progress event in the contract's words. */
export function toStepProgress(e: EngineProgress): StepProgress {
  return e.type === 'step-start' ? { kind: 'started', id: e.id, title: e.title } : { kind: 'finished', step: e.step };
}

/**
 * A failed `klist get` as diagnoses: the substatus is the precise, locale-independent evidence (0x6fb, 0x51f…);
 * the final status is used when there is no substatus. Windows' own text is quoted but never trusted.
 */
export function klistFailureDiagnoses(substatus: number | null, status: number | null, statusText: string | null): Diagnosis[] {
  for (const n of [substatus, status]) {
    if (n === null) continue;
    const entry = lookupWindowsStatus(n);
    if (!entry) continue;
    const code = resolveStatusCode(entry, { cloud: null, stage: 'tgs' });
    const evidence = [`klist get failed with ${formatStatus(n)} (${entry.name}: ${entry.meaning})`];
    if (statusText) evidence.push(`Windows said (in the OS language; may be misleading): "${statusText}"`);
    return [diagnosisFor(code, evidence)];
  }
  const known = [substatus, status].filter((n): n is number => n !== null).map(formatStatus).join(', ');
  return [diagnosisFor('UNKNOWN', [`klist get failed${known ? ` with ${known}` : ''}; no diagnosis is known for this status`])];
}

export interface EngineApiOptions {
  /** Variables layered over process.env for every hop (the lab's KRB5_CONFIG, KRB5CCNAME, KERBPROBE_HOSTS). */
  env?: NodeJS.ProcessEnv;
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
      const { kind } = detectInput(text);
      if (kind === 'kerbprobe-report') {
        const report = readReport(text);
        return { kind, ticketSet: null, findings: report.chain?.findings ?? [], diagnoses: report.diagnosis ? [report.diagnosis] : [] };
      }
      if (kind === 'windows-klist-get' || kind === 'windows-klist-error') {
        const r = parseKlistGet(text);
        if (!r.ok) return { kind, ticketSet: null, findings: [], diagnoses: klistFailureDiagnoses(r.substatus, r.status, r.statusText) };
      }
      if (!/klist/.test(kind)) throw new ParseError('INPUT_NOT_RECOGNISED', `KerbProbe cannot read this text (it looks like: ${kind}).`);
      const set = toTicketSet(ticketsFromKlistText(text, {}, name), { now: new Date() });
      return { kind, ticketSet: set, findings: set.chain.findings, diagnoses: [] };
    },

    async renderReport(report, format, opts) {
      return renderReport(opts.redact ? redact(report) : report, format);
    },

    async readReport(text) {
      return readReport(text);
    },
  };
}
