// Typed outcomes raised inside the SQL login path. Each carries a stable diagnosis code (or the facts a
// classifier needs to pick one) and evidence lines that are safe to show: never token or key bytes.
import type { DiagnosisCode } from '../../contract/codes';
import { KerbProbeError } from '../errors';

/** A failure already classified to a diagnosis code, with human-readable evidence. */
export class SqlProbeError extends KerbProbeError {
  override readonly code: DiagnosisCode;
  readonly evidence: string[];
  constructor(code: DiagnosisCode, message: string, evidence: string[] = [], options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'SqlProbeError';
    this.code = code;
    this.evidence = [message, ...evidence];
  }
}

/** One ERROR (0xAA) or INFO (0xAB) token the server sent during login, as SQL Server words it. */
export interface ServerMessage {
  number: number;
  state: number;
  class: number;
  message: string;
}

/** The server refused the login with SQL errors; which diagnosis it means depends on the token sent. */
export class LoginRejectedError extends KerbProbeError {
  readonly errors: ServerMessage[];
  constructor(errors: ServerMessage[]) {
    super('LOGIN_REJECTED', errors.map((e) => `SQL error ${e.number}: ${e.message}`).join('; ') || 'login rejected');
    this.name = 'LoginRejectedError';
    this.errors = errors;
  }
}

/** Not a failure: the gateway told us to log in again elsewhere (ENVCHANGE 20, Redirect policy). */
export class RoutingRequested extends Error {
  readonly server: string;
  readonly port: number;
  readonly instance: string | undefined;
  /** Whether the gateway itself returned an AP-REP that the context accepted. */
  readonly gatewayMutualAuth: boolean;
  constructor(server: string, port: number, instance: string | undefined, gatewayMutualAuth: boolean) {
    super(`routed to ${server}:${port}`);
    this.name = 'RoutingRequested';
    this.server = server;
    this.port = port;
    this.instance = instance;
    this.gatewayMutualAuth = gatewayMutualAuth;
  }
}

/** Walks `cause` chains (tedious wraps socket errors) and returns the first error matching `pred`. */
export function findCause<T extends Error>(err: unknown, pred: (candidate: unknown) => candidate is T): T | undefined {
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur && !seen.has(cur)) {
    if (pred(cur)) return cur;
    seen.add(cur);
    if (cur instanceof AggregateError) {
      for (const inner of cur.errors) {
        const hit = findCause(inner, pred);
        if (hit) return hit;
      }
    }
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}
