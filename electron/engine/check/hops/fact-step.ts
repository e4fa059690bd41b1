// How a step of the Windows device checks reads: each fact on a line with its finding (diagnose/ judges it),
// the first as the detail; warn when a finding or a read failed.
import { sanitizeEvidenceText } from '../../diagnose/evidence';
import { describeEvidence, judgeFact, type WindowsFact } from '../../diagnose/registry';
import type { ToolResult } from '../../run-tool';
import { errorText } from '../hop-text';

/**
 * Reading tool outputs for a step: what could not be read (a missing tool, an unknown layout) becomes a
 * warning line.
 */
export function warningReads(warnings: string[]) {
  return {
    /** The output of a settled tool call, or null (and a warning) when it failed. */
    text(r: PromiseSettledResult<ToolResult>, what: string): string | null {
      if (r.status === 'fulfilled') return r.value.stdout;
      warnings.push(`${what} could not be read: ${errorText(r.reason)}`);
      return null;
    },
    /** A parser's result, or null (and a warning) when the text is not in a layout it reads. */
    parse<T>(what: string, f: () => T): T | null {
      try {
        return f();
      } catch (err) {
        warnings.push(`${what} could not be read: ${errorText(err)}`);
        return null;
      }
    },
  };
}

/** A fact's line for the step, with its finding when it has one. */
function line(f: WindowsFact): { text: string; severity: 'info' | 'warn' | 'error' | null } {
  const finding = judgeFact(f);
  // The note names hosts, realms and certificate issuers read from outside: made safe like every evidence line.
  return {
    text: sanitizeEvidenceText(`${describeEvidence(f)}${finding ? ` — [${finding.code}] ${finding.note}` : ''}`),
    severity: finding?.severity ?? null,
  };
}

export function finishFactStep(
  done: (status: 'pass' | 'warn', detail: string, evidence?: string[]) => unknown,
  facts: WindowsFact[],
  warnings: string[],
): void {
  const lines = facts.map(line);
  const warn = warnings.length > 0 || lines.some((l) => l.severity === 'warn' || l.severity === 'error');
  done(warn ? 'warn' : 'pass', lines[0]?.text ?? sanitizeEvidenceText(warnings[0] ?? 'nothing could be read'), [
    ...lines.slice(1).map((l) => l.text),
    ...warnings.map(sanitizeEvidenceText),
  ]);
}
