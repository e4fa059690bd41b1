// MS-KKDCP probe: the same AS-REQ as the KDC probe, wrapped in a KDC-PROXY-MESSAGE and POSTed over HTTPS
// to the proxy (on Windows, Entra's https://login.microsoftonline.com/<tenant>/kerberos). A KRB-ERROR in
// the reply proves proxy, TLS trust and the KDC behind it in one go.
import { readBoundedSync } from '../read-bounded';
import * as asn1js from 'asn1js';
import { buildAsReq } from '../krb-wire/as-req';
import { DerReader } from '../krb-wire/der';
import { interpretReply, type KdcProbeResult } from './kdc';
import { classifySocketError } from './tcp';
import { MAX_KDC_REPLY } from './kdc-reply';
import type { ClockReading } from './kdc-reply';
import { elapsed } from './probe-result';
import { startBudget } from './budget';
import { boundedHttps } from './bounded-https';
import { ParseError } from '../errors';

export interface KkdcpProbeOptions {
  realm: string;
  url: string;
  /** PEM CA files (krb5.conf `http_anchors`); the system store when empty. */
  anchors?: string[];
  budgetMs?: number;
  signal?: AbortSignal;
  clockSkew?: number;
}

const KKDCP_MALFORMED = 'KKDCP_REPLY_MALFORMED';
const DEFAULT_BUDGET_MS = 2500;

/**
 * KDC-PROXY-MESSAGE ::= SEQUENCE { kerb-message [0] OCTET STRING, target-domain [1] KERB-REALM OPTIONAL, dclocator-hint
 * [2] INTEGER OPTIONAL }
 */
export function encodeProxyMessage(krbMessage: Uint8Array, realm: string): Buffer {
  const framed = Buffer.alloc(4 + krbMessage.length);
  framed.writeUInt32BE(krbMessage.length, 0);
  Buffer.from(krbMessage).copy(framed, 4);
  const ctx = (n: number, inner: asn1js.BaseBlock) =>
    new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });
  const seq = new asn1js.Sequence({
    value: [ctx(0, new asn1js.OctetString({ valueHex: framed })), ctx(1, new asn1js.GeneralString({ value: realm }))],
  });
  return Buffer.from(seq.toBER());
}

/** RFC 9110's IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const HTTP_DATE = new RegExp(
  '^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\\d{4}) ' +
    '(\\d{2}):(\\d{2}):(\\d{2}) GMT$',
);

/**
 * An HTTP `Date` header (RFC 9110 §5.6.7 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`) as a clock reading
 * against our clock at the midpoint of the exchange; null when absent or unreadable. Its resolution is one
 * second, so ±1 s is noise.
 */
export function httpDateReading(date: string | undefined, sentAtMs: number, receivedAtMs: number): ClockReading | null {
  if (!date) return null;
  const match = HTTP_DATE.exec(date.trim());
  if (!match) return null;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(match[2]!);
  const dateMs = Date.UTC(
    Number(match[3]),
    month,
    Number(match[1]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6]),
  );
  const back = new Date(dateMs);
  if (
    Number.isNaN(dateMs) ||
    back.getUTCDate() !== Number(match[1]) ||
    Number(match[4]) > 23 ||
    Number(match[5]) > 59 ||
    Number(match[6]) > 60
  )
    return null;
  const mid = (sentAtMs + receivedAtMs) / 2;
  return {
    skewSeconds: Math.round((dateMs - mid) / 100) / 10,
    serverTime: back.toISOString(),
    localTime: new Date(mid).toISOString(),
  };
}

/** Unwrap a proxy reply to the Kerberos message inside. Throws ParseError(KKDCP_REPLY_MALFORMED). */
export function decodeProxyMessage(body: Uint8Array): Uint8Array {
  const r = new DerReader(KKDCP_MALFORMED, 'KDC proxy reply');
  const f = r.fields(r.decode(body), 'KDC-PROXY-MESSAGE');
  const framed = r.octets(r.need(f, 0, 'kerb-message'), 'kerb-message');
  if (framed.length < 5) r.fail('kerb-message is too short');
  const len = Buffer.from(framed.buffer, framed.byteOffset, framed.byteLength).readUInt32BE(0);
  if (len !== framed.length - 4) r.fail(`kerb-message announces ${len} bytes but holds ${framed.length - 4}`);
  return framed.subarray(4);
}

export async function probeKkdcp(opts: KkdcpProbeOptions): Promise<KdcProbeResult> {
  const t0 = process.hrtime.bigint();
  const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
  const budget = startBudget(budgetMs, opts.signal);
  const base = { realm: opts.realm, kdc: opts.url, transport: 'https' as const };
  const what = `KDC proxy ${opts.url}`;
  const fail = (failure: KdcProbeResult['failure'], detail: string, evidence: string[]): KdcProbeResult => ({
    ...base,
    ok: false,
    ms: elapsed(t0),
    failure,
    detail,
    evidence,
  });
  let ca: Buffer[] | undefined;
  try {
    ca = opts.anchors?.length ? opts.anchors.map((f) => readBoundedSync(f, 'caFile')) : undefined;
  } catch {
    budget.dispose();
    return fail('config', `The proxy's CA file (http_anchors) cannot be read: ${opts.anchors?.join(', ')}.`, [
      `http_anchors unreadable: ${opts.anchors?.join(', ')}`,
    ]);
  }
  const body = encodeProxyMessage(buildAsReq({ realm: opts.realm }).bytes, opts.realm);
  const sentAt = Date.now();
  try {
    const res = await post(opts.url, body, ca, budget.signal);
    if (res.status !== 200) {
      return fail(
        'http',
        `${what} answered HTTP ${res.status}: the URL is wrong, or a web proxy or firewall intercepted it.`,
        [`${what}: HTTP ${res.status} (${res.contentType || 'no content type'})`],
      );
    }
    let inner: Uint8Array;
    try {
      inner = decodeProxyMessage(res.body);
    } catch (err) {
      const looksHtml = /html/i.test(res.contentType) || /^\s*</.test(res.body.subarray(0, 64).toString('latin1'));
      return fail(
        'protocol',
        `${what} answered, but not with a Kerberos proxy ` +
          `message${looksHtml ? ' (an HTML page: a captive portal, web proxy or wrong URL)' : ''}.`,
        [`${what}: ${err instanceof Error ? err.message : String(err)}`],
      );
    }
    const receivedAt = Date.now();
    const out = interpretReply({ ...base, t0, sentAt, receivedAt, reply: inner, clockSkew: opts.clockSkew ?? 300 });
    const httpDate = httpDateReading(res.date, sentAt, receivedAt);
    return {
      ...out,
      detail: out.ok ? `${what} relayed a KDC answer for ${opts.realm} (${out.ms.toFixed(1)} ms).` : out.detail,
      ...(httpDate
        ? {
            httpDate,
            evidence: [
              ...out.evidence,
              `${what}: HTTP Date ${httpDate.serverTime}: proxy clock ` +
                `${httpDate.skewSeconds >= 0 ? '+' : ''}${httpDate.skewSeconds} s`,
            ],
          }
        : {}),
    };
  } catch (probeError) {
    if (budget.timedOut())
      return fail('timeout', `${what} did not answer within ${budgetMs} ms.`, [`${what}: no reply in ${budgetMs} ms`]);
    if (probeError instanceof ParseError)
      return fail('protocol', `${what} sent an unusable reply.`, [`${what}: ${probeError.message}`]);
    const code = (probeError as NodeJS.ErrnoException).code ?? '';
    if (
      /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|HOSTNAME|ALTNAME|SSL/i.test(code) ||
      /certificate|altnames/i.test((probeError as Error).message)
    ) {
      return fail(
        'tls',
        `${what}: its TLS certificate is not trusted or does not name the host (TLS inspection, or a missing ` +
          `http_anchors CA).`,
        [`${what}: ${code || (probeError as Error).message}`],
      );
    }
    const failure = classifySocketError(code);
    return fail(failure, `${what} cannot be reached (${code || (probeError as Error).message}).`, [
      `${what}: ${code || (probeError as Error).message}`,
    ]);
  } finally {
    budget.dispose();
  }
}

async function post(
  url: string,
  body: Buffer,
  ca: Buffer[] | undefined,
  signal: AbortSignal,
): Promise<{ status: number; contentType: string; date: string | undefined; body: Buffer }> {
  // Bounded in time by the probe's budget (its signal); a reply past MAX_KDC_REPLY is malformed.
  const answer = await boundedHttps(
    url,
    {
      method: 'POST',
      signal,
      ...(ca ? { ca } : {}),
      headers: {
        'Content-Type': 'application/kerberos',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
        Pragma: 'no-cache',
      },
      agent: false,
    },
    body,
    {
      maxBytes: MAX_KDC_REPLY,
      tooLarge: () => new ParseError(KKDCP_MALFORMED, `KDC proxy reply exceeds ${MAX_KDC_REPLY} bytes`),
    },
  );
  return {
    status: answer.status,
    contentType: String(answer.headers['content-type'] ?? ''),
    date: answer.headers.date,
    body: answer.body,
  };
}
