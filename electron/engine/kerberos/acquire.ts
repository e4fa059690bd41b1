// One call for the check: build the SPN from the typed name, get the first token through the native
// binding, and inspect it before anything is sent (an NTLMSSP token is diagnosed here, not at login).
import { ParseError } from '../errors';
import { createBindingContext, type BindingOptions, type BindingSecurityContext } from './binding';
import {
  checkTicketTarget,
  inspectToken,
  type TicketTargetCheck,
  type TokenInspection,
  type TokenMechanism,
} from '../krb-wire/token-inspect';
import type { Evidence } from '../diagnose/evidence';
import type { SecurityTarget } from './security-context';

export interface Acquisition {
  context: BindingSecurityContext;
  /** The first token to put in LOGIN7 (never logged or shown). */
  token: Buffer;
  inspection: TokenInspection | null;
  /** Why the token could not be read, when it could not. */
  inspectionError: string | null;
  /** Does the ticket name exactly our SPN (and the expected realm, when given)? */
  target: TicketTargetCheck;
  ms: number;
}

export interface AcquireOptions extends BindingOptions {
  expectedRealm?: string;
  /** How a security context is made (the native binding; a fake in unit tests of this logic). */
  createContext?: (target: SecurityTarget, options: BindingOptions) => Promise<BindingSecurityContext>;
}

async function attempt(target: SecurityTarget, options: AcquireOptions): Promise<Acquisition> {
  const t0 = performance.now();
  const context = await (options.createContext ?? createBindingContext)(target, options);
  const token = await context.step();
  let inspection: TokenInspection | null = null;
  let inspectionError: string | null = null;
  try {
    inspection = inspectToken(token);
  } catch (err) {
    if (!(err instanceof ParseError)) throw err;
    inspectionError = err.message;
  }
  const check = inspection
    ? checkTicketTarget(inspection, context.principal, options.expectedRealm)
    : { ok: false, problems: [`the token could not be read: ${inspectionError}`] };
  return { context, token, inspection, inspectionError, target: check, ms: performance.now() - t0 };
}

const NEGOTIATE_CHOSE_NTLM: Evidence = {
  kind: 'token',
  mechanism: 'ntlm',
  detail: 'Negotiate produced an NTLMSSP token',
};

/** The evidence a failure carries (GssError and the binding's classified errors attach it). */
function evidenceOf(err: unknown): Evidence[] {
  return (err as { evidence?: Evidence[] }).evidence ?? [];
}

/**
 * The first token for `target`. On Windows the default is SSPI "Negotiate", as SSMS uses; when Negotiate
 * falls back to NTLM or fails, the "Kerberos" package is asked too, because only it says why Kerberos did
 * not work (SEC_E_TARGET_UNKNOWN, SEC_E_NO_CREDENTIALS, SEC_E_TIME_SKEW… — Negotiate hides them behind
 * NTLM). Its failure is then the evidence, with the NTLM fallback kept beside it, so the NTLM verdict stays
 * exactly when the Kerberos package gives no recognisable reason. The binding maps the KRB5 mechanism to the
 * "Kerberos" package and SPNEGO to "Negotiate" (mongodb-js/kerberos src/win32/kerberos_win32.cc).
 */
export async function acquireInitialToken(target: SecurityTarget, options: AcquireOptions = {}): Promise<Acquisition> {
  const negotiate = (options.platform ?? process.platform) === 'win32' && options.mechanism === undefined;
  if (!negotiate) return attempt(target, options);
  const kerberosOnly = { ...options, mechanism: 'krb5' as const };
  let first: Acquisition;
  try {
    first = await attempt(target, options);
  } catch (err) {
    if (options.signal?.aborted) throw err;
    try {
      return await attempt(target, kerberosOnly);
    } catch (krbErr) {
      throw withEvidence(krbErr, evidenceOf(err));
    }
  }
  if (!first.inspection?.ntlmFallback) return first;
  try {
    return await attempt(target, kerberosOnly);
  } catch (krbErr) {
    if (options.signal?.aborted) throw krbErr;
    throw withEvidence(krbErr, [NEGOTIATE_CHOSE_NTLM]);
  }
}

/** The Kerberos package's failure, with what Negotiate showed added to its evidence. */
function withEvidence(err: unknown, more: Evidence[]): unknown {
  if (!(err instanceof Error)) return err;
  const evidence = [...evidenceOf(err), ...more];
  return Object.assign(err, { evidence });
}

/** What the check shows of a token: names and numbers only, never its bytes. */
export interface TokenSummary {
  mechanism: TokenMechanism;
  serverName?: string;
  realm?: string;
  enctype?: string;
  kvno?: number;
  detail: string;
}

/** The compact view the check report uses: names and numbers only. */
export function inspectionSummary(a: Acquisition): TokenSummary {
  const i = a.inspection;
  if (!i) return { mechanism: 'unknown', detail: a.inspectionError ?? 'unreadable token' };
  const mechanism = i.ntlmFallback ? 'ntlm' : i.mechanism;
  const t = i.ticket;
  return {
    mechanism,
    ...(t ? { serverName: t.components.join('/'), realm: t.realm, enctype: t.enctypeName } : {}),
    ...(t && t.kvno !== null ? { kvno: t.kvno } : {}),
    detail: [...i.summary, ...a.target.problems].join('; '),
  };
}
