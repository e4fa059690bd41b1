// A check's diagnosis: every hop says, per step, what it saw where the path broke; this is where that
// evidence becomes codes and where the root cause is chosen — by the one root-cause order the pasted-text
// analysis uses too, so a check and the helpdesk's analysis of the same facts agree.
import { STEP_IDS, type Diagnosis, type StepId } from '../../contract/index';
import { analyzeEvidence, ROOT_CAUSE_ORDER } from './classify';
import type { Evidence } from './evidence';
import { isWindowsFact } from './registry';

/** What one step of a check saw where the path broke (a failure, or the facts that explain one). */
export interface StepEvidence {
  step: StepId;
  evidence: Evidence[];
}

/** The root cause of a check, or null when no step's evidence shows a failure. */
export function diagnoseCheck(found: readonly StepEvidence[]): Diagnosis | null {
  // The Windows device facts (build, session, realm routing, proxies) explain failures in any step: each step is
  // read with them. When the device uses the modern flow (a cloud TGT is held), the on-premises KDC has no part
  // in the path, so its step is not blamed.
  const shared = found.flatMap((f) => f.evidence.filter(isWindowsFact));
  const modern = shared.some((e) => e.kind === 'windows-flow' && e.using === 'modern');
  let best: { diagnosis: Diagnosis; rank: number; step: number } | null = null;
  for (const stepFound of found) {
    if (modern && stepFound.step === 'kdc-user') continue;
    const own = new Set(stepFound.evidence);
    const { diagnosis } = analyzeEvidence([...stepFound.evidence, ...shared.filter((e) => !own.has(e))]);
    if (!diagnosis) continue;
    const rank = ROOT_CAUSE_ORDER.indexOf(diagnosis.code);
    const step = STEP_IDS.indexOf(stepFound.step);
    if (!best || rank < best.rank || (rank === best.rank && step < best.step)) best = { diagnosis, rank, step };
  }
  return best?.diagnosis ?? null;
}
