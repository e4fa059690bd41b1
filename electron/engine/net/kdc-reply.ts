// What a KDC said to our probe AS-REQ, and what that tells us: alive, which error, and its clock.
import { DerReader } from '../krb-wire/der';
import { readKrbError, type KrbErrorInfo } from '../krb-wire/krb-error';

export const KDC_REPLY_MALFORMED = 'KDC_REPLY_MALFORMED';
/** Largest KDC reply we accept over TCP/HTTPS; real KRB-ERRORs are a few hundred bytes. */
export const MAX_KDC_REPLY = 64 * 1024;

export type KdcReply = { kind: 'krb-error'; error: KrbErrorInfo } | { kind: 'as-rep' };

/** Parse one Kerberos message sent back to an AS-REQ. Throws ParseError(KDC_REPLY_MALFORMED). */
export function parseKdcReply(bytes: Uint8Array): KdcReply {
  const r = new DerReader(KDC_REPLY_MALFORMED, 'KDC reply');
  if (bytes.length > MAX_KDC_REPLY) r.fail(`reply of ${bytes.length} bytes is too large`);
  const node = r.decode(bytes);
  if (r.isTag(node, 2, 30)) return { kind: 'krb-error', error: readKrbError(r, node) };
  if (r.isTag(node, 2, 11)) {
    r.fields(r.application(node, 11, 'AS-REP'), 'AS-REP');
    return { kind: 'as-rep' };
  }
  return r.fail(`not a Kerberos reply (tag class ${node.idBlock.tagClass}, number ${node.idBlock.tagNumber})`);
}

export interface ClockReading {
  /** KDC clock minus ours, in seconds (positive: the KDC is ahead). */
  skewSeconds: number;
  serverTime: string;
  localTime: string;
}

/** Compare the KDC's stime with our clock at the midpoint of the exchange. */
export function clockReading(err: KrbErrorInfo, sentAtMs: number, receivedAtMs: number): ClockReading {
  const mid = (sentAtMs + receivedAtMs) / 2;
  return {
    skewSeconds: Math.round((err.serverTime.getTime() - mid) / 100) / 10,
    serverTime: err.serverTime.toISOString(),
    localTime: new Date(mid).toISOString(),
  };
}
