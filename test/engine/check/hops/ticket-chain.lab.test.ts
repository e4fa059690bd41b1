// The chain, the steps and the diagnosis of a check come from the same facts and never disagree: every lab
// scenario, on the MIT path and on the check's Windows path. A hop the check never requested is not called
// a missing trust; a missing ticket names no issuer; "the trust works" is said only when it did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckReport, Hop, Step } from '../../../../electron/contract/report';
import { renderMarkdown } from '../../../../electron/engine/report/render-markdown';
import { reportContradictions } from '../../../../electron/engine/report/report-consistency';
import { formatChain } from '../../../../electron/engine/tickets/format-tickets';
import { scenarioReports } from '../../../lab/scenario-reports';
import { windowsCodeFor } from '../../../lab/windows-differences';

const STEP_OF: Record<Hop['kind'], Step['id']> = { tgt: 'tgt', referral: 'referral', service: 'service-ticket' };
const ABSENCE = new Set([
  'CHAIN_NO_TGT',
  'CHAIN_NO_REFERRAL',
  'CHAIN_SERVICE_TICKET_MISSING',
  'CHAIN_REFERRAL_WITHOUT_SERVICE',
]);
const ABOUT_THE_TRUST = new Set(['NO_CROSS_REALM_TRUST', 'TRUST_KEY_MISMATCH']);

/** Every way this report's chain, steps and diagnosis disagree, in words. */
export function disagreements(r: CheckReport): string[] {
  const out = reportContradictions(r).map((c) => `${c.kind}: ${c.message}`);
  const step = (id: Step['id']) => r.steps.find((s) => s.id === id);
  const chain = r.chain;
  if (!chain) return out;
  for (const h of chain.hops) {
    const s = step(STEP_OF[h.kind]);
    if (!s) continue;
    if ((h.status === 'ok' || h.status === 'expiring') && s.status === 'skip')
      out.push(`${h.kind} hop is ${h.status} but its step was skipped: ${s.detail}`);
    if (h.status === 'missing' && s.status === 'pass' && h.note !== 'not listed in the cache')
      out.push(`${h.kind} hop is missing but its step passed: ${s.detail}`);
    if (h.status === 'missing' && s.status === 'skip' && !h.note?.startsWith('not requested'))
      out.push(`${h.kind} hop is missing, never requested, and does not say so (note: ${h.note ?? 'none'})`);
  }
  for (const f of chain.findings) {
    if (f.severity === 'error' && r.verdict === 'pass')
      out.push(`the check passed but the chain reports an error: ${f.code} ${f.message}`);
    if (!ABSENCE.has(f.code) || f.severity !== 'error') continue;
    const kind: Hop['kind'] =
      f.code === 'CHAIN_NO_TGT' ? 'tgt' : f.code === 'CHAIN_NO_REFERRAL' ? 'referral' : 'service';
    const s = step(STEP_OF[kind]);
    if (s && s.status !== 'fail') out.push(`${f.code} is an error while the ${kind} step is ${s.status}: ${s.detail}`);
    if (/never requested|missing trust/.test(f.message) && s?.status === 'fail')
      out.push(`${f.code} guesses ("${f.message}") where the check knows the KDC was asked`);
  }
  const referral = chain.hops.find((h) => h.kind === 'referral');
  const saysTrustWorks = r.steps.some((s) => /the trust works/i.test(s.detail));
  if (saysTrustWorks && referral?.status !== 'ok' && referral?.status !== 'expiring')
    out.push('a step says "the trust works" without a valid referral in the chain');
  if (saysTrustWorks && r.diagnosis && ABOUT_THE_TRUST.has(r.diagnosis.code))
    out.push(`a step says "the trust works" while the diagnosis is ${r.diagnosis.code}`);
  if (r.diagnosis && ABOUT_THE_TRUST.has(r.diagnosis.code) && step('referral')?.status === 'skip')
    out.push(`the diagnosis blames the trust (${r.diagnosis.code}) but the referral was never requested`);
  // Printed chains (their hop lines name `server @ realm`; a step's detail may say "issued by" of a certificate): a
  // missing ticket names no issuer.
  for (const line of [...renderMarkdown(r).split('\n'), ...formatChain(chain).split('\n')]) {
    if (
      / @ \S/.test(line) &&
      /missing/i.test(line) &&
      /\bissued by\b|\bfrom [A-Z.]+\s+MISSING/.test(line) &&
      !/would be issued by|would come from/.test(line)
    )
      out.push(`a missing hop names an issuer: ${line.trim()}`);
  }
  return out;
}

test(
  'in every lab scenario the chain, the steps and the diagnosis agree (MIT and Windows paths)',
  { timeout: 600_000 },
  async () => {
    const found: string[] = [];
    let scenarios = 0;
    for await (const s of scenarioReports()) {
      scenarios += 1;
      for (const [path, r] of [
        ['MIT', s.mit],
        ['Windows', s.windows],
      ] as const) {
        const expected = path === 'Windows' ? windowsCodeFor(s.scenario, s.expectedCode) : s.expectedCode;
        assert.equal(r.diagnosis?.code ?? null, expected, `${s.scenario} (${path}) gives its code`);
        for (const d of disagreements(r)) found.push(`${s.scenario} (${path}): ${d}`);
      }
    }
    assert.deepEqual(found, []);
    assert.ok(scenarios >= 20, `ran ${scenarios} scenarios`);
  },
);
