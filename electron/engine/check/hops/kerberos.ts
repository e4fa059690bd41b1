// Hop 5: the service ticket for MSSQLSvc/<fqdn>:<port> through the native binding (GSSAPI / SSPI) — across
// the trust with a referral, or straight from the cloud TGT — and the token it yields, inspected before
// anything is sent. The acquisition starts as soon as the cache is read, beside the KDC probes (kdcs.ts): their
// findings are read only when it fails — or when a probe finds a KDC on the path unreachable first, which ends the
// wait for an acquisition that would only hang (the 27-second trap).
import { acquireInitialToken, inspectionSummary, type TokenSummary } from '../../kerberos/acquire';
import { KerbProbeError } from '../../errors';
import type { Evidence } from '../../diagnose/evidence';
import type { StepEvidence } from '../../diagnose/diagnose-check';
import { klistFailureEvidence } from '../../diagnose/sources/klist-substatus-evidence';
import { parseKlistGet, type KlistGetResult } from '../../tickets/windows-klist-get';
import type { Hop } from '../hop';
import { errorText, fmtTime } from '../hop-text';
import { kdcsHop, unreachableEvidence, type KdcsOut } from './kdcs';
import { pathTickets, ticketsHop } from './tickets';

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
    const tickets = await need(ticketsHop);
    const skipRest = (referral: string, service: string) => {
      steps.record('referral', 'skip', referral);
      steps.record('service-ticket', 'skip', service);
      steps.record('token', 'skip', 'no service ticket');
    };
    if (!tickets.tgtValid && !tickets.cachedService && !tickets.cacheUnlisted) {
      skipRest('needs a valid TGT', 'needs a valid TGT');
      return notAttempted();
    }
    /** A KDC on the path that a probe found unreachable (a cached service ticket needs none). */
    const downOf = (kdcs: KdcsOut) => {
      if (tickets.cachedService) return undefined;
      const userDown = tickets.trustFlow && kdcs.user && !kdcs.user.outcome.ok ? kdcs.user : undefined;
      const cloudDown = kdcs.cloud && !kdcs.cloud.outcome.ok ? kdcs.cloud : undefined;
      const down = userDown ?? cloudDown;
      return down ? { down, role: userDown ? ('user' as const) : ('cloud' as const) } : undefined;
    };
    const unreachable = ({ down, role }: NonNullable<ReturnType<typeof downOf>>) => {
      skipRest(
        `not attempted: the ${role === 'user' ? `${tickets.userRealm} KDC` : 'Entra Kerberos KDC'} is unreachable`,
        'not attempted: a KDC on the path is unreachable',
      );
      // A referral an earlier acquisition left in the cache is shown as such: only the cloud KDC is missing.
      const cached =
        role === 'cloud' && tickets.trustFlow && tickets.set
          ? pathTickets(tickets.set, tickets, target).referral
          : undefined;
      if (cached)
        steps.record(
          'referral',
          'pass',
          `krbtgt/${cached.server.split('/')[1] ?? ''}@${cached.serverRealm} already in the cache, valid until ` +
            `${fmtTime(cached.end)}; the unreachable KDC is the service ticket's`,
        );
      return notAttempted([{ step: down.step, evidence: [unreachableEvidence(down, role)] }]);
    };

    // The probes first: a native call cannot be stopped once started, and one left waiting on a silent KDC holds
    // the process at exit until the library gives up (MIT: ~27 s) — Node's exit joins the thread it runs on, so a
    // verdict out in 1.5 s still left `kerbprobe check` running 27 s (the CLI matrix, kdc-blackhole). A probe is one
    // exchange with each KDC on the path, beside everything else the check does.
    const kdcs = await need(kdcsHop);
    const probedDown = downOf(kdcs);
    if (probedDown) return unreachable(probedDown);

    steps.start('service-ticket');
    const t0 = performance.now();
    const settled = await deps
      .acquire({ host: target.server, port: target.port }, Math.min(remaining(), ACQUIRE_BUDGET_MS), signal)
      .then(
        (acquired) => ({ acquired }),
        (err: unknown) => ({ err }),
      );
    let acquired: AcquiredToken;
    if ('acquired' in settled) acquired = settled.acquired;
    else {
      const err = settled.err;
      if (cancelled()) throw err;
      steps.record('token', 'skip', 'no service ticket');
      const text = errorText(err);
      // The binding attaches typed evidence (the GSS text and its stage); give it the user's realm.
      const typed = (err as { evidence?: Evidence[] }).evidence;
      const timedOut = !typed?.length && err instanceof KerbProbeError && err.code === 'TIMEOUT';
      // SSPI's texts name no realm: when the user's own KDC is known to answer (or there is none on the path),
      // the realm it could not get a ticket from is the service's.
      const sspiRealm = !tickets.trustFlow || kdcs.user?.outcome.ok === true ? tickets.serviceRealm : undefined;
      const evidence: Evidence[] = typed?.length
        ? typed.map((item) =>
            item.kind === 'gss'
              ? { ...item, ...(tickets.userRealm ? { userRealm: tickets.userRealm } : {}), referral: tickets.trustFlow }
              : item.kind === 'sspi' && sspiRealm && !item.realm
                ? { ...item, realm: sspiRealm }
                : item,
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
      if (kdcs.clock) evidence.push(kdcs.clock);
      // Windows' own view of the same tickets: `klist get` prints the LSA substatus (0x6fb, 0x51f, 0x52f…).
      const asked = [target.spn, ...(tickets.trustFlow ? [`krbtgt/${tickets.serviceRealm}`] : [])];
      evidence.push(
        ...(await deps.explain(asked, tickets.userRealm, Math.min(remaining(), EXPLAIN_BUDGET_MS)).catch(() => [])),
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
  bind: (hostPlatform) => ({
    async acquire(target, budgetMs, signal) {
      const expectedRealm = hostPlatform.realmForHost(target.host) ?? undefined;
      // The native binding is the one built for this process (SSPI on Windows, GSSAPI elsewhere): its platform is
      // the process's, whatever OS's tools the platform context reads — unless the OS services bring their own
      // SSPI, whose answers are then Windows' (Negotiate, then the Kerberos package).
      const acquired = await acquireInitialToken(target, {
        env: hostPlatform.krbEnv,
        callBudgetMs: budgetMs,
        signal,
        ...(expectedRealm ? { expectedRealm } : {}),
        ...(hostPlatform.sspi ? { platform: 'win32' as const, createContext: hostPlatform.sspi } : {}),
      });
      return { token: acquired.token, context: acquired, inspection: inspectionSummary(acquired) };
    },
    async explain(tickets, userRealm, budgetMs) {
      if (hostPlatform.os !== 'win32' || budgetMs <= 0) return [];
      const told = await Promise.all(
        tickets.map(async (name) => {
          const result = await hostPlatform
            .runTool('klist', ['get', name], { timeoutMs: budgetMs, env: hostPlatform.env, anyExitCode: true })
            .catch(() => null);
          if (!result) return [];
          let parsed: KlistGetResult;
          try {
            parsed = parseKlistGet(result.stdout);
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
