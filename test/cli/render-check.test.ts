// The check's terminal views: aligned columns, a live list that is always in display order and ends as the
// report's own list, nothing printed twice, no names live under --redact, one time format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STEP_IDS, STEP_TITLES } from '../../electron/contract/report';
import type { StepProgress } from '../../electron/contract/ipc';
import { formatTime } from '../../electron/contract/format';
import { liveStepList, renderSummary } from '../../electron/cli/render-check';
import { toTerminal, type TermText } from '../../electron/cli/terminal-text';
import { redact } from '../../electron/engine/report/redact';
import { failingReport, NAMES } from '../engine/report/sample-report';

/** A terminal: text appends lines; KerbProbe's rewind (CSI n F, CSI J) removes the last n. Every screen drawn. */
function terminal(chunks: string[]): { screens: string[][]; final: string[] } {
  let screen: string[] = [];
  const screens: string[][] = [];
  for (const chunk of chunks) {
    let rest = chunk;
    const m = /^\x1b\[(\d+)F\x1b\[J/.exec(rest);
    if (m) {
      screen = screen.slice(0, screen.length - Number(m[1]));
      rest = rest.slice(m[0].length);
    }
    assert.doesNotMatch(rest, /\x1b\[\d*[FJ]/, 'a rewind only at the start of a draw');
    screen = [...screen, ...rest.split('\n').slice(0, -1)];
    screens.push(screen);
  }
  return { screens, final: screen };
}

const order = (line: string) => STEP_IDS.findIndex((id) => line.slice(2).startsWith(STEP_TITLES[id]));

test('step lines are aligned: title, time and detail each start in their own column', () => {
  const lines = toTerminal(renderSummary(failingReport(), true), false)
    .split('\n')
    .slice(0, failingReport().steps.length);
  const r = failingReport();
  const detailAt = lines.map((l, i) => l.indexOf(r.steps[i]!.detail));
  assert.equal(new Set(detailAt).size, 1, `details start at ${detailAt.join(', ')}:\n${lines.join('\n')}`);
  const msEnd = lines
    .map((l, i) => (r.steps[i]!.status === 'skip' ? null : l.indexOf(' ms') + 3))
    .filter((x) => x !== null);
  assert.equal(new Set(msEnd).size, 1, `times end at ${msEnd.join(', ')}`);
});

test("the live list is always in display order, never repeats a step, and ends as the report's list", () => {
  const r = failingReport();
  // Steps end concurrently, in another order than they are listed; one is revised after it ended.
  const shuffled = [...r.steps].sort((a, b) => ((a.title.length * 7 + a.ms) % 11) - ((b.title.length * 7 + b.ms) % 11));
  const events: StepProgress[] = [
    ...shuffled.map((s): StepProgress => ({ kind: 'started', id: s.id, title: s.title })),
    ...shuffled.map((s): StepProgress => ({
      kind: 'finished',
      step: s.id === 'login' ? { ...s, detail: 'first wording' } : s,
    })),
    { kind: 'finished', step: r.steps.find((s) => s.id === 'login')! },
  ];
  const chunks: string[] = [];
  const live = liveStepList((t: TermText) => chunks.push(toTerminal(t, false)), { columns: 200, redact: false });
  for (const e of events) live.onProgress(e);
  live.finish(r);
  const { screens, final } = terminal(chunks);
  for (const s of screens) {
    const idx = s.map((l) => order(l));
    assert.ok(
      idx.every((i) => i >= 0),
      s.join('\n'),
    );
    assert.deepEqual(
      idx,
      [...idx].sort((a, b) => a - b),
      `out of display order:\n${s.join('\n')}`,
    );
    assert.equal(new Set(s).size, s.length, 'no line twice');
  }
  const expected = toTerminal(renderSummary(r, true), false).split('\n').slice(0, r.steps.length);
  assert.deepEqual(final, expected);
  assert.ok(!final.some((l) => l.includes('first wording')), 'the revised step is shown revised, once');
});

test('live lines fit the terminal; under --redact they carry no detail until the redacted report is drawn', () => {
  const r = failingReport();
  const chunks: string[] = [];
  const live = liveStepList((t: TermText) => chunks.push(toTerminal(t, false)), { columns: 80, redact: true });
  for (const s of r.steps) live.onProgress({ kind: 'finished', step: s });
  const during = chunks.join('');
  for (const name of [NAMES.user, NAMES.realm, NAMES.address, NAMES.host])
    assert.ok(!during.toLowerCase().includes(name.toLowerCase()), `${name} shown live`);
  live.finish(redact(r));
  const { final } = terminal(chunks);
  assert.ok(
    final.every((l) => [...l].length <= 80),
    final.find((l) => [...l].length > 80),
  );
  assert.ok(
    final.some((l) => /ip-1/.test(l)),
    'the redacted details are drawn at the end',
  );
  assert.ok(!final.join('\n').includes(NAMES.address));
});

test('one time format: ISO 8601 to the second, with or without the offset the source gave', () => {
  assert.equal(formatTime('2026-12-02T12:36:24.000Z'), '2026-12-02T12:36:24Z');
  assert.equal(formatTime('2026-12-02T12:36:24.067Z'), '2026-12-02T12:36:24Z');
  assert.equal(formatTime('2026-12-02 12:36:24Z'), '2026-12-02T12:36:24Z');
  assert.equal(formatTime('2026-12-02T12:38:20'), '2026-12-02T12:38:20', 'a local time stays without offset');
  assert.equal(formatTime(null), '—');
});

test('on a terminal the Why/You can/Helpdesk paragraphs wrap under their label; in a file each is one line', () => {
  const report = failingReport();
  const diagnosis = report.diagnosis!;
  const onTerminal = toTerminal(renderSummary(report, false, 60), false).split('\n');
  const why = onTerminal.findIndex((line) => line.startsWith('Why:       '));
  const continued = onTerminal.slice(why + 1).findIndex((line) => !line.startsWith(' '.repeat(11)));
  assert.ok(continued > 0, `the cause continues under its label:\n${onTerminal.join('\n')}`);
  assert.ok(
    onTerminal.every((line) => line.length < 60 || !/\s/.test(line.trim())),
    onTerminal.join('\n'),
  );
  const inFile = toTerminal(renderSummary(report, false), false).split('\n');
  assert.ok(inFile.includes(`Why:       ${diagnosis.cause}`));
  assert.ok(inFile.includes(`Helpdesk:  ${diagnosis.fixHelpdesk}`));
});
