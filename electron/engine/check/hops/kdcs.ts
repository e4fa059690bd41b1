// Hop 4: can this machine reach a KDC of every realm on the path, and does its clock agree with them?
// The service realm's KDC is known from the host name alone, so its probe starts at once; the user's
// realm is known once the cache is read. The clock is read from the KDCs' own KRB-ERROR replies.
import type { StepId } from '../../../contract/index';
import type { Evidence } from '../../diagnose/evidence';
import { probeRealm, realmTargets, type RealmProbeOutcome, type RealmTargets } from '../../net/realm-probe';
import type { Hop, HopContext } from '../hop';
import { serviceRealm, type RealmDeps } from '../realms';
import { errorText } from '../text';
import { ticketsHop } from './tickets';

export type KdcRole = 'user' | 'cloud';

export interface KdcDeps extends RealmDeps {
  /** Null when the platform locates KDCs itself (Windows DC locator, DNS SRV): nothing to probe. */
  kdcTargets(realm: string): RealmTargets | null;
  probeKdc(realm: string, budgetMs: number, signal: AbortSignal): Promise<RealmProbeOutcome>;
}

export interface KdcProbe {
  realm: string;
  step: StepId;
  outcome: RealmProbeOutcome;
}

export interface KdcsOut {
  user?: KdcProbe;
  cloud?: KdcProbe;
  /** The clock offset against the KDC that differs most, when it is beyond the tolerance. */
  clock: Extract<Evidence, { kind: 'clock' }> | null;
}

/** A KDC that accepts and never answers is given this long before we call it unreachable. */
export const KDC_PROBE_BUDGET_MS = 1500;
const SKEW_LIMIT_S = 300;
const SKEW_WARN_S = 60;

function probe(ctx: HopContext<KdcDeps>, realm: string, role: KdcRole): Promise<KdcProbe> | null {
  const targets = ctx.deps.kdcTargets(realm);
  const step: StepId = role === 'user' ? 'kdc-user' : targets?.proxy ? 'kdc-proxy' : 'kdc-cloud';
  if (!targets || targets.kdcs.length === 0) {
    ctx.steps.record(step, 'skip', `no KDC configured for ${realm}: the platform locates it (DC locator / DNS); the ticket steps show whether it answered`);
    return null;
  }
  if (role === 'cloud' && targets.proxy) ctx.steps.record('kdc-cloud', 'skip', `${realm} is reached only through the KDC proxy (${targets.kdcs.join(', ')})`);
  const done = ctx.steps.start(step);
  return ctx.deps.probeKdc(realm, Math.min(KDC_PROBE_BUDGET_MS, ctx.remaining()), ctx.signal).then((outcome) => {
    done(outcome.ok ? 'pass' : 'fail', outcome.detail, outcome.evidence);
    return { realm, step, outcome };
  }, (err: unknown) => {
    const text = errorText(err);
    done('fail', text, [text]);
    return { realm, step, outcome: { ok: false, ms: 0, detail: text, evidence: [text], failure: 'unreachable', results: [] } };
  });
}

/** Why a probed KDC counts as unreachable, in the classifier's words. */
export function unreachableEvidence(p: KdcProbe, role: KdcRole): Evidence {
  const stage = role === 'user' ? 'kdc' : p.step === 'kdc-proxy' ? 'kdc-proxy' : 'kdc-cloud';
  return { kind: 'socket', code: p.outcome.failure ?? 'unreachable', stage, realm: p.realm, detail: p.outcome.evidence.join('; ') || p.outcome.detail };
}

export const kdcsHop: Hop<KdcsOut, KdcDeps> = {
  name: 'kdcs',
  needs: [ticketsHop],
  async run(ctx) {
    const cloudRealm = serviceRealm(ctx.target, ctx.deps);
    const cloudProbe = probe(ctx, cloudRealm, 'cloud');
    const t = await ctx.need(ticketsHop);
    let userProbe: Promise<KdcProbe> | null = null;
    if (t.trustFlow && t.userRealm) userProbe = probe(ctx, t.userRealm, 'user');
    else ctx.steps.record('kdc-user', 'skip', t.userRealm === cloudRealm ? 'cloud TGT: no on-premises KDC on the path' : 'no user realm known');
    const [cloud, user] = await Promise.all([cloudProbe, userProbe]);

    const skews = [user, cloud].flatMap((p) => (p && typeof p.outcome.skewSeconds === 'number' ? [{ realm: p.realm, s: p.outcome.skewSeconds }] : []));
    let clock: KdcsOut['clock'] = null;
    if (skews.length === 0) ctx.steps.record('clock', 'skip', 'no KDC answered with its time');
    else {
      const worst = skews.reduce((a, b) => (Math.abs(b.s) > Math.abs(a.s) ? b : a));
      const text = skews.map((k) => `${k.realm}: ${k.s >= 0 ? '+' : ''}${k.s.toFixed(1)} s`).join(', ');
      const bad = Math.abs(worst.s) > SKEW_LIMIT_S;
      ctx.steps.record('clock', bad ? 'fail' : Math.abs(worst.s) > SKEW_WARN_S ? 'warn' : 'pass', `KDC time vs this machine: ${text} (Kerberos allows 5 minutes)`);
      if (bad) clock = { kind: 'clock', skewSeconds: -worst.s, against: worst.realm };
    }
    return { out: { ...(user ? { user } : {}), ...(cloud ? { cloud } : {}), clock } };
  },
  bind: (p) => ({
    realmForHost: p.realmForHost,
    kdcTargets(realm) {
      const profile = p.profile();
      return profile ? realmTargets(realm, p.env, profile) : null;
    },
    probeKdc(realm, budgetMs, signal) {
      const profile = p.profile();
      return probeRealm(realm, { budgetMs, signal, env: p.env, ...(profile ? { profile } : {}) });
    },
  }),
};
