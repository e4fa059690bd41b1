// A real KDC probe: send an AS-REQ for a principal that does not exist, get a KRB-ERROR back. That proves
// the KDC is alive and serves the realm (a TCP connect cannot), and its stime measures our clock skew.
// Every exchange runs within the caller's budget: a KDC that accepts and never answers costs the budget,
// not MIT's ~27 s.
import { createSocket } from 'node:dgram';
import { buildAsReq } from '../krb-wire/as-req';
import { KerbProbeError, ParseError } from '../errors';
import { connectTcp, classifySocketError } from './tcp';
import {
  clockReading,
  parseKdcReply,
  MAX_KDC_REPLY,
  KDC_REPLY_MALFORMED,
  type ClockReading,
  type KdcReply,
} from './kdc-reply';
import { elapsed, type ProbeFailure, type ProbeResult } from './probe-result';
import { startBudget, type Budget } from './budget';
import type { KdcLocation, RealmConfig } from './kdc-locations';
import { formatTime } from '../../contract/format';

export interface KdcProbeOptions {
  realm: string;
  host: string;
  port: number;
  transport: 'tcp' | 'udp';
  budgetMs?: number;
  signal?: AbortSignal;
  /** Allowed skew in seconds (krb5.conf `clockskew`, default 300). */
  clockSkew?: number;
  /** The AS-REQ to send, when the caller has built it already (one per realm probe); else one is built here. */
  request?: Buffer;
}

export interface KdcProbeResult extends ProbeResult {
  realm: string;
  kdc: string;
  transport: 'tcp' | 'udp' | 'https';
  /** The KRB-ERROR the KDC answered with (6 principal unknown, 25 pre-auth required, …). */
  krbError?: { code: number; name: string; realm: string; eText: string | null };
  clock?: ClockReading & { withinTolerance: boolean; toleranceSeconds: number };
  offeredEnctypes?: string[];
  /** A KDC proxy's HTTP `Date` header as a clock reading (1 s resolution): the proxy's clock, not the KDC's. */
  httpDate?: ClockReading;
}

const DEFAULT_BUDGET_MS = 1500;

export async function probeKdc(opts: KdcProbeOptions): Promise<KdcProbeResult> {
  const t0 = process.hrtime.bigint();
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  const budget = startBudget(budgetMs, opts.signal);
  const kdc = `${opts.host}:${opts.port}`;
  const base = { realm: opts.realm, kdc, transport: opts.transport } as const;
  const bytes = opts.request ?? buildAsReq({ realm: opts.realm }).bytes;
  const sentAt = Date.now();
  try {
    const reply =
      opts.transport === 'tcp'
        ? await exchangeTcp(opts.host, opts.port, bytes, budget)
        : await exchangeUdp(opts.host, opts.port, bytes, budget);
    return interpretReply({ ...base, t0, sentAt, receivedAt: Date.now(), reply, clockSkew: opts.clockSkew ?? 300 });
  } catch (err) {
    return {
      ...base,
      ...failureResult(err, budget, budgetMs, `KDC ${kdc} (${opts.transport.toUpperCase()}, realm ${opts.realm})`),
      ms: elapsed(t0),
    };
  } finally {
    budget.dispose();
  }
}

export function interpretReply(exchange: {
  realm: string;
  kdc: string;
  transport: 'tcp' | 'udp' | 'https';
  t0: bigint;
  sentAt: number;
  receivedAt: number;
  reply: Uint8Array;
  clockSkew: number;
}): KdcProbeResult {
  const base = { realm: exchange.realm, kdc: exchange.kdc, transport: exchange.transport };
  let parsed: KdcReply;
  try {
    parsed = parseKdcReply(exchange.reply);
  } catch (parseError) {
    return {
      ...base,
      ok: false,
      ms: elapsed(exchange.t0),
      failure: 'protocol',
      detail:
        `${exchange.kdc} answered, but not with Kerberos: it is not a KDC for ${exchange.realm}, or something in ` +
        `between altered the reply.`,
      evidence: [`${exchange.kdc}: ${parseError instanceof Error ? parseError.message : String(parseError)}`],
    };
  }
  const ms = elapsed(exchange.t0);
  if (parsed.kind === 'as-rep') {
    return {
      ...base,
      ok: true,
      ms,
      detail: `KDC ${exchange.kdc} for ${exchange.realm} answered (${ms.toFixed(1)} ms).`,
      evidence: [`${exchange.kdc}: AS-REP`],
    };
  }
  const err = parsed.error;
  const clock = clockReading(err, exchange.sentAt, exchange.receivedAt);
  const withinTolerance = Math.abs(clock.skewSeconds) <= exchange.clockSkew;
  const evidence = [
    `${exchange.kdc} (${exchange.transport}): KRB-ERROR ${err.errorCode} ` +
      `${err.errorName}${err.eText ? ` "${err.eText}"` : ''} for realm ${err.realm}`,
    `KDC time ${formatTime(clock.serverTime)}, local ${formatTime(clock.localTime)}: skew ${clock.skewSeconds} ` +
      `s (tolerance ${exchange.clockSkew} s)`,
  ];
  if (err.offeredEnctypes.length)
    evidence.push(`KDC offers enctypes: ${err.offeredEnctypes.map((x) => x.name).join(', ')}`);
  const wrongRealm = err.realm.toUpperCase() !== exchange.realm.toUpperCase();
  if (wrongRealm) evidence.push(`the KDC answered for realm ${err.realm}, not ${exchange.realm}`);
  return {
    ...base,
    ok: !wrongRealm,
    ms,
    detail: wrongRealm
      ? `${exchange.kdc} is a KDC, but for realm ${err.realm}, not ${exchange.realm}.`
      : `KDC ${exchange.kdc} for ${exchange.realm} answered (${ms.toFixed(1)} ms); clock ` +
        `${withinTolerance ? 'within' : 'OUTSIDE'} tolerance (${clock.skewSeconds} s).`,
    evidence,
    ...(wrongRealm ? { failure: 'protocol' as const } : {}),
    krbError: { code: err.errorCode, name: err.errorName, realm: err.realm, eText: err.eText },
    clock: { ...clock, withinTolerance, toleranceSeconds: exchange.clockSkew },
    offeredEnctypes: err.offeredEnctypes.map((x) => x.name),
  };
}

export function failureResult(err: unknown, budget: Budget, budgetMs: number, what: string): Omit<ProbeResult, 'ms'> {
  if (budget.timedOut()) {
    return {
      ok: false,
      failure: 'timeout',
      detail: `${what} did not answer within ${budgetMs} ms.`,
      evidence: [`${what}: no reply in ${budgetMs} ms`],
    };
  }
  if (err instanceof ParseError || (err instanceof KerbProbeError && err.code === KDC_REPLY_MALFORMED)) {
    return {
      ok: false,
      failure: 'protocol',
      detail: `${what} sent something that is not a Kerberos reply.`,
      evidence: [`${what}: ${err.message}`],
    };
  }
  const code = (err as NodeJS.ErrnoException).code;
  const failure: ProbeFailure =
    err instanceof KerbProbeError && err.code === 'KDC_CLOSED' ? 'closed' : classifySocketError(code);
  const text: Partial<Record<ProbeFailure, string>> = {
    refused: `${what} refused the connection (nothing listens there).`,
    unreachable: `${what} is unreachable (no route).`,
    closed: `${what} closed the connection without a reply.`,
    reset: `${what} reset the connection.`,
    dns: `${what}: the KDC's name does not resolve.`,
  };
  return {
    ok: false,
    failure,
    detail: text[failure] ?? `${what} failed.`,
    evidence: [`${what}: ${code ?? (err instanceof Error ? err.message : String(err))}`],
  };
}

/** RFC 4120 §7.2.2: 4-byte big-endian length, then the message, both ways. */
function exchangeTcp(host: string, port: number, msg: Buffer, budget: Budget): Promise<Uint8Array> {
  return connectTcp(host, port, budget.signal).then(
    (sock) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let have = 0;
        let want = -1;
        const done = (err: Error | null, value?: Uint8Array) => {
          budget.signal.removeEventListener('abort', onAbort);
          sock.removeAllListeners('data');
          sock.destroy();
          if (err) reject(err);
          else resolve(value!);
        };
        const onAbort = () => done(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
        budget.signal.addEventListener('abort', onAbort, { once: true });
        sock.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          have += chunk.length;
          if (want < 0 && have >= 4) {
            const len = Buffer.concat(chunks).readUInt32BE(0);
            if (len & 0x80000000)
              return done(new ParseError(KDC_REPLY_MALFORMED, 'KDC reply uses the reserved length bit'));
            if (len > MAX_KDC_REPLY)
              return done(new ParseError(KDC_REPLY_MALFORMED, `KDC reply announces ${len} bytes`));
            if (len === 0) return done(new ParseError(KDC_REPLY_MALFORMED, 'KDC reply is empty'));
            want = len;
          }
          if (want >= 0 && have >= want + 4) {
            const all = Buffer.concat(chunks);
            if (have > want + 4)
              return done(new ParseError(KDC_REPLY_MALFORMED, `${have - want - 4} bytes after the KDC reply`));
            done(null, all.subarray(4, 4 + want));
          }
        });
        sock.once('error', (e) => done(e));
        sock.once('close', () =>
          done(
            have > 0
              ? new ParseError(KDC_REPLY_MALFORMED, `KDC reply truncated after ${have} bytes`)
              : new KerbProbeError('KDC_CLOSED', 'the KDC closed the connection without replying'),
          ),
        );
        const frame = Buffer.alloc(4 + msg.length);
        frame.writeUInt32BE(msg.length, 0);
        msg.copy(frame, 4);
        sock.write(frame);
      }),
  );
}

function exchangeUdp(host: string, port: number, msg: Buffer, budget: Budget): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const done = (err: Error | null, value?: Uint8Array) => {
      budget.signal.removeEventListener('abort', onAbort);
      sock.removeAllListeners();
      sock.on('error', () => undefined);
      sock.close();
      if (err) reject(err);
      else resolve(value!);
    };
    const onAbort = () => done(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    if (budget.signal.aborted) {
      onAbort();
      return;
    }
    budget.signal.addEventListener('abort', onAbort, { once: true });
    sock.on('error', (e) => done(e));
    // ICMP port unreachable surfaces as ECONNREFUSED only on a connected UDP socket.
    sock.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      sock.on('message', (d) => done(null, d));
      sock.send(msg);
    });
  });
}

/** Probe every KDC the realm's configuration names (TCP always; UDP too when MIT would use it). */
export async function probeRealmKdcs(
  cfg: RealmConfig,
  opts: { budgetMs?: number; signal?: AbortSignal } = {},
): Promise<KdcProbeResult[]> {
  // One AS-REQ for every KDC and transport of the realm: building one (asn1js) costs milliseconds of the thread
  // the check's SQL connection is starting on, and a probe's KRB-ERROR answer does not depend on its nonce.
  const request = buildAsReq({ realm: cfg.realm }).bytes;
  const requestSize = request.length;
  const jobs: Promise<KdcProbeResult>[] = [];
  const add = (loc: KdcLocation, transport: 'tcp' | 'udp') =>
    jobs.push(
      probeKdc({
        realm: cfg.realm,
        host: loc.host,
        port: loc.port,
        transport,
        clockSkew: cfg.clockSkew,
        request,
        ...opts,
      }),
    );
  for (const loc of cfg.kdcs) {
    if (loc.transport !== 'udp') add(loc, 'tcp');
    if (loc.transport === 'udp' || (loc.transport === 'any' && requestSize < cfg.udpPreferenceLimit)) add(loc, 'udp');
  }
  return Promise.all(jobs);
}
