// Writes FILE ccaches (versions 1–4) for tests: the mirror of the parser, so tests build bytes and assert fields.
export interface BuildPrincipal {
  nameType?: number;
  realm: string;
  components: string[];
}
export interface BuildCred {
  client: BuildPrincipal;
  server: BuildPrincipal;
  keyEnctype: number;
  key: Uint8Array;
  times: [number, number, number, number];
  isSkey?: boolean;
  flags: number;
  addresses?: { type: number; data: Uint8Array }[];
  authdata?: { type: number; data: Uint8Array }[];
  ticket: Uint8Array;
  secondTicket?: Uint8Array;
}

export function buildCcache(
  version: 1 | 2 | 3 | 4,
  def: BuildPrincipal,
  creds: BuildCred[],
  littleEndian = true,
): Uint8Array {
  const le = version <= 2 && littleEndian;
  const parts: number[] = [0x05, version];
  const u16 = (n: number): void => {
    const b = new DataView(new ArrayBuffer(2));
    b.setUint16(0, n & 0xffff, le);
    parts.push(...new Uint8Array(b.buffer));
  };
  const u32 = (n: number): void => {
    const b = new DataView(new ArrayBuffer(4));
    b.setUint32(0, n >>> 0, le);
    parts.push(...new Uint8Array(b.buffer));
  };
  const data = (d: Uint8Array): void => {
    u32(d.length);
    parts.push(...d);
  };
  const str = (s: string): void => data(new TextEncoder().encode(s));
  const princ = (p: BuildPrincipal): void => {
    if (version !== 1) u32(p.nameType ?? 1);
    u32(p.components.length + (version === 1 ? 1 : 0));
    str(p.realm);
    for (const c of p.components) str(c);
  };
  if (version === 4) {
    u16(12);
    u16(1);
    u16(8);
    u32(0);
    u32(0);
  }
  princ(def);
  for (const c of creds) {
    princ(c.client);
    princ(c.server);
    u16(c.keyEnctype);
    if (version === 3) u16(c.keyEnctype);
    data(c.key);
    for (const t of c.times) u32(t);
    parts.push(c.isSkey ? 1 : 0);
    u32(c.flags);
    u32(c.addresses?.length ?? 0);
    for (const a of c.addresses ?? []) {
      u16(a.type);
      data(a.data);
    }
    u32(c.authdata?.length ?? 0);
    for (const a of c.authdata ?? []) {
      u16(a.type);
      data(a.data);
    }
    data(c.ticket);
    data(c.secondTicket ?? new Uint8Array());
  }
  return Uint8Array.from(parts);
}

/**
 * A minimal DER Ticket:
 * [APPLICATION 1] { [0] 5, [1] realm, [2] sname, [3] EncryptedData { [0] etype, [1] kvno, [2] cipher } }.
 */
export function derTicket(etype: number, kvno: number, cipher: Uint8Array): Uint8Array {
  const tlv = (tag: number, body: number[]): number[] => {
    const n = body.length;
    const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
    return [tag, ...len, ...body];
  };
  const int = (v: number): number[] => tlv(0x02, v < 0x80 ? [v] : [0x00, v]);
  const gs = (s: string): number[] => tlv(0x1b, [...new TextEncoder().encode(s)]);
  const enc = tlv(0x30, [...tlv(0xa0, int(etype)), ...tlv(0xa1, int(kvno)), ...tlv(0xa2, tlv(0x04, [...cipher]))]);
  const sname = tlv(0x30, [...tlv(0xa0, int(2)), ...tlv(0xa1, tlv(0x30, [...gs('krbtgt'), ...gs('X')]))]);
  const body = tlv(0x30, [...tlv(0xa0, int(5)), ...tlv(0xa1, gs('X')), ...tlv(0xa2, sname), ...tlv(0xa3, enc)]);
  return Uint8Array.from(tlv(0x61, body));
}
