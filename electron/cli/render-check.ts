// Terminal views of a check: live progress lines while it runs, and the final summary.
import type { CheckReport, Step } from '../contract/index';
import type { StepProgress } from '../contract/ipc';

const ICON: Record<Step['status'], string> = { pass: '✔', fail: '✖', warn: '!', skip: '·' };

export function colorize(enabled: boolean) {
  const wrap = (code: number) => (s: string) => (enabled ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { green: wrap(32), red: wrap(31), yellow: wrap(33), dim: wrap(2), bold: wrap(1) };
}

export function stepLine(step: Step, color: boolean): string {
  const c = colorize(color);
  const paint = step.status === 'pass' ? c.green : step.status === 'fail' ? c.red : step.status === 'warn' ? c.yellow : c.dim;
  const ms = step.status === 'skip' ? '' : c.dim(` ${step.ms} ms`);
  return `${paint(ICON[step.status])} ${step.title.padEnd(26)}${ms}  ${step.detail}`;
}

/** Live progress: one line per finished step (steps run concurrently, so lines come as they end). */
export function progressPrinter(write: (s: string) => void, color: boolean): (e: StepProgress) => void {
  return (e) => {
    if (e.kind === 'finished') write(stepLine(e.step, color) + '\n');
  };
}

export function renderSummary(r: CheckReport, color: boolean, includeSteps: boolean): string {
  const c = colorize(color);
  const lines: string[] = [];
  if (includeSteps) for (const s of r.steps) lines.push(stepLine(s, color));
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
  return lines.join('\n') + '\n';
}
