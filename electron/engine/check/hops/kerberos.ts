// Hop 5: the service ticket for MSSQLSvc/<fqdn>:<port> through the native binding (GSSAPI / SSPI) — across
// the trust with a referral, or straight from the cloud TGT — and the token it yields, inspected before
// anything is sent. A KDC already known to be silent is never waited on (the 27-second trap).
import { acquireInitialToken, inspectionSummary, type TokenSummary } from '../../kerberos/acquire';
import { KerbProbeError } from '../../errors';
import type { Evidence } from '../../diagnose/evidence';
import type { StepEvidence } from '../../diagnose/diagnose-check';
import { klistFailureEvidence } from '../../diagnose/sources/klist-substatus-evidence';
import { parseKlistGet, type KlistGetResult } from '../../tickets/windows-klist-get';
import type { Hop } from '../hop';
import { errorText } from '../hop-text';
import { kdcsHop, unreachableEvidence } from './kdcs';
import { ticketsHop } from './tickets';

/** A first token and what it is; `context` finishes the exchange during login (mutual authentication). */
export interface AcquiredToken {
  token: Buffer;
  inspection: TokenSummary;
  context: unknown;
}

export interface KerberosDeps {
  acquire(target: { host: string; port: number }, budgetMs: number, signal: AbortSignal): Promise<AcquiredToken>;
  /** What the platform's own tools say about the tickets that failed (Windows: `klist get`); nothing elsewhere. */
  explain(tickets: string[], userRealm: string | null, budgetMs: number): Promise<Evidence[]>;
}

export interface KerberosOut {
  /** Null when no usable token was obtained. */
  acquired: AcquiredToken | null;
  /** The binding was asked for a ticket (the ticket-chain hop then re-reads the cache). */
  attempted: boolean;
  /** How long the acquisition took (the ticket-chain hop finishes the service-ticket step). */
  acquireMs: number;
  /**
   * Why the acquisition failed, when it did: the error text and the classifier's evidence. `timedOut`: it
   * outlived its budget — which KDC kept it waiting is known only once the cache shows how far it got.
   */
  failure: { text: string; evidence: Evidence[]; timedOut: boolean } | null;
}

/** The longest one acquisition may take inside the check's budget. */
const ACQUIRE_BUDGET_MS = 8000;
/** `klist get` after a failure: it asks the KDC again, so it gets a bound of its own. */
const EXPLAIN_BUDGET_MS = 3000;

const notAttempted = (evidence?: StepEvidence[]) => ({
  out: { acquired: null, attempted: false, acquireMs: 0, failure: null },
  ...(evidence ? { evidence } : {}),
});

export const kerberosHop: Hop<KerberosOut, KerberosDeps> = {
  name: 'kerberos',
  needs: [ticketsHop, kdcsHop],
  async run({ target, deps, steps, signal, remaining, cancelled, need }) {
    const t = await need(ticketsHop);
    const k = await need(kdcsHop);
    const skipRest = (referral: string, service: string) => {
      steps.record('referral', 'skip', referral);
      steps.record('service-ticket', 'skip', service);
      steps.record('token', 'skip', 'no service ticket');
    };
    if (!t.tgtValid && !t.cachedService) {
      skipRest('needs a valid TGT', 'needs a valid TGT');
      return notAttempted();
    }
    const userDown = t.trustFlow && k.user && !k.user.outcome.ok ? k.user : undefined;
    const cloudDown = k.cloud && !k.cloud.outcome.ok ? k.cloud : undefined;
    const down = userDown ?? cloudDown;
    if (!t.cachedService && down) {
      skipRest(
        `not attempted: the ${userDown ? `${t.userRealm} KDC` : 'Entra Kerberos KDC'} is unreachable`,
        'not attempted: a KDC on the path is unreachable',
      );
      return notAttempted([{ step: down.step, evidence: [unreachableEvidence(down, userDown ? 'user' : 'cloud')] }]);
    }

    steps.start('service-ticket');
    const t0 = performance.now();
    let acquired: AcquiredToken;
    try {
      acquired = await deps.acquire(
        { host: target.server, port: target.port },
        Math.min(remaining(), ACQUIRE_BUDGET_MS),
        signal,
      );
    } catch (err) {
      if (cancelled()) throw err;
      steps.record('token', 'skip', 'no service ticket');
      const text = errorText(err);
      // The binding attaches typed evidence (the GSS text and its stage); give it the user's realm.
      const typed = (err as { evidence?: Evidence[] }).evidence;
      const timedOut = !typed?.length && err instanceof KerbProbeError && err.code === 'TIMEOUT';
      // SSPI's texts name no realm: when the user's own KDC is known to answer (or there is none on the path),
      // the realm it could not get a ticket from is the service's.
      const sspiRealm = !t.trustFlow || k.user?.outcome.ok === true ? t.serviceRealm : undefined;
      const evidence: Evidence[] = typed?.length
        ? typed.map((e) =>
            e.kind === 'gss'
              ? { ...e, ...(t.userRealm ? { userRealm: t.userRealm } : {}), referral: t.trustFlow }
              : e.kind === 'sspi' && sspiRealm && !e.realm
                ? { ...e, realm: sspiRealm }
                : e,
          )
        : timedOut
          ? []
          : [
              {
                kind: 'engine-error',
                ...(err instanceof KerbProbeError ? { code: err.code } : {}),
                message: text,
                source: 'Kerberos',
              },
            ];
      // A clock beyond the tolerance explains a failed exchange (MIT says so itself; Windows often does not).
      if (k.clock) evidence.push(k.clock);
      // Windows' own view of the same tickets: `klist get` prints the LSA substatus (0x6fb, 0x51f, 0x52f…).
      const asked = [target.spn, ...(t.trustFlow ? [`krbtgt/${t.serviceRealm}`] : [])];
      evidence.push(
        ...(await deps.explain(asked, t.userRealm, Math.min(remaining(), EXPLAIN_BUDGET_MS)).catch(() => [])),
      );
      return {
        out: {
          acquired: null,
          attempted: true,
          acquireMs: performance.now() - t0,
          failure: { text, evidence, timedOut },
        },
      };
    }
    const acquireMs = performance.now() - t0;

    const insp = acquired.inspection;
    const done = steps.start('token');
    if (insp.mechanism === 'ntlm') {
      done('fail', 'the token is NTLMSSP: silent NTLM fallback, which Azure SQL MI rejects', [insp.detail]);
      return {
        out: { acquired: null, attempted: true, acquireMs, failure: null },
        evidence: [{ step: 'token', evidence: [{ kind: 'token', mechanism: 'ntlm', detail: insp.detail }] }],
      };
    }
    const mismatch = insp.serverName !== undefined && insp.serverName.toLowerCase() !== target.spn.toLowerCase();
    done(mismatch ? 'warn' : 'pass', insp.detail);
    return { out: { acquired, attempted: true, acquireMs, failure: null } };
  },
  bind: (p) => ({
    async acquire(target, budgetMs, signal) {
      const expectedRealm = p.realmForHost(target.host) ?? undefined;
      // The native binding is the one built for this process (SSPI on Windows, GSSAPI elsewhere): its platform is
      // the process's, whatever OS's tools the platform context reads — unless the OS services bring their own
      // SSPI, whose answers are then Windows' (Negotiate, then the Kerberos package).
      const a = await acquireInitialToken(target, {
        env: p.krbEnv,
        callBudgetMs: budgetMs,
        signal,
        ...(expectedRealm ? { expectedRealm } : {}),
        ...(p.sspi ? { platform: 'win32' as const, createContext: p.sspi } : {}),
      });
      return { token: a.token, context: a, inspection: inspectionSummary(a) };
    },
    async explain(tickets, userRealm, budgetMs) {
      if (p.os !== 'win32' || budgetMs <= 0) return [];
      const told = await Promise.all(
        tickets.map(async (name) => {
          const r = await p
            .runTool('klist', ['get', name], { timeoutMs: budgetMs, env: p.env, anyExitCode: true })
            .catch(() => null);
          if (!r) return [];
          let parsed: KlistGetResult;
          try {
            parsed = parseKlistGet(r.stdout);
          } catch {
            return [];
          }
          return parsed.ok ? [] : klistFailureEvidence(parsed, name, userRealm ?? undefined);
        }),
      );
      return told.flat();
    },
  }),
};
