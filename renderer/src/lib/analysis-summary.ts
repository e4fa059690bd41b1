// What the Helpdesk view says about a combined analysis, decided once and testable without a browser: the
// headline (the engine's one verdict; never "no problem" above a warning), where each finding is shown (once:
// in the chain diagram when it is drawn, else in the input's list), and as of when each input was judged, for
// the technician.
import type { CombinedAnalysis, InputAnalysisResult } from '../../../electron/contract/analysis';
import type { Finding } from '../../../electron/contract/report';

export interface Headline {
  intent: 'error' | 'warning' | 'success';
  title: string;
  /** What was read, in one sentence. */
  detail: string;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function warningCount(a: CombinedAnalysis): number {
  return a.inputs.reduce((n, input) => n + input.findings.filter((f) => f.severity === 'warn').length, 0);
}

/**
 * The one line above everything: the diagnosis (the engine's one verdict: a failed analysis always has one),
 * else the warnings to look at, else "nothing wrong".
 */
export function analysisHeadline(a: CombinedAnalysis): Headline {
  const warnings = warningCount(a);
  const cut = a.inputs.filter((i) => readInPart(i).length > 0).length;
  const read =
    `Read ${plural(a.inputs.length, 'input')}: ${a.inputs.map((i) => i.kind).join(', ')}.` +
    (cut ? ` ${plural(cut, 'input was', 'inputs were')} cut short and read only in part: see the note.` : '');
  if (a.diagnosis) return { intent: 'error', title: `Problem found: ${a.diagnosis.title}`, detail: read };
  if (warnings)
    return {
      intent: 'warning',
      title: `No failure found, but ${plural(warnings, 'warning')} to look at`,
      detail: read,
    };
  // What was not pasted was not judged: never "no problem" over a paste that was cut.
  if (cut) return { intent: 'warning', title: 'No problem found in the part that was read', detail: read };
  return { intent: 'success', title: 'No problem found in what was given', detail: read };
}

/** What must be shown beside an input's result: the paste was cut, what was read and what is missing. */
export function readInPart(i: InputAnalysisResult): string[] {
  return i.notes ?? [];
}

/** Whether the view draws this input's ticket chain (which shows the chain's findings itself). */
export function drawsChain(i: InputAnalysisResult): boolean {
  return i.ticketSet !== null && i.ticketSet.chain.hops.length > 0;
}

/** The findings the input's own list shows: none that the chain diagram already shows. */
export function listedFindings(i: InputAnalysisResult): Finding[] {
  if (!drawsChain(i)) return i.findings;
  const inChain = new Set(i.ticketSet?.chain.findings.map((f) => `${f.code}\u0000${f.message}`) ?? []);
  return i.findings.filter((f) => !inChain.has(`${f.code}\u0000${f.message}`));
}

const SOURCE: Record<InputAnalysisResult['judgedAtSource'], string> = {
  input: 'when it was captured, as the input says',
  given: 'the capture time you gave',
  read: 'the time it was read',
  earliest:
    "the newest ticket's start — the earliest it can have been captured; give the " +
    'capture time to judge expiry as of then',
};

/** "Judged as of 25 Nov 2026, 10:00:00 (…)" or null when no time decides anything in this input. */
export function judgedAtText(i: InputAnalysisResult, format: (iso: string) => string): string | null {
  return i.judgedAt ? `Judged as of ${format(i.judgedAt)} (${SOURCE[i.judgedAtSource]}).` : null;
}

/** The time a chain's expiry is shown relative to: when it was judged, never the moment of viewing. */
export function chainReference(i: InputAnalysisResult): Date | null {
  return i.judgedAt ? new Date(i.judgedAt) : null;
}
