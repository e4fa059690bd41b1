// How a step of the Windows device checks reads: each fact on a line with its finding (diagnose/ judges it),
// the first as the detail; warn when a finding or a read failed.
import { describeWindowsFact, judgeWindowsFact, type WindowsFact } from '../../diagnose/windows-facts';

/** A fact's line for the step, with its finding when it has one. */
function line(f: WindowsFact): { text: string; severity: 'info' | 'warn' | 'error' | null } {
  const j = judgeWindowsFact(f);
  return { text: `${describeWindowsFact(f)}${j ? ` — [${j.code}] ${j.note}` : ''}`, severity: j?.severity ?? null };
}

export function finishFactStep(done: (status: 'pass' | 'warn', detail: string, evidence?: string[]) => unknown, facts: WindowsFact[], warnings: string[]): void {
  const lines = facts.map(line);
  const warn = warnings.length > 0 || lines.some((l) => l.severity === 'warn' || l.severity === 'error');
  done(warn ? 'warn' : 'pass', lines[0]?.text ?? warnings[0] ?? 'nothing could be read', [...lines.slice(1).map((l) => l.text), ...warnings]);
}
