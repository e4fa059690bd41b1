// TDS packet framing (MS-TDS 2.2.3.1): an 8-byte header (Type, Status, Length big-endian and counting the
// header, SPID big-endian, PacketID, Window) and a payload. A message is a run of packets of one type
// ending with the EOM status bit (0x01).
import { ParseError } from '../../errors';
import { NeedMoreBytes, type Read } from './bytes';

export const PACKET_TYPE = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  TABULAR_RESULT: 0x04,
  ATTENTION: 0x06,
  BULK_LOAD: 0x07,
  FEDAUTH_TOKEN: 0x08,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  SSPI: 0x11,
  PRELOGIN: 0x12,
} as const;

export const STATUS_EOM = 0x01;
export const HEADER_LENGTH = 8;
/** MS-TDS caps the negotiated packet size at 32767; anything larger in a header is hostile. */
export const MAX_PACKET_SIZE = 32767;
export const MIN_PACKET_SIZE = 512;

const KNOWN_TYPES = new Set<number>(Object.values(PACKET_TYPE));

export interface Packet {
  type: number;
  status: number;
  spid: number;
  packetId: number;
  payload: Buffer;
}

export function readPacket(buf: Buffer, offset: number): Read<Packet> {
  if (buf.length < offset + HEADER_LENGTH) throw new NeedMoreBytes(offset + HEADER_LENGTH);
  const type = buf.readUInt8(offset);
  const status = buf.readUInt8(offset + 1);
  const length = buf.readUInt16BE(offset + 2);
  if (!KNOWN_TYPES.has(type))
    throw new ParseError('TDS_PACKET_TYPE', `unknown packet type 0x${type.toString(16)}`, offset);
  if (length < HEADER_LENGTH)
    throw new ParseError('TDS_PACKET_LENGTH', `packet length ${length} is shorter than its header`, offset + 2);
  if (length > MAX_PACKET_SIZE)
    throw new ParseError('TDS_PACKET_LENGTH', `packet length ${length} exceeds ${MAX_PACKET_SIZE}`, offset + 2);
  if (buf.length < offset + length) throw new NeedMoreBytes(offset + length);
  return {
    value: {
      type,
      status,
      spid: buf.readUInt16BE(offset + 4),
      packetId: buf.readUInt8(offset + 6),
      payload: Buffer.from(buf.subarray(offset + HEADER_LENGTH, offset + length)),
    },
    offset: offset + length,
  };
}

/** One packet's bytes; `writeMessage` is the usual way to frame a whole message. */
export function writePacket(packet: Packet): Buffer {
  const length = HEADER_LENGTH + packet.payload.length;
  if (length > MAX_PACKET_SIZE)
    throw new ParseError('TDS_PACKET_LENGTH', `packet length ${length} exceeds ${MAX_PACKET_SIZE}`);
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt8(packet.type, 0);
  header.writeUInt8(packet.status, 1);
  header.writeUInt16BE(length, 2);
  header.writeUInt16BE(packet.spid, 4);
  header.writeUInt8(packet.packetId, 6);
  return Buffer.concat([header, packet.payload]);
}

export interface WriteMessageOptions {
  packetSize?: number;
  spid?: number;
}

/** Splits one message into packets of at most packetSize bytes; the last carries EOM. */
export function writeMessage(type: number, payload: Buffer, opts: WriteMessageOptions = {}): Buffer {
  const packetSize = opts.packetSize ?? 4096;
  if (packetSize < MIN_PACKET_SIZE || packetSize > MAX_PACKET_SIZE) {
    throw new ParseError('TDS_PACKET_SIZE', `packet size ${packetSize} outside ${MIN_PACKET_SIZE}..${MAX_PACKET_SIZE}`);
  }
  const room = packetSize - HEADER_LENGTH;
  const packets: Buffer[] = [];
  let sequence = 1;
  let position = 0;
  do {
    const chunk = payload.subarray(position, position + room);
    position += chunk.length;
    const status = position >= payload.length ? STATUS_EOM : 0;
    packets.push(writePacket({ type, status, spid: opts.spid ?? 0, packetId: sequence % 256, payload: chunk }));
    sequence++;
  } while (position < payload.length);
  return Buffer.concat(packets);
}
