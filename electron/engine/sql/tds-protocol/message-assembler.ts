// Reassembles whole TDS messages from an arbitrary byte stream (TCP gives no framing guarantees: a
// message may arrive one byte at a time or several in one chunk). Limits keep hostile peers from
// making the server buffer without bound.
import { ParseError } from '../../errors';
import { NeedMoreBytes } from './bytes';
import { readPacket } from './packet';

export interface Message {
  type: number;
  status: number;
  payload: Buffer;
}

export interface AssemblerLimits {
  /** Largest packet accepted (the negotiated packet size; MS-TDS allows up to 32767). */
  maxPacketSize: number;
  /** Largest reassembled message. */
  maxMessageSize: number;
}

export class MessageAssembler {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private partsLength = 0;
  private currentType: number | null = null;
  limits: AssemblerLimits;

  constructor(limits: AssemblerLimits) {
    this.limits = limits;
  }

  /** Bytes received but not yet part of a complete packet. */
  get buffered(): number {
    return this.pending.length + this.partsLength;
  }

  /** Feeds bytes; returns every message completed by them. Throws ParseError on hostile framing. */
  push(chunk: Buffer): Message[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Message[] = [];
    let offset = 0;
    for (;;) {
      if (this.pending.length - offset >= 4) {
        const declared = this.pending.readUInt16BE(offset + 2);
        if (declared > this.limits.maxPacketSize) {
          throw new ParseError(
            'TDS_PACKET_TOO_LARGE',
            `packet of ${declared} bytes exceeds the negotiated ${this.limits.maxPacketSize}`,
            offset + 2,
          );
        }
      }
      let packet;
      try {
        ({ value: packet, offset } = readPacket(this.pending, offset));
      } catch (err) {
        if (err instanceof NeedMoreBytes) break;
        throw err;
      }
      if (this.currentType !== null && packet.type !== this.currentType) {
        throw new ParseError(
          'TDS_PACKET_INTERLEAVED',
          `packet of type 0x${packet.type.toString(16)} inside a message of type 0x${this.currentType.toString(16)}`,
        );
      }
      this.currentType = packet.type;
      this.parts.push(packet.payload);
      this.partsLength += packet.payload.length;
      if (this.partsLength > this.limits.maxMessageSize) {
        throw new ParseError('TDS_MESSAGE_TOO_LARGE', `message exceeds ${this.limits.maxMessageSize} bytes`);
      }
      if (packet.status & 0x01) {
        out.push({ type: packet.type, status: packet.status, payload: Buffer.concat(this.parts) });
        this.parts = [];
        this.partsLength = 0;
        this.currentType = null;
      }
    }
    this.pending = offset ? Buffer.from(this.pending.subarray(offset)) : this.pending;
    return out;
  }
}
