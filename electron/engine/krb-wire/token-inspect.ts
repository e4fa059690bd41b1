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
function inspectGssFramed(r: DerReader, b: Uint8Array, depth: number): TokenInspection {
  const [len, bodyStart] = readLength(r, b, 1);
  if (bodyStart + len !== b.length)
    r.fail(`GSS token length ${len} does not match the ${b.length - bodyStart} bytes present`, 1);
  if (b[bodyStart] !== 0x06) r.fail('GSS token does not start with a mechanism OID', bodyStart);
  const [oidLen, oidStart] = readLength(r, b, bodyStart + 1);
  if (oidLen === 0 || oidLen > 32 || oidStart + oidLen > b.length) r.fail('bad mechanism OID length', bodyStart + 1);
  const oid = oidFromBytes(b.subarray(oidStart, oidStart + oidLen), r);
  const rest = b.subarray(oidStart + oidLen);
  if (oid === OID.krb5 || oid === OID.msKrb5) {
    if (rest.length < 3) r.fail('truncated krb5 token', oidStart + oidLen);
    const tokId = (rest[0]! << 8) | rest[1]!;
    const out = blank('krb5');
    const msg = r.decode(rest.subarray(2));
    const expected: Record<number, number> = { 0x0100: 14, 0x0200: 15, 0x0300: 30 };
    const want = expected[tokId];
    if (want === undefined) r.fail(`unknown krb5 TOK_ID 0x${tokId.toString(16).padStart(4, '0')}`, oidStart + oidLen);
    if (msg.idBlock.tagNumber !== want) r.fail('krb5 TOK_ID does not match the message inside');
    readKrbMessage(r, msg, out);
    return out;
  }
  if (oid === OID.spnego && depth === 0) {
    const neg = r.decode(rest);
    if (r.isTag(neg, TAG_CONTEXT, 0)) return inspectNegTokenInit(r, neg);
    if (r.isTag(neg, TAG_CONTEXT, 1)) return inspectNegTokenResp(r, neg);
    return r.fail('SPNEGO token is neither NegTokenInit nor NegTokenResp');
  }
  return r.fail(`unsupported GSS mechanism ${oid}`);
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

function inspectNegTokenResp(r: DerReader, node: Asn): TokenInspection {
  if (!r.isTag(node, TAG_CONTEXT, 1)) r.fail('expected NegTokenResp');
  const kids = r.children(node);
  if (kids.length !== 1) r.fail('NegTokenResp must hold one SEQUENCE');
  const f = r.fields(kids[0]!, 'NegTokenResp');
  const out = blank('spnego');
  const st = f.get(0);
  if (st) {
    const states = ['accept-completed', 'accept-incomplete', 'reject', 'request-mic'] as const;
    const v = r.enumerated(st, 'negState');
    out.negState = states[v] ?? r.fail(`unknown negState ${v}`);
  }
  const sm = f.get(1);
  if (sm) out.supportedMech = mechName(r.oid(sm, 'supportedMech'));
  const tok = f.get(2);
  if (tok) mergeInner(out, inspectAny(r, r.octets(tok, 'responseToken'), 1));
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

function readApReq(r: DerReader, node: Asn, out: TokenInspection): void {
  const f = r.fields(r.application(node, 14, 'AP-REQ'), 'AP-REQ');
  pvnoAndType(r, f, 14, 'AP-REQ');
  const opts = r.bits(r.need(f, 2, 'ap-options'), 'ap-options');
  const first = opts[0] ?? 0;
  const tf = r.fields(r.application(r.need(f, 3, 'ticket'), 1, 'Ticket'), 'Ticket');
  if (r.int(r.need(tf, 0, 'tkt-vno'), 'tkt-vno') !== 5) r.fail('ticket tkt-vno is not 5');
  const realm = r.string(r.need(tf, 1, 'ticket realm'), 'ticket realm');
  const sname = r.principal(r.need(tf, 2, 'ticket sname'), 'ticket sname');
  const enc = r.encryptedData(r.need(tf, 3, 'ticket enc-part'), 'ticket enc-part');
  const auth = r.encryptedData(r.need(f, 4, 'authenticator'), 'authenticator');
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

function summarize(t: TokenInspection): string[] {
  const lines: string[] = [];
  const mech =
    t.mechanism === 'spnego' ? `SPNEGO${t.innerMechanism ? ` carrying ${t.innerMechanism}` : ''}` : t.mechanism;
  lines.push(`mechanism: ${mech}${t.spnegoMechs.length ? ` (offers ${t.spnegoMechs.join(', ')})` : ''}`);
  if (t.negState) lines.push(`SPNEGO state: ${t.negState}${t.supportedMech ? `, mech ${t.supportedMech}` : ''}`);
  if (t.message !== 'none') lines.push(`message: ${t.message.toUpperCase()}`);
  if (t.ticket) {
    lines.push(`ticket for ${t.ticket.server}, enctype ${t.ticket.enctypeName}, kvno ${t.ticket.kvno ?? 'absent'}`);
  }
  if (t.mutualRequired !== null) lines.push(`mutual authentication ${t.mutualRequired ? 'required' : 'NOT requested'}`);
  if (t.krbError)
    lines.push(
      `KRB-ERROR ${t.krbError.errorCode} ${t.krbError.errorName}${t.krbError.eText ? `: ${t.krbError.eText}` : ''}`,
    );
  if (t.ntlmFallback) lines.push('NTLM fallback: the token is NTLM, not Kerberos');
  return lines;
}

export interface TicketTargetCheck {
  ok: boolean;
  problems: string[];
}

/** Does the ticket in this AP-REQ name exactly the SPN built from the typed host (and the expected realm)?
 * `sp` is the part of kerberos/spn's ServicePrincipal this needs (this folder does not import kerberos/). */
export function checkTicketTarget(
  t: TokenInspection,
  sp: { host: string; port: number; spn: string },
  expectedRealm?: string,
): TicketTargetCheck {
  const problems: string[] = [];
  if (t.ntlmFallback) problems.push('the token is NTLM: no Kerberos ticket was used');
  if (!t.ticket) {
    if (!t.ntlmFallback) problems.push('the token carries no Kerberos ticket');
    return { ok: false, problems };
  }
  const [svc, hostPort, ...extra] = t.ticket.components;
  const want = `${sp.host}:${sp.port}`;
  if (svc?.toLowerCase() !== 'mssqlsvc' || hostPort?.toLowerCase() !== want || extra.length > 0) {
    problems.push(`the ticket names ${t.ticket.server}, not ${sp.spn}`);
  }
  if (expectedRealm && t.ticket.realm.toUpperCase() !== expectedRealm.toUpperCase()) {
    problems.push(`the ticket is from realm ${t.ticket.realm}, expected ${expectedRealm}`);
  }
  return { ok: problems.length === 0, problems };
}
