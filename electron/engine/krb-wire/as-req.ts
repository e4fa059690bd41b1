// A minimal AS-REQ (RFC 4120 §5.4.1) for probing a KDC: no pre-authentication, no secrets. Any live KDC
// answers it with a KRB-ERROR (principal unknown, or pre-authentication required) whose stime tells us
// its clock: proof that the KDC is alive and speaks Kerberos, which a TCP connect alone cannot give.
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import { PROBE_ENCTYPES } from './enctypes';

export interface AsReqOptions {
  realm: string;
  /** Client name components; defaults to a random name no directory holds. */
  client?: string[];
  nonce?: number;
  now?: Date;
}

const ctx = (n: number, inner: asn1js.BaseBlock) =>
  new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: n }, value: [inner] });

const principalName = (nameType: number, parts: string[]) =>
  new asn1js.Sequence({
    value: [
      ctx(0, new asn1js.Integer({ value: nameType })),
      ctx(1, new asn1js.Sequence({ value: parts.map((p) => new asn1js.GeneralString({ value: p })) })),
    ],
  });

export function probeClientName(): string[] {
  return [`kerbprobe-probe-${randomBytes(6).toString('hex')}`];
}

export function buildAsReq(opts: AsReqOptions): { bytes: Buffer; nonce: number; client: string[] } {
  const client = opts.client ?? probeClientName();
  const nonce = opts.nonce ?? randomBytes(4).readUInt32BE(0) >>> 1;
  const now = opts.now ?? new Date();
  const till = new Date(Math.floor(now.getTime() / 1000) * 1000 + 10 * 3600_000);
  // forwardable | renewable-ok | canonicalize: what kinit sends, so the KDC treats us like a client.
  const kdcOptions = new Uint8Array([0x40, 0x01, 0x00, 0x10]);
  const body = new asn1js.Sequence({
    value: [
      ctx(0, new asn1js.BitString({ valueHex: kdcOptions.buffer, unusedBits: 0 })),
      ctx(1, principalName(1, client)),
      ctx(2, new asn1js.GeneralString({ value: opts.realm })),
      ctx(3, principalName(2, ['krbtgt', opts.realm])),
      ctx(5, new asn1js.GeneralizedTime({ valueDate: till })),
      ctx(7, new asn1js.Integer({ value: nonce })),
      ctx(8, new asn1js.Sequence({ value: PROBE_ENCTYPES.map((e) => new asn1js.Integer({ value: e })) })),
    ],
  });
  const req = new asn1js.Constructed({
    idBlock: { tagClass: 2, tagNumber: 10 },
    value: [
      new asn1js.Sequence({
        value: [ctx(1, new asn1js.Integer({ value: 5 })), ctx(2, new asn1js.Integer({ value: 10 })), ctx(4, body)],
      }),
    ],
  });
  return { bytes: Buffer.from(req.toBER()), nonce, client };
}
