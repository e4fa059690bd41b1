// Terminal views of a check: the live step list while it runs, and the final summary. Both list the steps
// in the contract's display order, in aligned columns (mark, title, time, detail), so what a user watched
// live is the list they read at the end.
import { STEP_IDS, STEP_TITLES, type CheckReport, type Step, type StepId } from '../contract/index';
import type { StepProgress } from '../contract/ipc';
import { displayText } from '../contract/display-text';
import { hangingParagraph } from './hanging-paragraph';
import { lines as joinLines, paint, rewind, type TermText } from './terminal-text';

const ICON: Record<Step['status'], string> = { pass: '✔', fail: '✖', warn: '!', skip: '·' };
/** The widest step title: every title column is this wide. */
const TITLE_WIDTH = Math.max(...Object.values(STEP_TITLES).map((t) => t.length));
/** `12345 ms`: the time column, right-aligned. */
const MS_WIDTH = 8;

// Colours are marks beside the text (terminal-text.ts); the CLI's writer neutralises the text, then paints.
const style = {
  green: (t: TermText) => paint('green', t),
  red: (t: TermText) => paint('red', t),
  yellow: (t: TermText) => paint('yellow', t),
  dim: (t: TermText) => paint('dim', t),
  bold: (t: TermText) => paint('bold', t),
};

export function stepLine(step: Step, detail: string = step.detail): TermText {
  const mark =
    step.status === 'pass'
      ? style.green
      : step.status === 'fail'
        ? style.red
        : step.status === 'warn'
          ? style.yellow
          : style.dim;
  const ms = step.status === 'skip' ? '' : `${step.ms} ms`;
  // The contract's title for the id: KerbProbe's own words (a saved report's title field is not shown).
  return [
    mark(ICON[step.status]),
    ` ${STEP_TITLES[step.id].padEnd(TITLE_WIDTH)}  `,
    style.dim(ms.padStart(MS_WIDTH)),
    detail ? `  ${detail}` : '',
  ];
}

function runningLine(id: StepId): TermText {
  return [style.dim('…'), ` ${STEP_TITLES[id].padEnd(TITLE_WIDTH)}  `, style.dim('running'.padStart(MS_WIDTH))];
}

export interface LiveOptions {
  /** Terminal width: a live line never wraps (the list is redrawn in place by counting lines). */
  columns: number;
  /** Names are redacted in the output: the live list shows no detail until the redacted report is known. */
  redact: boolean;
}

/**
 * The live step list on a terminal: every step started or finished, in display order, redrawn in place as
 * steps start, end or are revised (steps run concurrently; a line is never printed twice). `finish` draws the
 * report's own step list last, so the screen ends with exactly the list the report holds.
 */
export function liveStepList(
  write: (text: TermText) => void,
  opts: LiveOptions,
): { onProgress: (progress: StepProgress) => void; finish: (report: CheckReport) => void } {
  const known = new Map<StepId, Step | null>();
  let drawn = 0;
  const detailRoom = Math.max(0, opts.columns - 1 - (2 + TITLE_WIDTH + 2 + MS_WIDTH + 2));
  const fit = (detail: string): string => {
    const shown = displayText(detail);
    return shown.length > detailRoom ? `${shown.slice(0, Math.max(0, detailRoom - 1))}…` : shown;
  };
  const draw = (steps: readonly (Step | { id: StepId; running: true })[], withDetail: boolean) => {
    const out: TermText[] = [rewind(drawn)];
    for (const step of steps) {
      out.push('running' in step ? runningLine(step.id) : stepLine(step, withDetail ? fit(step.detail) : ''), '\n');
    }
    drawn = steps.length;
    write(out);
  };
  return {
    onProgress(event) {
      if (event.kind === 'started') {
        if (!known.get(event.id)) known.set(event.id, null);
      } else known.set(event.step.id, event.step);
      draw(
        STEP_IDS.filter((id) => known.has(id)).map((id) => known.get(id) ?? { id, running: true as const }),
        !opts.redact,
      );
    },
    finish(report) {
      draw(report.steps, true);
    },
  };
}

/**
 * The final summary. `columns`: the terminal's width when stdout is one — the Why/You can/Helpdesk and
 * evidence paragraphs are then wrapped at word boundaries under their label; without it each stays one line.
 */
export function renderSummary(report: CheckReport, includeSteps: boolean, columns?: number): TermText {
  const lines: TermText[] = [];
  if (includeSteps) lines.push(...report.steps.map((step) => stepLine(step)), '');
  const where = `${report.target.spn}${report.target.address ? ` via ${report.target.address}` : ''}`;
  if (report.verdict === 'pass') {
    lines.push(style.green(style.bold(`PASS  Kerberos works end to end for ${where}`)));
    const sql = report.sql;
    if (sql)
      lines.push(
        `      auth_scheme = ${sql.authScheme}, login ${sql.login}, server ${sql.server}, ` +
          `mutual authentication ${sql.mutualAuth ? 'verified' : 'not verified'}`,
      );
    if (report.redirect) lines.push(`      redirected ${report.redirect.from} → ${report.redirect.to}`);
  } else if (report.diagnosis) {
    const diagnosis = report.diagnosis;
    const headline = hangingParagraph('FAIL  ', `${diagnosis.code}: ${diagnosis.title}`, columns);
    lines.push(...headline.map((line) => style.red(style.bold(line))));
    lines.push(
      '',
      ...hangingParagraph('Why:       ', diagnosis.cause, columns),
      ...hangingParagraph('You can:   ', diagnosis.fixUser, columns),
      ...hangingParagraph('Helpdesk:  ', diagnosis.fixHelpdesk, columns),
    );
    if (diagnosis.evidence.length) {
      lines.push('Evidence:');
      for (const line of diagnosis.evidence) lines.push(...hangingParagraph('  - ', line, columns));
    }
  }
  lines.push(style.dim(`(${report.totalMs} ms)`));
  return [...joinLines(lines), '\n'];
}
