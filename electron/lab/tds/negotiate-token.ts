// What a client's SSPI token is, and the same token in the one framing MIT's acceptor takes.
//
// SQL Server hands the LOGIN7 SSPI bytes ([MS-TDS] 2.2.6.4, ibSSPI/cbSSPI) to Windows' Negotiate package, which
// accepts, besides a raw Kerberos GSS token (RFC 4121 §4.1: [APPLICATION 0] { krb5 OID, TOK_ID 01 00, AP-REQ }):
//   - SPNEGO (RFC 4178 §4.2.1 NegTokenInit) listing the IETF Kerberos OID 1.2.840.113554.1.2.2 or Microsoft's
//     1.2.840.48018.1.2.2, which Windows clients list first (the mechanisms Windows negotiates: [MS-SPNG] 1.4 and
//     Appendix A <1>,
//     https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-spng/211417c4-11ef-46c0-a8fb-f178a51c2088);
//   - a mechToken that is a bare KRB_AP_REQ (RFC 4120 §5.5.1, [APPLICATION 14]) without the RFC 4121 framing:
//     impacket's mssqlclient sends exactly that and real SQL Servers log it in. This one is observed behaviour,
//     not something [MS-SPNG] or [MS-KILE] states.
// MIT's SPNEGO acceptor refuses the bare AP-REQ ("Invalid token was supplied"; it takes an unframed AP-REQ only
// in DCE style), so the lab frames it as RFC 4121 says before MIT sees it. Nothing else is changed: the AP-REQ,
// its ticket and its authenticator reach MIT byte for byte, and MIT still decides.
// Reads DER with every length checked against what remains; never keeps or prints token bytes.

export const OID_SPNEGO = '1.3.6.1.5.5.2';
export const OID_KRB5 = '1.2.840.113554.1.2.2';
export const OID_MS_KRB5 = '1.2.840.48018.1.2.2';
const MECH_NAMES: Record<string, string> = {
  [OID_KRB5]: 'Kerberos',
  [OID_MS_KRB5]: 'MS Kerberos',
  '1.2.840.113554.1.2.2.3': 'Kerberos user-to-user',
  '1.3.6.1.4.1.311.2.2.10': 'NTLM',
  '1.3.6.1.4.1.311.2.2.30': 'NEGOEX',
};

const TAG = { APPLICATION_0: 0x60, AP_REQ: 0x6e, OID: 0x06, OCTET_STRING: 0x04, SEQUENCE: 0x30 } as const;
const CONTEXT = (n: number): number => 0xa0 + n;
const KRB5_TOK_ID_AP_REQ = Buffer.from([0x01, 0x00]);

export type TokenShape = 'spnego-init' | 'spnego-resp' | 'krb5-gss' | 'krb5-ap-req-bare' | 'ntlmssp' | 'unknown';

export interface TokenDescription {
  shape: TokenShape;
  length: number;
  /** SPNEGO only: the initiator's mechanism list, OIDs in dotted form, in its order. */
  mechanisms: string[];
  /** SPNEGO only: what the optimistic mechToken is (or 'none'). */
  mechToken: TokenShape | 'none' | null;
  mechTokenLength: number | null;
}

export interface PreparedToken {
  description: TokenDescription;
  /** The bytes for MIT's gss_accept_sec_context: the client's own, or the same with the AP-REQ framed. */
  forAcceptor: Buffer;
  /** Whether a bare AP-REQ was framed (RFC 4121 §4.1) on the way. */
  framed: boolean;
}

interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** One DER element at `offset` (low tag numbers only, definite lengths of at most 4 bytes), or null. */
function readTlv(buf: Buffer, offset: number, limit = buf.length): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) return null;
  let length = buf[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const lengthBytes = length & 0x7f;
    if (lengthBytes === 0 || lengthBytes > 4 || contentStart + lengthBytes > limit) return null;
    length = 0;
    for (let i = 0; i < lengthBytes; i++) length = length * 256 + buf[contentStart + i]!;
    contentStart += lengthBytes;
  }
  const end = contentStart + length;
  return end > limit ? null : { tag, start: offset, contentStart, end };
}

/** The children of a constructed element, or null when they do not tile it exactly. */
function children(buf: Buffer, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const child = readTlv(buf, at, parent.end);
    if (!child) return null;
    out.push(child);
    at = child.end;
  }
  return out;
}

function oidText(bytes: Buffer): string {
  const arcs: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
    }
  }
  if (arcs.length === 0) return '';
  const first = arcs[0]!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), derLength(body.length), body]);
}

const KRB5_OID_DER = der(TAG.OID, Buffer.from('2a864886f712010202', 'hex'));

/** The RFC 4121 §4.1 InitialContextToken around a bare AP-REQ: [APPLICATION 0] { krb5 OID, 01 00, AP-REQ }. */
export function frameApReq(apReq: Buffer): Buffer {
  return der(TAG.APPLICATION_0, KRB5_OID_DER, KRB5_TOK_ID_AP_REQ, apReq);
}

/** [APPLICATION 0] with its mechanism OID and where the rest starts, or null. */
function gssHeader(buf: Buffer): { outer: Tlv; oid: string; rest: number } | null {
  const outer = readTlv(buf, 0);
  if (!outer || outer.tag !== TAG.APPLICATION_0 || outer.end !== buf.length) return null;
  const oid = readTlv(buf, outer.contentStart, outer.end);
  if (!oid || oid.tag !== TAG.OID) return null;
  return { outer, oid: oidText(buf.subarray(oid.contentStart, oid.end)), rest: oid.end };
}

/** A token's shape from its first bytes (no SPNEGO recursion). */
function plainShape(buf: Buffer): TokenShape {
  if (buf.subarray(0, 8).toString('latin1') === 'NTLMSSP\0') return 'ntlmssp';
  const whole = readTlv(buf, 0);
  if (whole && whole.end === buf.length && whole.tag === TAG.AP_REQ) return 'krb5-ap-req-bare';
  const header = gssHeader(buf);
  if (header && (header.oid === OID_KRB5 || header.oid === OID_MS_KRB5)) return 'krb5-gss';
  return 'unknown';
}

interface NegTokenInitParts {
  /** The NegTokenInit's own elements ([0] mechTypes, [1] reqFlags, [2] mechToken, [3] mechListMIC). */
  elements: Tlv[];
  mechanisms: string[];
  mechToken: Buffer | null;
}

function readNegTokenInit(buf: Buffer, header: { outer: Tlv; rest: number }): NegTokenInitParts | null {
  const choice = readTlv(buf, header.rest, header.outer.end);
  if (!choice || choice.tag !== CONTEXT(0) || choice.end !== header.outer.end) return null;
  const sequence = readTlv(buf, choice.contentStart, choice.end);
  if (!sequence || sequence.tag !== TAG.SEQUENCE || sequence.end !== choice.end) return null;
  const elements = children(buf, sequence);
  if (!elements) return null;
  let mechanisms: string[] = [];
  let mechToken: Buffer | null = null;
  for (const element of elements) {
    const inner = readTlv(buf, element.contentStart, element.end);
    if (!inner || inner.end !== element.end) return null;
    if (element.tag === CONTEXT(0)) {
      const list = inner.tag === TAG.SEQUENCE ? children(buf, inner) : null;
      if (!list || list.some((oid) => oid.tag !== TAG.OID)) return null;
      mechanisms = list.map((oid) => oidText(buf.subarray(oid.contentStart, oid.end)));
    } else if (element.tag === CONTEXT(2)) {
      if (inner.tag !== TAG.OCTET_STRING) return null;
      mechToken = buf.subarray(inner.contentStart, inner.end);
    }
  }
  return { elements, mechanisms, mechToken };
}

/** The NegTokenInit again, its mechToken replaced; mechTypes, reqFlags and mechListMIC kept byte for byte. */
function withMechToken(buf: Buffer, parts: NegTokenInitParts, mechToken: Buffer): Buffer {
  const elements = parts.elements.map((element) =>
    element.tag === CONTEXT(2)
      ? der(CONTEXT(2), der(TAG.OCTET_STRING, mechToken))
      : buf.subarray(element.start, element.end),
  );
  const spnegoOid = der(TAG.OID, Buffer.from('2b0601050502', 'hex'));
  return der(TAG.APPLICATION_0, spnegoOid, der(CONTEXT(0), der(TAG.SEQUENCE, ...elements)));
}

/** Describes the client's token and prepares the bytes MIT's acceptor is given. */
export function prepareToken(token: Buffer): PreparedToken {
  const description: TokenDescription = {
    shape: plainShape(token),
    length: token.length,
    mechanisms: [],
    mechToken: null,
    mechTokenLength: null,
  };
  if (description.shape === 'krb5-ap-req-bare') return { description, forAcceptor: frameApReq(token), framed: true };
  const header = gssHeader(token);
  if (!header || header.oid !== OID_SPNEGO) return { description, forAcceptor: token, framed: false };
  const parts = readNegTokenInit(token, header);
  if (!parts) {
    const choice = readTlv(token, header.rest, header.outer.end);
    description.shape = choice?.tag === CONTEXT(1) ? 'spnego-resp' : 'unknown';
    return { description, forAcceptor: token, framed: false };
  }
  description.shape = 'spnego-init';
  description.mechanisms = parts.mechanisms;
  description.mechToken = parts.mechToken ? plainShape(parts.mechToken) : 'none';
  description.mechTokenLength = parts.mechToken?.length ?? null;
  if (parts.mechToken && description.mechToken === 'krb5-ap-req-bare') {
    return { description, forAcceptor: withMechToken(token, parts, frameApReq(parts.mechToken)), framed: true };
  }
  return { description, forAcceptor: token, framed: false };
}

const SHAPE_TEXT: Record<TokenShape, string> = {
  'spnego-init': 'SPNEGO NegTokenInit',
  'spnego-resp': 'SPNEGO NegTokenResp',
  'krb5-gss': 'Kerberos GSS token (RFC 4121 framing)',
  'krb5-ap-req-bare': 'bare Kerberos AP-REQ (no GSS framing)',
  ntlmssp: 'NTLMSSP message',
  unknown: 'unrecognised token',
};

/** One log line's worth: the shape, the mechanism list, the mechToken's shape and the lengths; never bytes. */
export function describeToken(prepared: PreparedToken): string {
  const d = prepared.description;
  const parts = [`${SHAPE_TEXT[d.shape]}, ${d.length} bytes`];
  if (d.shape === 'spnego-init') {
    const mechs = d.mechanisms.map((oid) => (MECH_NAMES[oid] ? `${oid} (${MECH_NAMES[oid]})` : oid));
    parts.push(`mechanisms [${mechs.join(', ')}]`);
    parts.push(
      d.mechToken === 'none' || d.mechToken === null
        ? 'no mechToken'
        : `mechToken: ${SHAPE_TEXT[d.mechToken]}, ${d.mechTokenLength ?? 0} bytes`,
    );
  }
  if (prepared.framed) parts.push('the AP-REQ was given the RFC 4121 framing for the acceptor');
  return parts.join('; ');
}

/**
 * Whether the acceptor's last token gives the client something to verify: anything that is not SPNEGO, or a
 * NegTokenResp with a responseToken (the AP-REP) or a mechListMIC. A bare "accept-completed" NegTokenResp (what
 * MIT answers an initiator that did not ask for mutual authentication) is not sent: impacket's mssqlclient stops
 * at any SSPI token in the login response, yet logs in to real SQL Servers with -k, so SQL Server sends none
 * there. Observed behaviour; [MS-TDS] 2.2.7.22 (SSPI token) does not say when the final token is omitted.
 */
export function finalTokenWorthSending(response: Buffer): boolean {
  if (response.length === 0) return false;
  const resp = readTlv(response, 0);
  if (!resp || resp.tag !== CONTEXT(1) || resp.end !== response.length) return true;
  const sequence = readTlv(response, resp.contentStart, resp.end);
  const elements = sequence && sequence.tag === TAG.SEQUENCE ? children(response, sequence) : null;
  if (!elements) return true;
  return elements.some((element) => element.tag === CONTEXT(2) || element.tag === CONTEXT(3));
}
