// Hop 4: can this machine reach a KDC of every realm on the path, and does its clock agree with them?
// The service realm's KDC is known from the host name alone, so its probe starts at once; the user's
// realm is known once the cache is read. The clock is read from the KDCs' own KRB-ERROR replies.
import type { StepId } from '../../../contract/index';
import type { Evidence } from '../../diagnose/evidence';
import { proxiesForRealm } from '../../environment/kdc-proxy-policy';
import {
  locatedRealm,
  probeRealm,
  probeRealmConfig,
  realmTargets,
  type RealmProbeOutcome,
  type RealmTargets,
} from '../../net/realm-probe';
import type { RealmConfig } from '../../net/kdc-locations';
import { locateWindowsKdcs } from '../../net/windows-kdc-locator';
import type { Hop, HopContext } from '../hop';
import type { Platform } from '../platform';
import { serviceRealm, type RealmDeps } from '../realms';
import { errorText } from '../hop-text';
import { ticketsHop } from './tickets';
import { CLOUD_REALM } from '../../../contract/azure';

export type KdcRole = 'user' | 'cloud';

export interface KdcDeps extends RealmDeps {
  /** Null when there is nothing to probe (no KDC configured or found). Windows finds them first: a promise. */
  kdcTargets(realm: string, signal?: AbortSignal): RealmTargets | null | Promise<RealmTargets | null>;
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
const KDC_PROBE_BUDGET_MS = 1500;
const SKEW_LIMIT_S = 300;
const SKEW_WARN_S = 60;

async function probe(ctx: HopContext<KdcDeps>, realm: string, role: KdcRole): Promise<KdcProbe | null> {
  const targets = await ctx.deps.kdcTargets(realm, ctx.signal);
  const step: StepId = role === 'user' ? 'kdc-user' : targets?.proxy ? 'kdc-proxy' : 'kdc-cloud';
  if (!targets || targets.kdcs.length === 0) {
    ctx.steps.record(
      step,
      'skip',
      `no KDC configured or found for ${realm}${targets?.note ? ` (${targets.note})` : ''}: the ticket steps ` +
        `show whether one answered`,
    );
    return null;
  }
  if (role === 'cloud' && targets.proxy)
    ctx.steps.record(
      'kdc-cloud',
      'skip',
      `${realm} is reached only through the KDC proxy (${targets.kdcs.join(', ')})`,
    );
  const done = ctx.steps.start(step);
  return ctx.deps.probeKdc(realm, Math.min(KDC_PROBE_BUDGET_MS, ctx.remaining()), ctx.signal).then(
    (outcome) => {
      done(outcome.ok ? 'pass' : 'fail', outcome.detail, outcome.evidence);
      return { realm, step, outcome };
    },
    (err: unknown) => {
      const text = errorText(err);
      done('fail', text, [text]);
      return {
        realm,
        step,
        outcome: { ok: false, ms: 0, detail: text, evidence: [text], failure: 'unreachable', results: [] },
      };
    },
  );
}

/** Why a probed KDC counts as unreachable, in the classifier's words. */
export function unreachableEvidence(p: KdcProbe, role: KdcRole): Evidence {
  const stage = role === 'user' ? 'kdc' : p.step === 'kdc-proxy' ? 'kdc-proxy' : 'kdc-cloud';
  return {
    kind: 'socket',
    code: p.outcome.failure ?? 'unreachable',
    stage,
    realm: p.realm,
    detail: p.outcome.evidence.join('; ') || p.outcome.detail,
  };
}

export const kdcsHop: Hop<KdcsOut, KdcDeps> = {
  name: 'kdcs',
  needs: [ticketsHop],
  async run(ctx) {
    const cloudRealm = serviceRealm(ctx.target, ctx.deps);
    const cloudProbe = probe(ctx, cloudRealm, 'cloud');
    const tickets = await ctx.need(ticketsHop);
    let userProbe: Promise<KdcProbe | null> | null = null;
    if (tickets.trustFlow && tickets.userRealm) userProbe = probe(ctx, tickets.userRealm, 'user');
    else
      ctx.steps.record(
        'kdc-user',
        'skip',
        tickets.userRealm === cloudRealm ? 'cloud TGT: no on-premises KDC on the path' : 'no user realm known',
      );
    const [cloud, user] = await Promise.all([cloudProbe, userProbe]);

    const skews = [user, cloud].flatMap((probe) =>
      probe && typeof probe.outcome.skewSeconds === 'number'
        ? [{ realm: probe.realm, s: probe.outcome.skewSeconds }]
        : [],
    );
    let clock: KdcsOut['clock'] = null;
    if (skews.length === 0) ctx.steps.record('clock', 'skip', 'no KDC answered with its time');
    else {
      const worst = skews.reduce((a, b) => (Math.abs(b.s) > Math.abs(a.s) ? b : a));
      const text = skews.map((k) => `${k.realm}: ${k.s >= 0 ? '+' : ''}${k.s.toFixed(1)} s`).join(', ');
      const bad = Math.abs(worst.s) > SKEW_LIMIT_S;
      ctx.steps.record(
        'clock',
        bad ? 'fail' : Math.abs(worst.s) > SKEW_WARN_S ? 'warn' : 'pass',
        `KDC time vs this machine: ${text} (Kerberos allows 5 minutes)`,
      );
      if (bad) clock = { kind: 'clock', skewSeconds: -worst.s, against: worst.realm };
    }
    return { out: { ...(user ? { user } : {}), ...(cloud ? { cloud } : {}), clock } };
  },
  bind: (p) => (p.os === 'win32' ? bindWindows(p) : bindMit(p)),
};

function bindMit(p: Platform): KdcDeps {
  return {
    realmForHost: p.realmForHost,
    kdcTargets(realm) {
      const profile = p.profile();
      return profile ? realmTargets(realm, p.env, profile) : null;
    },
    probeKdc(realm, budgetMs, signal) {
      const profile = p.profile();
      return probeRealm(realm, { budgetMs, signal, env: p.env, ...(profile ? { profile } : {}) });
    },
  };
}

/** How long the Windows KDC locator (DNS SRV + nltest) may take before the probe's own budget starts. */
export const KDC_LOCATE_BUDGET_MS = 2000;

/**
 * Windows has no krb5.conf: a realm's KDCs are the DCs the DC locator finds (DNS SRV, `nltest /dsgetdc:`), and
 * where the KDC proxy policy maps the realm (the cloud realm: https://login.microsoftonline.com/<tenant>/kerberos)
 * its proxies. The Kerberos client uses a proxy "when a domain controller can't be located" (Policy CSP
 * ADMX_Kerberos/KdcProxyServer, cited in environment/kdc-proxy-policy.ts), so located DCs come first.
 * Each realm is located once per check; the probe then targets exactly what was found.
 */
function bindWindows(platform: Platform): KdcDeps {
  const located = new Map<string, Promise<{ cfg: RealmConfig; evidence: string[] }>>();
  const locate = (realm: string, signal?: AbortSignal) => {
    const key = realm.toUpperCase();
    let found = located.get(key);
    if (!found) {
      found = (async () => {
        const policy = await platform.kdcProxyPolicy();
        const mapping = proxiesForRealm(realm, policy.mappings);
        const evidence = mapping
          ? [`KDC proxy policy maps ${realm} (by ${mapping.suffix}) to ${mapping.urls.join(', ')}`]
          : [];
        // The Entra realm has no domain controllers to locate: only its proxy reaches it.
        const dcs =
          key === CLOUD_REALM
            ? { kdcs: [], evidence: [] }
            : await locateWindowsKdcs(realm, {
                budgetMs: KDC_LOCATE_BUDGET_MS,
                ...(signal ? { signal } : {}),
                run: platform.runTool,
                ...(platform.dnsServers ? { dnsServers: platform.dnsServers } : {}),
              });
        const useProxy = dcs.kdcs.length === 0 && mapping !== null;
        const cfg = locatedRealm(realm, {
          kdcs: dcs.kdcs,
          ...(useProxy ? { proxyUrls: mapping.urls } : {}),
          ...(platform.kdcProxyAnchors ? { anchors: platform.kdcProxyAnchors } : {}),
        });
        return { cfg, evidence: [...dcs.evidence, ...evidence] };
      })();
      located.set(key, found);
    }
    return found;
  };
  return {
    realmForHost: platform.realmForHost,
    async kdcTargets(realm, signal) {
      const { cfg, evidence } = await locate(realm, signal);
      const kdcs = [...cfg.kdcs.map((k) => `${k.host}:${k.port}`), ...cfg.proxies.map((x) => x.url)];
      return kdcs.length
        ? { realm, kdcs, proxy: cfg.proxies.length > 0 }
        : { realm, kdcs, proxy: false, note: evidence.join('; ') || 'no DC found and no KDC proxy policy for it' };
    },
    async probeKdc(realm, budgetMs, signal) {
      const { cfg, evidence } = await locate(realm, signal);
      return probeRealmConfig(cfg, { budgetMs, signal }, evidence);
    },
  };
}
