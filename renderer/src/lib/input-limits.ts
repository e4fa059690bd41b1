// The helpdesk view's size checks, done before anything expensive (reading a dropped file, putting a paste
// into the text box, sending it over IPC): the same limits and words as the CLI and main
// (electron/contract/limits.ts), so what passes here is never refused later with a developer message.
import {
  MAX_ANALYSIS_INPUTS,
  MAX_ANALYSIS_TOTAL,
  MAX_INPUT_BYTES,
  formatBytes,
  inputSizeProblem,
} from '../../../electron/contract/limits';

/** A saved report (JSON) may be larger than klist / dsregcmd text. */
export function looksLikeJson(text: string): boolean {
  return /^\s*\{/.test(text);
}

/** Before a dropped file is read (file.size is known at once): over the largest kind, a report, it is
 *  refused unread; within it, contentSizeProblem holds the text to its own kind once read. */
export function dropSizeProblem(file: { name: string; size: number }): string | null {
  return inputSizeProblem('report', file.size, file.name);
}

/** The largest input the view accepts at all, in bytes. */
export const MAX_VIEW_INPUT = MAX_INPUT_BYTES.report;

/** Once the content is known (after a drop, a paste or on Analyze): held to its own kind's limit. */
export function contentSizeProblem(content: string, name: string | null): string | null {
  return inputSizeProblem(looksLikeJson(content) ? 'report' : 'text', content.length, name ?? 'The pasted text');
}

/** Several inputs for one analysis: held to the same count and total as IPC (contract/limits.ts). */
export function inputsProblem(inputs: readonly { text: string; name: string }[]): string | null {
  if (inputs.length > MAX_ANALYSIS_INPUTS)
    return (
      `At most ${MAX_ANALYSIS_INPUTS} inputs are analyzed together; ` + `remove ${inputs.length - MAX_ANALYSIS_INPUTS}.`
    );
  for (const i of inputs) {
    const p = contentSizeProblem(i.text, i.name);
    if (p) return p;
  }
  const total = inputs.reduce((n, i) => n + i.text.length, 0);
  return total > MAX_ANALYSIS_TOTAL
    ? `All inputs together are larger than ${formatBytes(MAX_ANALYSIS_TOTAL)}, the most KerbProbe analyzes at once.`
    : null;
}
