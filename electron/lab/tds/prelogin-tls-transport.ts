// The byte transport under the server's TLSSocket. TDS 7.x carries the TLS handshake inside PRELOGIN
// (0x12) packets and then switches to raw TLS records on the socket; TDS 8.0 strict is raw TLS from the
// first byte. The connection feeds every socket chunk here; this Duplex unwraps (handshake) or passes
// (raw) them to TLS, and wraps TLS output the same way. One handshake flight goes out as one PRELOGIN
// message, because clients answer each message they send with exactly one message read back.
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { MessageAssembler } from '../../engine/sql/tds-protocol/message-assembler';
import { PACKET_TYPE, writeMessage } from '../../engine/sql/tds-protocol/packet';
import { ParseError } from '../../engine/errors';

/** First bytes of a TLS record (change_cipher_spec, alert, handshake, application_data). */
const TLS_RECORD_TYPES = new Set([0x14, 0x15, 0x16, 0x17]);

export class PreloginTlsTransport extends Duplex {
  /** Incoming bytes are PRELOGIN packets (true) or raw TLS records (false). */
  private wrapIn: boolean;
  /** Outgoing TLS output is wrapped into PRELOGIN messages (true) or written raw (false). */
  private wrapOut: boolean;
  private readonly raw: Socket;
  private readonly assembler = new MessageAssembler({ maxPacketSize: 32767, maxMessageSize: 64 * 1024 });
  private outgoing: Buffer[] = [];
  private flushScheduled = false;

  /** wrapped: true for TDS 7.x (handshake inside PRELOGIN packets), false for TDS 8.0 strict. */
  constructor(raw: Socket, wrapped: boolean) {
    super();
    this.raw = raw;
    this.wrapIn = wrapped;
    this.wrapOut = wrapped;
  }

  /**
   * The handshake is over: from now on both directions are raw TLS records. TLS reports completion
   * before its last flight (CCS + Finished) has been written, so the output side switches only after
   * the writes of this turn went out wrapped.
   */
  handshakeDone(): void {
    this.wrapIn = false;
    if (!this.wrapOut) return;
    setImmediate(() => {
      this.flush();
      this.wrapOut = false;
    });
  }

  /** Bytes from the socket. Throws ParseError on framing a TDS peer could not have sent. */
  feed(chunk: Buffer): void {
    if (!this.wrapIn) {
      this.push(chunk);
      return;
    }
    // A client that finished its side may already send raw TLS after its last wrapped flight.
    if (this.assembler.buffered === 0 && chunk.length > 0 && TLS_RECORD_TYPES.has(chunk[0]!)) {
      this.wrapIn = false;
      this.push(chunk);
      return;
    }
    for (const message of this.assembler.push(chunk)) {
      if (message.type !== PACKET_TYPE.PRELOGIN)
        throw new ParseError('TDS_TLS_FRAMING', `packet type 0x${message.type.toString(16)} during the TLS handshake`);
      this.push(message.payload);
    }
  }

  override _read(): void {
    // Data is pushed as it arrives from the socket.
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (!this.wrapOut) {
      this.raw.write(chunk, done);
      return;
    }
    this.outgoing.push(chunk);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    done();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.outgoing.length === 0) return;
    const body = Buffer.concat(this.outgoing);
    this.outgoing = [];
    if (!this.raw.destroyed) this.raw.write(writeMessage(PACKET_TYPE.PRELOGIN, body));
  }

  override _final(done: (err?: Error | null) => void): void {
    this.flush();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.raw.destroy();
    done(err);
  }
}
