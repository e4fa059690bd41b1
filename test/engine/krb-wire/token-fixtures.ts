// Builders for Kerberos/SPNEGO/NTLM tokens in unit tests, written from RFC 4120/4121/4178 and MS-NLMP.
// Cipher fields hold random bytes: inspection must never look into them.
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';

const ctx = (n: number, inner: asn1js.BaseBlock) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });
const app = (n: number, inner: asn1js.BaseBlock) =>
  new asn1js.Constructed({ idBlock: { tagClass: 2, tagNumber: n }, value: [inner] });
const int = (v: number) => new asn1js.Integer({ value: v });
const gstr = (s: string) => new asn1js.GeneralString({ value: s });
const principal = (type: number, parts: string[]) =>
  new asn1js.Sequence({ value: [ctx(0, int(type)), ctx(1, new asn1js.Sequence({ value: parts.map(gstr) }))] });
const encData = (etype: number, kvno: number | null, len = 64) =>
  new asn1js.Sequence({
    value: [
      ctx(0, int(etype)),
      ...(kvno === null ? [] : [ctx(1, int(kvno))]),
      ctx(2, new asn1js.OctetString({ valueHex: randomBytes(len) })),
    ],
  });
const der = (b: asn1js.BaseBlock) => Buffer.from(b.toBER());

export const OIDS = {
  krb5: '1.2.840.113554.1.2.2',
  msKrb5: '1.2.840.48018.1.2.2',
  spnego: '1.3.6.1.5.5.2',
  ntlm: '1.3.6.1.4.1.311.2.2.10',
};

export interface ApReqSpec {
  realm: string;
  sname: string[];
  etype?: number;
  kvno?: number | null;
  mutual?: boolean;
  authEtype?: number;
}

export function apReq(s: ApReqSpec): Buffer {
  const ticket = app(
    1,
    new asn1js.Sequence({
      value: [
        ctx(0, int(5)),
        ctx(1, gstr(s.realm)),
        ctx(2, principal(2, s.sname)),
        ctx(3, encData(s.etype ?? 18, s.kvno === undefined ? 1 : s.kvno, 200)),
      ],
    }),
  );
  const opts = new Uint8Array([s.mutual === false ? 0 : 0x20, 0, 0, 0]);
  return der(
    app(
      14,
      new asn1js.Sequence({
        value: [
          ctx(0, int(5)),
          ctx(1, int(14)),
          ctx(2, new asn1js.BitString({ valueHex: opts.buffer, unusedBits: 0 })),
          ctx(3, ticket),
          ctx(4, encData(s.authEtype ?? 18, null, 90)),
        ],
      }),
    ),
  );
}

export function apRep(etype = 18): Buffer {
  return der(
    app(15, new asn1js.Sequence({ value: [ctx(0, int(5)), ctx(1, int(15)), ctx(2, encData(etype, null, 40))] })),
  );
}

export function krbError(
  code: number,
  o: { realm?: string; stime?: Date; susec?: number; eText?: string } = {},
): Buffer {
  const t = o.stime ?? new Date();
  return der(
    app(
      30,
      new asn1js.Sequence({
        value: [
          ctx(0, int(5)),
          ctx(1, int(30)),
          ctx(4, new asn1js.GeneralizedTime({ valueDate: new Date(Math.floor(t.getTime() / 1000) * 1000) })),
          ctx(5, int(o.susec ?? 0)),
          ctx(6, int(code)),
          ctx(9, gstr(o.realm ?? 'EXAMPLE.TEST')),
          ctx(10, principal(2, ['krbtgt', o.realm ?? 'EXAMPLE.TEST'])),
          ...(o.eText ? [ctx(11, gstr(o.eText))] : []),
        ],
      }),
    ),
  );
}

function derLen(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** RFC 2743 InitialContextToken framing around a mechanism's bytes. */
export function gssFrame(oid: string, inner: Buffer): Buffer {
  const oidDer = der(new asn1js.ObjectIdentifier({ value: oid }));
  const body = Buffer.concat([oidDer, inner]);
  return Buffer.concat([Buffer.from([0x60]), derLen(body.length), body]);
}

export function krb5Token(tokId: 0x0100 | 0x0200 | 0x0300, msg: Buffer, oid = OIDS.krb5): Buffer {
  return gssFrame(oid, Buffer.concat([Buffer.from([tokId >> 8, tokId & 0xff]), msg]));
}

export function spnegoInit(mechs: string[], mechToken?: Buffer): Buffer {
  const seq = new asn1js.Sequence({
    value: [
      ctx(0, new asn1js.Sequence({ value: mechs.map((m) => new asn1js.ObjectIdentifier({ value: m })) })),
      ...(mechToken ? [ctx(2, new asn1js.OctetString({ valueHex: mechToken }))] : []),
    ],
  });
  return gssFrame(OIDS.spnego, der(ctx(0, seq)));
}

export function negTokenResp(state: number | null, mech: string | null, token?: Buffer): Buffer {
  const seq = new asn1js.Sequence({
    value: [
      ...(state === null ? [] : [ctx(0, new asn1js.Enumerated({ value: state }))]),
      ...(mech ? [ctx(1, new asn1js.ObjectIdentifier({ value: mech }))] : []),
      ...(token ? [ctx(2, new asn1js.OctetString({ valueHex: token }))] : []),
    ],
  });
  return der(ctx(1, seq));
}

export function ntlm(type: 1 | 2 | 3): Buffer {
  const b = Buffer.alloc(40);
  b.write('NTLMSSP\0', 0, 'latin1');
  b.writeUInt32LE(type, 8);
  return b;
}
