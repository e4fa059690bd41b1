// The lab's own reading of its MIT FILE ccache, for the Windows renditions: written from MIT's format document
// (https://web.mit.edu/kerberos/krb5-latest/doc/formats/ccache_file_format.html) and RFC 4120 §5.3 (Ticket),
// independently of the engine's reader, so a fault in the engine's reading cannot be rendered back to it as a
// Windows output. Versions 3 and 4 (what MIT writes); every length is checked against what remains; the session
// key's bytes are skipped, never kept.

export interface LabTicket {
  client: string;
  clientRealm: string;
  server: string;
  serverRealm: string;
  /** Seconds since the epoch; `start` is authtime when the ticket has no starttime (as Windows reports it). */
  start: number;
  end: number;
  /** 0 when the ticket is not renewable. */
  renewUntil: number;
  /** The ticket flags word, RFC 4120 bit order (bit 0 = 0x80000000), as the ccache and Windows both hold it. */
  flags: number;
  /** The session key's enctype number. */
  sessionEnctype: number;
  /** The ticket's enc-part etype (RFC 4120 EncryptedData), or null when the ticket cannot be read. */
  ticketEnctype: number | null;
}

export class LabCcacheError extends Error {}

class Reader {
  offset = 0;
  constructor(private readonly buf: Buffer) {}
  private need(count: number): void {
    if (this.offset + count > this.buf.length) throw new LabCcacheError('ccache: a length runs past the end');
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.offset++);
  }
  u16(): number {
    this.need(2);
    const value = this.buf.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }
  u32(): number {
    this.need(4);
    const value = this.buf.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }
  bytes(count: number): Buffer {
    this.need(count);
    const out = this.buf.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }
  data(): Buffer {
    return this.bytes(this.u32());
  }
  done(): boolean {
    return this.offset >= this.buf.length;
  }
}

function principal(reader: Reader): { name: string; realm: string } {
  reader.u32(); // name type
  const count = reader.u32();
  const realm = reader.data().toString('utf8');
  const parts: string[] = [];
  for (let index = 0; index < count; index++) parts.push(reader.data().toString('utf8'));
  return { name: parts.join('/'), realm };
}

/** The etype of a Ticket's enc-part: [APPLICATION 1] SEQUENCE { [0] tkt-vno, [1] realm, [2] sname, [3] enc-part }. */
function ticketEtype(ticket: Buffer): number | null {
  const tlv = (at: number): { tag: number; start: number; end: number } | null => {
    if (at + 2 > ticket.length) return null;
    let length = ticket[at + 1]!;
    let start = at + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || start + count > ticket.length) return null;
      length = 0;
      for (let index = 0; index < count; index++) length = length * 256 + ticket[start + index]!;
      start += count;
    }
    return start + length > ticket.length ? null : { tag: ticket[at]!, start, end: start + length };
  };
  const app = tlv(0);
  const sequence = app?.tag === 0x61 ? tlv(app.start) : null;
  if (!sequence || sequence.tag !== 0x30) return null;
  for (let at = sequence.start; at < sequence.end;) {
    const field = tlv(at);
    if (!field) return null;
    if (field.tag === 0xa3) {
      const encrypted = tlv(field.start);
      const etypeField = encrypted?.tag === 0x30 ? tlv(encrypted.start) : null;
      const integer = etypeField?.tag === 0xa0 ? tlv(etypeField.start) : null;
      if (!integer || integer.tag !== 0x02 || integer.end - integer.start > 4) return null;
      return ticket.subarray(integer.start, integer.end).readIntBE(0, integer.end - integer.start);
    }
    at = field.end;
  }
  return null;
}

function skipAddressesAndAuthdata(reader: Reader): void {
  for (let count = reader.u32(); count > 0; count--) {
    reader.u16();
    reader.data();
  }
  for (let count = reader.u32(); count > 0; count--) {
    reader.u16();
    reader.data();
  }
}

/** The tickets of a version 3 or 4 FILE ccache, configuration entries left out. */
export function readLabCcache(buf: Buffer): LabTicket[] {
  const reader = new Reader(buf);
  const [format, version] = [reader.u8(), reader.u8()];
  if (format !== 5 || (version !== 3 && version !== 4)) throw new LabCcacheError('ccache: not a version 3/4 cache');
  if (version === 4) reader.bytes(reader.u16());
  principal(reader);
  const tickets: LabTicket[] = [];
  while (!reader.done()) {
    const client = principal(reader);
    const server = principal(reader);
    const sessionEnctype = reader.u16();
    reader.data(); // the session key: skipped, never kept
    const [authTime, startTime, end, renewUntil] = [reader.u32(), reader.u32(), reader.u32(), reader.u32()];
    reader.u8(); // is_skey
    const flags = reader.u32();
    skipAddressesAndAuthdata(reader);
    const ticket = reader.data();
    reader.data(); // second ticket
    if (server.realm === 'X-CACHECONF:' || server.realm === 'X-RMED-CONF:') continue;
    tickets.push({
      client: client.name,
      clientRealm: client.realm,
      server: server.name,
      serverRealm: server.realm,
      start: startTime || authTime,
      end,
      renewUntil,
      flags: flags >>> 0,
      sessionEnctype,
      ticketEnctype: ticketEtype(ticket),
    });
  }
  return tickets;
}
