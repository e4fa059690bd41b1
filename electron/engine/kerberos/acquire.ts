// One call for the check: build the SPN from the typed name, get the first token through the native
// binding, and inspect it before anything is sent (an NTLMSSP token is diagnosed here, not at login).
import { ParseError } from '../errors';
import { createBindingContext, type BindingOptions, type BindingSecurityContext } from './binding';
import { checkTicketTarget, inspectToken, type TicketTargetCheck, type TokenInspection, type TokenMechanism } from '../krb-wire/token-inspect';
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

export async function acquireInitialToken(target: SecurityTarget, options: BindingOptions & { expectedRealm?: string } = {}): Promise<Acquisition> {
  const t0 = performance.now();
  const context = await createBindingContext(target, options);
  const token = await context.step();
  let inspection: TokenInspection | null = null;
  let inspectionError: string | null = null;
  try {
    inspection = inspectToken(token);
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    inspectionError = e.message;
  }
  const check = inspection
    ? checkTicketTarget(inspection, context.principal, options.expectedRealm)
    : { ok: false, problems: [`the token could not be read: ${inspectionError}`] };
  return { context, token, inspection, inspectionError, target: check, ms: performance.now() - t0 };
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
