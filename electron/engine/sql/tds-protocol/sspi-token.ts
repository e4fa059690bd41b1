// SSPI (MS-TDS 2.2.7.22): 0xED, then US_VARBYTE, a 2-byte length and the security package's bytes (an
// AP-REP, a SPNEGO NegTokenResp, an NTLM CHALLENGE...). Read raw: what they mean is the security context's say.
import { readUsVarByte, usVarByte, type Read } from './bytes';
import { TOKEN } from './token-types';

export function sspiToken(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from([TOKEN.SSPI]), usVarByte(data)]);
}

/** The token's bytes; `offset` is just past the type byte. */
export function readSspiToken(buf: Buffer, offset: number): Read<Buffer> {
  return readUsVarByte(buf, offset);
}
