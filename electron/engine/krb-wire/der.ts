// Small, bounded readers over asn1js for the Kerberos (RFC 4120) and SPNEGO (RFC 4178) structures we
// inspect. Every reader checks the shape it expects and throws a ParseError with the caller's code,
// so a hostile byte string can only ever produce that one typed error.
import * as asn1js from 'asn1js';
import { ParseError } from '../errors';

export type Asn = asn1js.AsnType;

export const TAG_UNIVERSAL = 1;
export const TAG_APPLICATION = 2;
export const TAG_CONTEXT = 3;

/** Limits well above any real Kerberos message, far below what could hurt us. */
const LIMITS = { maxDepth: 32, maxNodes: 4096, maxContentLength: 1 << 20 };

export class DerReader {
  constructor(
    readonly code: string,
    readonly what: string,
  ) {}

  fail(message: string, offset?: number): never {
    throw new ParseError(this.code, `${this.what}: ${message}`, offset);
  }

  /** Decode exactly one element occupying the whole input. */
  decode(bytes: Uint8Array): Asn {
    if (bytes.length === 0) this.fail('empty input');
    let res: { offset: number; result: Asn };
    try {
      res = asn1js.fromBER(bytes, { ...LIMITS, parseEmbedded: false });
    } catch (e) {
      this.fail(`not valid DER (${e instanceof Error ? e.message : 'decoder error'})`);
    }
    if (res.offset === -1 || (res.result as { error?: string }).error) {
      this.fail(`not valid DER (${(res.result as { error?: string }).error || 'decoder error'})`);
    }
    if (res.offset !== bytes.length) this.fail(`${bytes.length - res.offset} trailing bytes`, res.offset);
    return res.result;
  }

  tag(node: Asn): { cls: number; num: number; constructed: boolean } {
    return { cls: node.idBlock.tagClass, num: node.idBlock.tagNumber, constructed: node.idBlock.isConstructed };
  }

  isTag(node: Asn, cls: number, num: number): boolean {
    return node.idBlock.tagClass === cls && node.idBlock.tagNumber === num;
  }

  children(node: Asn): Asn[] {
    if (!node.idBlock.isConstructed) this.fail('expected a constructed element');
    const v = (node.valueBlock as { value?: unknown }).value;
    if (!Array.isArray(v)) this.fail('expected a constructed element');
    return v as Asn[];
  }

  /** An element tagged [APPLICATION n] that wraps exactly one inner element. */
  application(node: Asn, num: number, name: string): Asn {
    if (!this.isTag(node, TAG_APPLICATION, num)) this.fail(`expected ${name} ([APPLICATION ${num}])`);
    const kids = this.children(node);
    if (kids.length !== 1) this.fail(`${name} must hold one element`);
    return kids[0]!;
  }

  /** A SEQUENCE of explicit context tags [n] → map n → inner element. Duplicates are refused. */
  fields(node: Asn, name: string): Map<number, Asn> {
    if (!this.isTag(node, TAG_UNIVERSAL, 16)) this.fail(`${name} must be a SEQUENCE`);
    const out = new Map<number, Asn>();
    for (const f of this.children(node)) {
      if (f.idBlock.tagClass !== TAG_CONTEXT) this.fail(`${name} holds an untagged field`);
      const inner = this.children(f);
      if (inner.length !== 1) this.fail(`${name} [${f.idBlock.tagNumber}] must hold one element`);
      if (out.has(f.idBlock.tagNumber)) this.fail(`${name} repeats field [${f.idBlock.tagNumber}]`);
      out.set(f.idBlock.tagNumber, inner[0]!);
    }
    return out;
  }

  need(fields: Map<number, Asn>, n: number, name: string): Asn {
    const f = fields.get(n);
    if (!f) this.fail(`missing ${name}`);
    return f;
  }

  primitiveBytes(node: Asn, cls: number, num: number, name: string): Uint8Array {
    if (!this.isTag(node, cls, num) || node.idBlock.isConstructed) this.fail(`${name} has the wrong type`);
    return (node.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
  }

  /** INTEGER that fits a JS number exactly (Kerberos Int32/UInt32 and friends). */
  int(node: Asn, name: string): number {
    const b = this.primitiveBytes(node, TAG_UNIVERSAL, 2, name);
    if (b.length === 0 || b.length > 6) this.fail(`${name} is not a small integer`);
    let v = 0;
    for (const x of b) v = v * 256 + x;
    return b[0]! & 0x80 ? v - 256 ** b.length : v;
  }

  enumerated(node: Asn, name: string): number {
    const b = this.primitiveBytes(node, TAG_UNIVERSAL, 10, name);
    if (b.length === 0 || b.length > 4) this.fail(`${name} is not a small enumeration`);
    let v = 0;
    for (const x of b) v = v * 256 + x;
    return v;
  }

  /** KerberosString (GeneralString) or any other ASCII-ish string type, decoded leniently as latin1. */
  string(node: Asn, name: string): string {
    const num = node.idBlock.tagNumber;
    if (node.idBlock.tagClass !== TAG_UNIVERSAL || node.idBlock.isConstructed || ![12, 19, 22, 26, 27].includes(num)) {
      this.fail(`${name} is not a string`);
    }
    const b = (node.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
    if (b.length > 1024) this.fail(`${name} is too long`);
    return num === 12 ? Buffer.from(b).toString('utf8') : Buffer.from(b).toString('latin1');
  }

  octets(node: Asn, name: string): Uint8Array {
    return this.primitiveBytes(node, TAG_UNIVERSAL, 4, name);
  }

  /** BIT STRING as its content bytes (asn1js strips the unused-bits count). */
  bits(node: Asn, name: string): Uint8Array {
    return this.primitiveBytes(node, TAG_UNIVERSAL, 3, name);
  }

  /** KerberosTime: GeneralizedTime "YYYYMMDDHHMMSSZ" (RFC 4120 §5.2.3), read from its raw bytes. */
  time(node: Asn, name: string): Date {
    const raw = Buffer.from(this.primitiveBytes(node, TAG_UNIVERSAL, 24, name)).toString('latin1');
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.\d{1,6})?Z$/.exec(raw);
    if (!m) this.fail(`${name} is not a KerberosTime`);
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const t = Date.UTC(y, mo - 1, d, h, mi, s);
    if (!Number.isFinite(t) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
      this.fail(`${name} is not a valid date`);
    }
    return new Date(t);
  }

  oid(node: Asn, name: string): string {
    if (!this.isTag(node, TAG_UNIVERSAL, 6)) this.fail(`${name} is not an OID`);
    const b = (node.valueBlock as unknown as { valueHexView?: Uint8Array }).valueHexView;
    if (b && b.length > 0) return oidFromBytes(b, this);
    const text = (node as asn1js.ObjectIdentifier).valueBlock.toString();
    if (!/^\d+(\.\d+)+$/.test(text)) this.fail(`${name} is not an OID`);
    return text;
  }

  /** PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString } */
  principal(node: Asn, name: string): { nameType: number; components: string[] } {
    const f = this.fields(node, name);
    const nameType = this.int(this.need(f, 0, `${name} name-type`), `${name} name-type`);
    const list = this.need(f, 1, `${name} name-string`);
    if (!this.isTag(list, TAG_UNIVERSAL, 16)) this.fail(`${name} name-string must be a SEQUENCE`);
    const components = this.children(list).map((c) => this.string(c, `${name} component`));
    if (components.length === 0 || components.length > 16) this.fail(`${name} has ${components.length} components`);
    return { nameType, components };
  }

  /** EncryptedData: only the clear parts (etype, kvno); the cipher is never returned. */
  encryptedData(node: Asn, name: string): { etype: number; kvno: number | null } {
    const f = this.fields(node, name);
    const etype = this.int(this.need(f, 0, `${name} etype`), `${name} etype`);
    const kv = f.get(1);
    this.octets(this.need(f, 2, `${name} cipher`), `${name} cipher`);
    return { etype, kvno: kv ? this.int(kv, `${name} kvno`) : null };
  }
}

export function oidFromBytes(bytes: Uint8Array, reader: DerReader): string {
  const parts: number[] = [];
  let arc = 0;
  let len = 0;
  for (const byte of bytes) {
    arc = arc * 128 + (byte & 0x7f);
    if (++len > 8) reader.fail('OID arc too long');
    if (!(byte & 0x80)) {
      parts.push(arc);
      arc = 0;
      len = 0;
    }
  }
  if (len !== 0 || parts.length === 0) reader.fail('truncated OID');
  const first = parts[0]!;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts.slice(1)].join('.');
}

/** A principal as text: components joined by '/', then '@REALM'. */
export function principalText(components: string[], realm?: string | null): string {
  const esc = (s: string) => s.replace(/[\\/@]/g, (c) => `\\${c}`);
  const name = components.map(esc).join('/');
  return realm ? `${name}@${realm}` : name;
}
