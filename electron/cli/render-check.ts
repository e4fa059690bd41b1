// Terminal views of a check: live progress lines while it runs, and the final summary.
import type { CheckReport, Step } from '../contract/index';
import type { StepProgress } from '../contract/ipc';
import { lines as joinLines, paint, type TermText } from './terminal-text';

const ICON: Record<Step['status'], string> = { pass: '✔', fail: '✖', warn: '!', skip: '·' };

// Colours are marks beside the text (terminal-text.ts); the CLI's writer neutralises the text, then paints.
const c = {
  green: (t: TermText) => paint('green', t), red: (t: TermText) => paint('red', t), yellow: (t: TermText) => paint('yellow', t),
  dim: (t: TermText) => paint('dim', t), bold: (t: TermText) => paint('bold', t),
};

export function stepLine(step: Step): TermText {
  const mark = step.status === 'pass' ? c.green : step.status === 'fail' ? c.red : step.status === 'warn' ? c.yellow : c.dim;
  const ms = step.status === 'skip' ? '' : c.dim(` ${step.ms} ms`);
  return [mark(ICON[step.status]), ` ${step.title.padEnd(26)}`, ms, `  ${step.detail}`];
}

/** Live progress: one line per finished step (steps run concurrently, so lines come as they end). */
export function progressPrinter(write: (t: TermText) => void): (e: StepProgress) => void {
  return (e) => {
    if (e.kind === 'finished') write([stepLine(e.step), '\n']);
  };
}

export function renderSummary(r: CheckReport, includeSteps: boolean): TermText {
  const lines: TermText[] = [];
  if (includeSteps) for (const s of r.steps) lines.push(stepLine(s));
  if (includeSteps) lines.push('');
  const where = `${r.target.spn}${r.target.address ? ` via ${r.target.address}` : ''}`;
  if (r.verdict === 'pass') {
    lines.push(c.green(c.bold(`PASS  Kerberos works end to end for ${where}`)));
    if (r.sql) lines.push(`      auth_scheme = ${r.sql.authScheme}, login ${r.sql.login}, server ${r.sql.server}, mutual authentication ${r.sql.mutualAuth ? 'verified' : 'not verified'}`);
    if (r.redirect) lines.push(`      redirected ${r.redirect.from} → ${r.redirect.to}`);
  } else if (r.diagnosis) {
    const d = r.diagnosis;
    lines.push(c.red(c.bold(`FAIL  ${d.code}: ${d.title}`)));
    lines.push('', `Why:       ${d.cause}`, `You can:   ${d.fixUser}`, `Helpdesk:  ${d.fixHelpdesk}`);
    if (d.evidence.length) {
      lines.push('Evidence:');
      for (const e of d.evidence) lines.push(`  - ${e}`);
    }
  }
  lines.push(c.dim(`(${r.totalMs} ms)`));
  return [...joinLines(lines), '\n'];
}
