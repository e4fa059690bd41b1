// Turns whatever ended a connection attempt into one diagnosis. The phase the connection had reached and
// whether the server ever sent a byte are what tell "unreachable" from "something answered, wrongly".
import type { DiagnosisCode } from '../../contract/codes';
import { isDiagnosisCode } from '../../contract/codes';
import { KerbProbeError } from '../errors';
import { classifyLoginErrors, type TokenMechanism } from './classify-login';
import { findCause, LoginRejectedError, SqlProbeError } from './sql-errors';
import type { ConnectionPhase } from './tedious-kerberos';

export type SqlStage = 'tcp' | 'tls' | 'login' | 'redirect' | 'query';

export interface ConnectAttempt {
  /** `host:port (address)` as shown in evidence. */
  target: string;
  phase: ConnectionPhase;
  bytesReceived: number;
  tlsHandshake: boolean;
  /** True for the connection to the server a gateway routed us to. */
  routed: boolean;
  /** Our own budget ran out (not a user cancel). */
  budgetExpired: boolean;
  cancelled: boolean;
  elapsedMs: number;
  mechanism: TokenMechanism;
}

export interface Classified {
  code: DiagnosisCode;
  evidence: string[];
  stage: SqlStage;
}

const UNREACHABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
  'ENETDOWN',
  'EHOSTDOWN',
]);
const CLOSED_ERRNO = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

const REDIRECT_ADVICE =
  'with the Redirect connection policy the client must also reach the node on ports 11000–11999; ' +
  'open them, or switch the instance to the Proxy policy';

function stageOf(phase: ConnectionPhase, routed: boolean): SqlStage {
  if (routed) return 'redirect';
  if (phase === 'tcp' || phase === 'prelogin') return 'tcp';
  if (phase === 'tls') return 'tls';
  if (phase === 'login') return 'login';
  return 'query';
}

function unreachable(a: ConnectAttempt, why: string): Classified {
  if (a.routed) {
    return {
      code: 'REDIRECT_BLOCKED',
      stage: 'redirect',
      evidence: [`the gateway redirected us to ${a.target}, which ${why}`, REDIRECT_ADVICE],
    };
  }
  return { code: 'SQL_UNREACHABLE', stage: 'tcp', evidence: [`${a.target} ${why}`] };
}

/** The operating system's error code (ECONNREFUSED...), skipping tedious' own codes (ESOCKET...). */
function errnoOf(err: unknown): string | undefined {
  const hit = findCause(err, (e): e is NodeJS.ErrnoException => {
    const x = e as NodeJS.ErrnoException;
    return typeof x?.code === 'string' && (typeof x.syscall === 'string' || typeof x.errno === 'number');
  });
  return hit?.code;
}

function messages(err: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let cur: unknown = err;
  while (cur instanceof Error && !seen.has(cur) && parts.length < 4) {
    seen.add(cur);
    parts.push(cur.message);
    cur = cur.cause;
  }
  return parts.join(' ← ') || String(err);
}

export function classifyConnectError(err: unknown, attempt: ConnectAttempt): Classified {
  const known = classifyKnownError(err, attempt);
  if (known) return known;
  if (attempt.cancelled)
    return {
      code: 'UNKNOWN',
      stage: stageOf(attempt.phase, attempt.routed),
      evidence: [`cancelled during ${attempt.phase} after ${Math.round(attempt.elapsedMs)} ms`],
    };

  const timedOut = attempt.budgetExpired || (err as { code?: string })?.code === 'ETIMEOUT';
  if (timedOut) return classifyTimeout(attempt);
  return classifyTransportError(err, attempt);
}

/** What our own code, the server's login errors or the Kerberos layer already classified. */
function classifyKnownError(err: unknown, attempt: ConnectAttempt): Classified | null {
  const probe = findCause(err, (e): e is SqlProbeError => e instanceof SqlProbeError);
  if (probe) {
    const stage =
      probe.code === 'TLS_UNTRUSTED' || probe.code === 'TLS_NAME_MISMATCH'
        ? attempt.routed
          ? 'redirect'
          : 'tls'
        : stageOf(attempt.phase, attempt.routed);
    return {
      code: probe.code,
      evidence: attempt.routed
        ? [`on the redirected connection to ${attempt.target}`, ...probe.evidence]
        : probe.evidence,
      stage,
    };
  }
  const rejected = findCause(err, (e): e is LoginRejectedError => e instanceof LoginRejectedError);
  if (rejected) {
    const classified = classifyLoginErrors(rejected.errors, attempt.mechanism);
    return { ...classified, stage: attempt.routed ? 'redirect' : 'login' };
  }
  const kerb = findCause(err, (e): e is KerbProbeError => e instanceof KerbProbeError && isDiagnosisCode(e.code));
  if (kerb)
    return {
      code: kerb.code as DiagnosisCode,
      evidence: [kerb.message],
      stage: stageOf(attempt.phase, attempt.routed),
    };
  return null;
}

/** The budget ran out: where the connection was says which failure it is. */
function classifyTimeout(attempt: ConnectAttempt): Classified {
  if (attempt.phase === 'tcp')
    return unreachable(
      attempt,
      `did not accept a TCP connection within ${Math.round(attempt.elapsedMs)} ms ` +
        '(filtered, or nothing routes there)',
    );
  if (attempt.bytesReceived === 0 && !attempt.tlsHandshake) {
    return unreachable(
      attempt,
      `accepted the TCP connection but never answered (nothing received within ${Math.round(attempt.elapsedMs)} ms)`,
    );
  }
  return {
    code: 'PROTOCOL_ERROR',
    stage: stageOf(attempt.phase, attempt.routed),
    evidence: [
      `${attempt.target} stopped answering during ${attempt.phase} after sending ${attempt.bytesReceived} bytes ` +
        `(gave up after ${Math.round(attempt.elapsedMs)} ms)`,
    ],
  };
}

/** Socket and TLS errors: unreachable, closed, not encrypting, or a TLS handshake that failed. */
function classifyTransportError(err: unknown, attempt: ConnectAttempt): Classified {
  const errno = errnoOf(err);
  if (errno === 'ENOTFOUND' || errno === 'EAI_AGAIN') {
    return attempt.routed
      ? unreachable(attempt, `cannot be resolved (${errno})`)
      : { code: 'DNS_FAILURE', stage: 'tcp', evidence: [`cannot resolve ${attempt.target}: ${errno}`] };
  }
  if (attempt.phase === 'tcp' && errno && UNREACHABLE_ERRNO.has(errno))
    return unreachable(attempt, `refused or dropped the TCP connection (${errno})`);

  const closed =
    (errno && CLOSED_ERRNO.has(errno)) ||
    /unexpected end of message stream|socket hang up|Connection lost/i.test(messages(err));
  if (closed) {
    if (attempt.phase === 'tcp' || (attempt.bytesReceived === 0 && !attempt.tlsHandshake)) {
      return unreachable(
        attempt,
        'accepted the TCP connection, then closed it without a TDS answer (is this a SQL endpoint?)',
      );
    }
    return {
      code: 'PROTOCOL_ERROR',
      stage: stageOf(attempt.phase, attempt.routed),
      evidence: [
        `${attempt.target} closed the connection during ${attempt.phase} without an error message`,
        messages(err),
      ],
    };
  }
  if ((err as { code?: string })?.code === 'EENCRYPT') {
    return {
      code: 'PROTOCOL_ERROR',
      stage: 'tls',
      evidence: [`${attempt.target} did not offer TLS; Azure SQL MI always encrypts`, messages(err)],
    };
  }
  if (attempt.phase === 'tls') {
    return {
      code: 'PROTOCOL_ERROR',
      stage: attempt.routed ? 'redirect' : 'tls',
      evidence: [
        `the TLS handshake with ${attempt.target} failed: ${messages(err)}`,
        'if the server does not speak TDS 8.0 strict, try --encrypt mandatory (TDS 7.4)',
      ],
    };
  }
  return {
    code: attempt.bytesReceived > 0 ? 'PROTOCOL_ERROR' : 'UNKNOWN',
    stage: stageOf(attempt.phase, attempt.routed),
    evidence: [`${attempt.target}: ${messages(err)}`],
  };
}
