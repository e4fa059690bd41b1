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

export function classifyConnectError(err: unknown, a: ConnectAttempt): Classified {
  const probe = findCause(err, (e): e is SqlProbeError => e instanceof SqlProbeError);
  if (probe) {
    const stage =
      probe.code === 'TLS_UNTRUSTED' || probe.code === 'TLS_NAME_MISMATCH'
        ? a.routed
          ? 'redirect'
          : 'tls'
        : stageOf(a.phase, a.routed);
    return {
      code: probe.code,
      evidence: a.routed ? [`on the redirected connection to ${a.target}`, ...probe.evidence] : probe.evidence,
      stage,
    };
  }
  const rejected = findCause(err, (e): e is LoginRejectedError => e instanceof LoginRejectedError);
  if (rejected) {
    const c = classifyLoginErrors(rejected.errors, a.mechanism);
    return { ...c, stage: a.routed ? 'redirect' : 'login' };
  }
  const kerb = findCause(err, (e): e is KerbProbeError => e instanceof KerbProbeError && isDiagnosisCode(e.code));
  if (kerb) return { code: kerb.code as DiagnosisCode, evidence: [kerb.message], stage: stageOf(a.phase, a.routed) };

  if (a.cancelled)
    return {
      code: 'UNKNOWN',
      stage: stageOf(a.phase, a.routed),
      evidence: [`cancelled during ${a.phase} after ${Math.round(a.elapsedMs)} ms`],
    };

  const timedOut = a.budgetExpired || (err as { code?: string })?.code === 'ETIMEOUT';
  if (timedOut) {
    if (a.phase === 'tcp')
      return unreachable(
        a,
        `did not accept a TCP connection within ${Math.round(a.elapsedMs)} ms (filtered, or nothing routes there)`,
      );
    if (a.bytesReceived === 0 && !a.tlsHandshake) {
      return unreachable(
        a,
        `accepted the TCP connection but never answered (nothing received within ${Math.round(a.elapsedMs)} ms)`,
      );
    }
    return {
      code: 'PROTOCOL_ERROR',
      stage: stageOf(a.phase, a.routed),
      evidence: [
        `${a.target} stopped answering during ${a.phase} after sending ${a.bytesReceived} bytes ` +
          `(gave up after ${Math.round(a.elapsedMs)} ms)`,
      ],
    };
  }

  const errno = errnoOf(err);
  if (errno === 'ENOTFOUND' || errno === 'EAI_AGAIN') {
    return a.routed
      ? unreachable(a, `cannot be resolved (${errno})`)
      : { code: 'DNS_FAILURE', stage: 'tcp', evidence: [`cannot resolve ${a.target}: ${errno}`] };
  }
  if (a.phase === 'tcp' && errno && UNREACHABLE_ERRNO.has(errno))
    return unreachable(a, `refused or dropped the TCP connection (${errno})`);

  const closed =
    (errno && CLOSED_ERRNO.has(errno)) ||
    /unexpected end of message stream|socket hang up|Connection lost/i.test(messages(err));
  if (closed) {
    if (a.phase === 'tcp' || (a.bytesReceived === 0 && !a.tlsHandshake)) {
      return unreachable(
        a,
        'accepted the TCP connection, then closed it without a TDS answer (is this a SQL endpoint?)',
      );
    }
    return {
      code: 'PROTOCOL_ERROR',
      stage: stageOf(a.phase, a.routed),
      evidence: [`${a.target} closed the connection during ${a.phase} without an error message`, messages(err)],
    };
  }
  if ((err as { code?: string })?.code === 'EENCRYPT') {
    return {
      code: 'PROTOCOL_ERROR',
      stage: 'tls',
      evidence: [`${a.target} did not offer TLS; Azure SQL MI always encrypts`, messages(err)],
    };
  }
  if (a.phase === 'tls') {
    return {
      code: 'PROTOCOL_ERROR',
      stage: a.routed ? 'redirect' : 'tls',
      evidence: [
        `the TLS handshake with ${a.target} failed: ${messages(err)}`,
        'if the server does not speak TDS 8.0 strict, try --encrypt mandatory (TDS 7.4)',
      ],
    };
  }
  return {
    code: a.bytesReceived > 0 ? 'PROTOCOL_ERROR' : 'UNKNOWN',
    stage: stageOf(a.phase, a.routed),
    evidence: [`${a.target}: ${messages(err)}`],
  };
}
