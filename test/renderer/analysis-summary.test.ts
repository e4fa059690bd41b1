// What the Helpdesk view says about an analysis (renderer/src/lib/analysis-summary.ts), over analyses the real
// engine makes of real fixtures: never "no problem" above a warning, each finding once, and expiry judged as
// of the capture — never the moment the technician looks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeInputs } from '../../electron/engine/analyze/analyze-inputs';
import {
  analysisHeadline,
  chainReference,
  drawsChain,
  judgedAtText,
  listedFindings,
  readInPart,
} from '../../renderer/src/lib/analysis-summary';
import { chainNodes } from '../../renderer/src/lib/chain-view';

const fx = (p: string) => ({
  name: p,
  content: readFileSync(new URL(`../fixtures/windows/${p}`, import.meta.url), 'utf8'),
});
const app = (...names: string[]) => analyzeInputs(names.map(fx), { fallback: 'earliest' });

test('a warning is never under "No problem found": the headline says the warning', () => {
  const a = app('klist-old-build-rc4.txt');
  assert.equal(a.diagnosis, null);
  assert.deepEqual(
    a.inputs[0]?.findings.map((f) => f.severity),
    ['warn'],
  );
  const h = analysisHeadline(a);
  assert.equal(h.intent, 'warning');
  assert.equal(h.title, 'No failure found, but 1 warning to look at');
  assert.equal(analysisHeadline(app('klist-trust-flow.txt')).intent, 'success');
  // A chain error is a diagnosis (the engine's one verdict): the referral with no service ticket says where the
  // path stopped, not why.
  assert.equal(
    analysisHeadline(app('klist-referral-only.txt')).title,
    'Problem found: The failure could not be classified',
  );
  assert.match(analysisHeadline(app('klist-get-spn-not-found.txt')).title, /^Problem found: /);
});

test("each finding is shown once: by the chain diagram when it is drawn, else in the input's list", () => {
  const i = app('klist-old-build-rc4.txt').inputs[0]!;
  assert.ok(drawsChain(i));
  const shown = [...(i.ticketSet?.chain.findings ?? []), ...listedFindings(i)];
  assert.deepEqual(
    shown.map((f) => f.code),
    i.findings.map((f) => f.code),
  );
});

test('a six-day-old klist is judged as of its capture: no ticket "expired" because of when it is read', () => {
  const i = app('klist-trust-flow.txt').inputs[0]!;
  assert.equal(i.judgedAtSource, 'earliest');
  assert.match(judgedAtText(i, (iso) => iso) ?? '', /^Judged as of \S+ \(the newest ticket's start/);
  const ref = chainReference(i);
  assert.ok(ref);
  const nodes = chainNodes(i.ticketSet!.chain, i.ticketSet!.tickets, i.ticketSet!.defaultPrincipal, ref);
  assert.ok(
    nodes.every((n) => n.expiry === null || n.expiry.level !== 'expired'),
    JSON.stringify(nodes.map((n) => n.expiry)),
  );
  // What the page did before: the same chain relative to a week after the capture calls every ticket expired.
  const later = chainNodes(i.ticketSet!.chain, i.ticketSet!.tickets, null, new Date(ref.getTime() + 6 * 86_400_000));
  assert.ok(later.some((n) => n.expiry?.level === 'expired'));
});

test('a paste cut short: the headline says it was read only in part, never a plain "no problem"', () => {
  const content = readFileSync(new URL('../fixtures/real/klist/klist-en-truncated-cross-forest.txt', import.meta.url));
  const a = analyzeInputs([{ name: 'cut.txt', content }], { fallback: 'earliest' });
  const h = analysisHeadline(a);
  assert.equal(h.intent, 'warning');
  assert.match(h.detail, /1 input was cut short and read only in part: see the note\./);
  const input = a.inputs[0];
  assert.ok(input);
  assert.match(readInPart(input)[0] ?? '', /^klist output cut short: the paste ends inside ticket #2 \(from line 30\)/);
});
