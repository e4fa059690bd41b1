// Reads the security token we are about to send (and the one the server sends back) to say what it
// really is: SPNEGO or raw krb5 or NTLMSSP (silent NTLM fallback, which Azure SQL MI rejects), and for
// Kerberos the ticket's clear part — server name, realm, enctype, kvno — and the AP options. Never
// returns ticket bytes, the authenticator or any encrypted part.
import { DerReader, TAG_CONTEXT, oidFromBytes, principalText, type Asn } from './der';
import { ParseError } from '../errors';
import { enctypeName } from './enctypes';
import { readKrbError, type KrbErrorInfo } from './krb-error';

/** What a security token is, as the check reports it ('unknown': it could not be read). */
export type TokenMechanism = 'krb5' | 'spnego' | 'ntlm' | 'unknown';

/** The first 8 bytes of every NTLMSSP message (MS-NLMP §2.2.1). */
export const NTLMSSP_SIGNATURE: Buffer = Buffer.from('NTLMSSP\0', 'latin1');

export const OID = {
  krb5: '1.2.840.113554.1.2.2',
  msKrb5: '1.2.840.48018.1.2.2',
  krb5User2User: '1.2.840.113554.1.2.2.3',
  spnego: '1.3.6.1.5.5.2',
  ntlm: '1.3.6.1.4.1.311.2.2.10',
  negoex: '1.3.6.1.4.1.311.2.2.30',
} as const;

const MECH_NAMES: Record<string, string> = {
  [OID.krb5]: 'krb5',
  [OID.msKrb5]: 'ms-krb5',
  [OID.krb5User2User]: 'krb5-u2u',
  [OID.spnego]: 'spnego',
  [OID.ntlm]: 'ntlm',
  [OID.negoex]: 'negoex',
};

export const mechName = (oid: string): string => MECH_NAMES[oid] ?? oid;

export type TokenMessage =
  'ap-req' | 'ap-rep' | 'krb-error' | 'ntlm-negotiate' | 'ntlm-challenge' | 'ntlm-authenticate' | 'none';

export interface TicketInfo {
  realm: string;
  nameType: number;
  components: string[];
  /** `MSSQLSvc/host:port@REALM` */
  server: string;
  enctype: number;
  enctypeName: string;
  kvno: number | null;
}

export interface TokenInspection {
  /** The mechanism of the outermost framing. */
  mechanism: Exclude<TokenMechanism, 'unknown'>;
  /** Inside SPNEGO: the mechanism actually carried (krb5 or ntlm), when a token is carried. */
  innerMechanism: 'krb5' | 'ntlm' | null;
  /** SPNEGO NegTokenInit mechTypes, in the client's order of preference. */
  spnegoMechs: string[];
  /** SPNEGO NegTokenResp state. */
  negState: 'accept-completed' | 'accept-incomplete' | 'reject' | 'request-mic' | null;
  supportedMech: string | null;
  message: TokenMessage;
  ticket: TicketInfo | null;
  /** AP-REQ ap-options. */
  mutualRequired: boolean | null;
  useSessionKey: boolean | null;
  /** Enctype of the AP-REQ authenticator / AP-REP enc-part (the session or sub-session key's type). */
  encPartEnctype: number | null;
  krbError: KrbErrorInfo | null;
  /** True when what goes (or would go) on the wire is NTLM, not Kerberos. */
  ntlmFallback: boolean;
  /** Human-readable lines for a step's evidence. */
  summary: string[];
}

const CODE = 'TOKEN_MALFORMED';
const MAX_TOKEN = 1 << 20;

function blank(mechanism: TokenInspection['mechanism']): TokenInspection {
  return {
    mechanism,
    innerMechanism: null,
    spnegoMechs: [],
    negState: null,
    supportedMech: null,
    message: 'none',
    ticket: null,
    mutualRequired: null,
    useSessionKey: null,
    encPartEnctype: null,
    krbError: null,
    ntlmFallback: false,
    summary: [],
  };
}

/** Inspect a GSS/SSPI token (base64 text or bytes). Throws ParseError(TOKEN_MALFORMED) on anything else. */
export function inspectToken(token: Uint8Array | string): TokenInspection {
  const bytes = typeof token === 'string' ? decodeBase64(token) : token;
  if (bytes.length === 0) throw new ParseError(CODE, 'empty security token');
  if (bytes.length > MAX_TOKEN) throw new ParseError(CODE, `security token of ${bytes.length} bytes is too large`);
  const r = new DerReader(CODE, 'security token');
  const out = inspectAny(r, bytes, 0);
  out.summary = summarize(out);
  return out;
}

function decodeBase64(text: string): Uint8Array {
  const t = text.trim();
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) throw new ParseError(CODE, 'token is not base64');
  return Buffer.from(t, 'base64');
}

function inspectAny(r: DerReader, b: Uint8Array, depth: number): TokenInspection {
  if (startsWith(b, NTLMSSP_SIGNATURE)) return inspectNtlm(r, b);
  const first = b[0]!;
  if (first === 0x60) return inspectGssFramed(r, b, depth);
  if (first === 0xa1 && depth === 0) return inspectNegTokenResp(r, r.decode(b));
  // Some peers send the bare Kerberos message without GSS framing.
  if (first === 0x6e || first === 0x6f || first === 0x7e) {
    const out = blank('krb5');
    readKrbMessage(r, r.decode(b), out);
    return out;
  }
  return r.fail(`unknown token framing (first byte 0x${first.toString(16).padStart(2, '0')})`, 0);
}

function startsWith(b: Uint8Array, sig: Uint8Array): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

function inspectNtlm(r: DerReader, b: Uint8Array): TokenInspection {
  if (b.length < 12) r.fail('truncated NTLMSSP message', b.length);
  const type = Buffer.from(b.buffer, b.byteOffset, b.byteLength).readUInt32LE(8);
  const message =
    type === 1 ? 'ntlm-negotiate' : type === 2 ? 'ntlm-challenge' : type === 3 ? 'ntlm-authenticate' : null;
  if (!message) r.fail(`unknown NTLMSSP message type ${type}`, 8);
  const out = blank('ntlm');
  out.message = message;
  out.ntlmFallback = true;
  return out;
}

/** Read a DER length at `off`; returns [length, offset after it]. */
function readLength(r: DerReader, b: Uint8Array, off: number): [number, number] {
  if (off >= b.length) r.fail('truncated length', off);
  const l0 = b[off]!;
  if (l0 < 0x80) return [l0, off + 1];
  const n = l0 & 0x7f;
  if (n === 0 || n > 4) r.fail('unsupported length form', off);
  if (off + 1 + n > b.length) r.fail('truncated length', off);
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[off + 1 + i]!;
  return [len, off + 1 + n];
}

/** RFC 2743 §3.1 InitialContextToken: 0x60 len, thisMech OID, then the mechanism's own bytes. */
function inspectGssFramed(reader: DerReader, bytes: Uint8Array, depth: number): TokenInspection {
  const [len, bodyStart] = readLength(reader, bytes, 1);
  if (bodyStart + len !== bytes.length)
    reader.fail(`GSS token length ${len} does not match the ${bytes.length - bodyStart} bytes present`, 1);
  if (bytes[bodyStart] !== 0x06) reader.fail('GSS token does not start with a mechanism OID', bodyStart);
  const [oidLen, oidStart] = readLength(reader, bytes, bodyStart + 1);
  if (oidLen === 0 || oidLen > 32 || oidStart + oidLen > bytes.length)
    reader.fail('bad mechanism OID length', bodyStart + 1);
  const oid = oidFromBytes(bytes.subarray(oidStart, oidStart + oidLen), reader);
  const rest = bytes.subarray(oidStart + oidLen);
  if (oid === OID.krb5 || oid === OID.msKrb5) {
    if (rest.length < 3) reader.fail('truncated krb5 token', oidStart + oidLen);
    const tokId = (rest[0]! << 8) | rest[1]!;
    const out = blank('krb5');
    const msg = reader.decode(rest.subarray(2));
    const expected: Record<number, number> = { 0x0100: 14, 0x0200: 15, 0x0300: 30 };
    const want = expected[tokId];
    if (want === undefined)
      reader.fail(`unknown krb5 TOK_ID 0x${tokId.toString(16).padStart(4, '0')}`, oidStart + oidLen);
    if (msg.idBlock.tagNumber !== want) reader.fail('krb5 TOK_ID does not match the message inside');
    readKrbMessage(reader, msg, out);
    return out;
  }
  if (oid === OID.spnego && depth === 0) {
    const neg = reader.decode(rest);
    if (reader.isTag(neg, TAG_CONTEXT, 0)) return inspectNegTokenInit(reader, neg);
    if (reader.isTag(neg, TAG_CONTEXT, 1)) return inspectNegTokenResp(reader, neg);
    return reader.fail('SPNEGO token is neither NegTokenInit nor NegTokenResp');
  }
  return reader.fail(`unsupported GSS mechanism ${oid}`);
}

function inspectNegTokenInit(r: DerReader, node: Asn): TokenInspection {
  const kids = r.children(node);
  if (kids.length !== 1) r.fail('NegTokenInit must hold one SEQUENCE');
  const f = r.fields(kids[0]!, 'NegTokenInit');
  const out = blank('spnego');
  const types = f.get(0);
  if (types) out.spnegoMechs = r.children(types).map((o) => mechName(r.oid(o, 'mechType')));
  const tok = f.get(2);
  if (tok) mergeInner(out, inspectAny(r, r.octets(tok, 'mechToken'), 1));
  const offersKrb5 = out.spnegoMechs.some((m) => m === 'krb5' || m === 'ms-krb5');
  if (!offersKrb5 && out.spnegoMechs.length > 0) out.ntlmFallback = true;
  return out;
}

function inspectNegTokenResp(reader: DerReader, node: Asn): TokenInspection {
  if (!reader.isTag(node, TAG_CONTEXT, 1)) reader.fail('expected NegTokenResp');
  const kids = reader.children(node);
  if (kids.length !== 1) reader.fail('NegTokenResp must hold one SEQUENCE');
  const fields = reader.fields(kids[0]!, 'NegTokenResp');
  const out = blank('spnego');
  const st = fields.get(0);
  if (st) {
    const states = ['accept-completed', 'accept-incomplete', 'reject', 'request-mic'] as const;
    const stateIndex = reader.enumerated(st, 'negState');
    out.negState = states[stateIndex] ?? reader.fail(`unknown negState ${stateIndex}`);
  }
  const sm = fields.get(1);
  if (sm) out.supportedMech = mechName(reader.oid(sm, 'supportedMech'));
  const tok = fields.get(2);
  if (tok) mergeInner(out, inspectAny(reader, reader.octets(tok, 'responseToken'), 1));
  if (out.supportedMech === 'ntlm') out.ntlmFallback = true;
  return out;
}

function mergeInner(out: TokenInspection, inner: TokenInspection): void {
  out.innerMechanism = inner.mechanism === 'ntlm' ? 'ntlm' : 'krb5';
  out.message = inner.message;
  out.ticket = inner.ticket;
  out.mutualRequired = inner.mutualRequired;
  out.useSessionKey = inner.useSessionKey;
  out.encPartEnctype = inner.encPartEnctype;
  out.krbError = inner.krbError;
  out.ntlmFallback = out.ntlmFallback || inner.ntlmFallback;
}

function readKrbMessage(r: DerReader, node: Asn, out: TokenInspection): void {
  if (node.idBlock.tagClass !== 2) r.fail('expected a Kerberos message');
  switch (node.idBlock.tagNumber) {
    case 14:
      return readApReq(r, node, out);
    case 15:
      return readApRep(r, node, out);
    case 30:
      out.message = 'krb-error';
      out.krbError = readKrbError(r, node);
      return;
    default:
      r.fail(`unexpected Kerberos message [APPLICATION ${node.idBlock.tagNumber}]`);
  }
}

function pvnoAndType(r: DerReader, f: Map<number, Asn>, msgType: number, name: string): void {
  const pvno = r.int(r.need(f, 0, `${name} pvno`), 'pvno');
  const t = r.int(r.need(f, 1, `${name} msg-type`), 'msg-type');
  if (pvno !== 5 || t !== msgType) r.fail(`${name} has pvno ${pvno}, msg-type ${t}`);
}

function readApReq(reader: DerReader, node: Asn, out: TokenInspection): void {
  const fields = reader.fields(reader.application(node, 14, 'AP-REQ'), 'AP-REQ');
  pvnoAndType(reader, fields, 14, 'AP-REQ');
  const opts = reader.bits(reader.need(fields, 2, 'ap-options'), 'ap-options');
  const first = opts[0] ?? 0;
  const tf = reader.fields(reader.application(reader.need(fields, 3, 'ticket'), 1, 'Ticket'), 'Ticket');
  if (reader.int(reader.need(tf, 0, 'tkt-vno'), 'tkt-vno') !== 5) reader.fail('ticket tkt-vno is not 5');
  const realm = reader.string(reader.need(tf, 1, 'ticket realm'), 'ticket realm');
  const sname = reader.principal(reader.need(tf, 2, 'ticket sname'), 'ticket sname');
  const enc = reader.encryptedData(reader.need(tf, 3, 'ticket enc-part'), 'ticket enc-part');
  const auth = reader.encryptedData(reader.need(fields, 4, 'authenticator'), 'authenticator');
  out.message = 'ap-req';
  out.useSessionKey = (first & 0x40) !== 0;
  out.mutualRequired = (first & 0x20) !== 0;
  out.encPartEnctype = auth.etype;
  out.ticket = {
    realm,
    nameType: sname.nameType,
    components: sname.components,
    server: principalText(sname.components, realm),
    enctype: enc.etype,
    enctypeName: enctypeName(enc.etype),
    kvno: enc.kvno,
  };
}

function readApRep(r: DerReader, node: Asn, out: TokenInspection): void {
  const f = r.fields(r.application(node, 15, 'AP-REP'), 'AP-REP');
  pvnoAndType(r, f, 15, 'AP-REP');
  out.message = 'ap-rep';
  out.encPartEnctype = r.encryptedData(r.need(f, 2, 'enc-part'), 'enc-part').etype;
}

function summarize(token: TokenInspection): string[] {
  const lines: string[] = [];
  const mech =
    token.mechanism === 'spnego'
      ? `SPNEGO${token.innerMechanism ? ` carrying ${token.innerMechanism}` : ''}`
      : token.mechanism;
  lines.push(`mechanism: ${mech}${token.spnegoMechs.length ? ` (offers ${token.spnegoMechs.join(', ')})` : ''}`);
  if (token.negState)
    lines.push(`SPNEGO state: ${token.negState}${token.supportedMech ? `, mech ${token.supportedMech}` : ''}`);
  if (token.message !== 'none') lines.push(`message: ${token.message.toUpperCase()}`);
  if (token.ticket) {
    lines.push(
      `ticket for ${token.ticket.server}, enctype ${token.ticket.enctypeName}, kvno ${token.ticket.kvno ?? 'absent'}`,
    );
  }
  if (token.mutualRequired !== null)
    lines.push(`mutual authentication ${token.mutualRequired ? 'required' : 'NOT requested'}`);
  if (token.krbError) {
    const { errorCode, errorName, eText } = token.krbError;
    lines.push(`KRB-ERROR ${errorCode} ${errorName}${eText ? `: ${eText}` : ''}`);
  }
  if (token.ntlmFallback) lines.push('NTLM fallback: the token is NTLM, not Kerberos');
  return lines;
}

export interface TicketTargetCheck {
  ok: boolean;
  problems: string[];
}

/** Does the ticket in this AP-REQ name exactly the SPN built from the typed host (and the expected realm)?
 * `sp` is the part of kerberos/spn's ServicePrincipal this needs (this folder does not import kerberos/). */
export function checkTicketTarget(
  token: TokenInspection,
  sp: { host: string; port: number; spn: string },
  expectedRealm?: string,
): TicketTargetCheck {
  const problems: string[] = [];
  if (token.ntlmFallback) problems.push('the token is NTLM: no Kerberos ticket was used');
  if (!token.ticket) {
    if (!token.ntlmFallback) problems.push('the token carries no Kerberos ticket');
    return { ok: false, problems };
  }
  const [svc, hostPort, ...extra] = token.ticket.components;
  const want = `${sp.host}:${sp.port}`;
  if (svc?.toLowerCase() !== 'mssqlsvc' || hostPort?.toLowerCase() !== want || extra.length > 0) {
    problems.push(`the ticket names ${token.ticket.server}, not ${sp.spn}`);
  }
  if (expectedRealm && token.ticket.realm.toUpperCase() !== expectedRealm.toUpperCase()) {
    problems.push(`the ticket is from realm ${token.ticket.realm}, expected ${expectedRealm}`);
  }
  return { ok: problems.length === 0, problems };
}
