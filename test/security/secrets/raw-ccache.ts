// Test-only reader of the secrets in a FILE credential cache (versions 3 and 4, big-endian): the session
// keys and the ticket bytes, which the product parser deliberately drops. Kept independent of
// electron/engine/tickets/ccache.ts so a bug there cannot hide a leak here. Layout: MIT krb5
// "ccache file format" (header, default principal, then credentials until the end of the file).
export interface RawCredential {
  server: string;
  keyEnctype: number;
  key: Buffer;
  ticket: Buffer;
  secondTicket: Buffer;
}

export function readRawCcache(bytes: Buffer): { defaultPrincipal: string; credentials: RawCredential[] } {
  let o = 0;
  const need = (n: number): void => {
    if (o + n > bytes.length) throw new Error(`ccache ends at ${bytes.length}, needed ${o + n}`);
  };
  const u8 = (): number => {
    need(1);
    return bytes[o++]!;
  };
  const u16 = (): number => {
    need(2);
    const v = bytes.readUInt16BE(o);
    o += 2;
    return v;
  };
  const u32 = (): number => {
    need(4);
    const v = bytes.readUInt32BE(o);
    o += 4;
    return v;
  };
  const data = (): Buffer => {
    const n = u32();
    need(n);
    const d = bytes.subarray(o, o + n);
    o += n;
    return Buffer.from(d);
  };
  const principal = (): string => {
    u32(); // name type
    const count = u32();
    const realm = data().toString('utf8');
    const parts: string[] = [];
    for (let i = 0; i < count; i++) parts.push(data().toString('utf8'));
    return `${parts.join('/')}@${realm}`;
  };

  if (u8() !== 0x05) throw new Error('not a FILE ccache');
  const version = u8();
  if (version !== 3 && version !== 4) throw new Error(`ccache version ${version}: only 3 and 4 are read here`);
  if (version === 4) {
    const len = u16();
    need(len);
    o += len;
  }
  const defaultPrincipal = principal();
  const credentials: RawCredential[] = [];
  while (o < bytes.length) {
    principal(); // client
    const server = principal();
    const keyEnctype = u16();
    const key = data();
    o += 16;
    need(0); // authtime, starttime, endtime, renew_till
    u8(); // is_skey
    u32(); // ticket flags
    for (let n = u32(), i = 0; i < n; i++) {
      u16();
      data();
    } // addresses
    for (let n = u32(), i = 0; i < n; i++) {
      u16();
      data();
    } // authdata
    const ticket = data();
    const secondTicket = data();
    credentials.push({ server, keyEnctype, key, ticket, secondTicket });
  }
  return { defaultPrincipal, credentials };
}
