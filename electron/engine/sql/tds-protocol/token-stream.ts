// A tabular response as tokens (MS-TDS 2.2.7): the type byte picks the token's reader. `readToken` is the
// streaming form (NeedMoreBytes while a token is incomplete); `readTokens` reads a whole message, where
// running short is an error (TDS_TOKEN_TRUNCATED).
import { ParseError } from '../../errors';
import { readU8, type Read } from './bytes';
import { readDoneToken, type Done } from './done-token';
import { readEnvChangeToken, type EnvChange } from './env-change-token';
import { readLoginAckToken, type LoginAck } from './login-ack-token';
import { readColMetadataToken, readRowToken, type Cell, type Column } from './result-set-tokens';
import { readServerMessageToken, type ServerMessage } from './server-message-token';
import { readSspiToken } from './sspi-token';
import { TOKEN } from './token-types';

export type Token =
  | { kind: 'sspi'; data: Buffer }
  | { kind: 'loginack'; value: LoginAck }
  | { kind: 'error' | 'info'; value: ServerMessage }
  | ({ kind: 'envchange' } & EnvChange)
  | { kind: 'done'; token: number; value: Done }
  | { kind: 'colmetadata'; columns: Column[] }
  | { kind: 'row'; cells: Cell[] };

/** What a reader must remember between tokens: the columns a ROW is read against. */
export interface TokenContext {
  columns: Column[] | null;
}

export function readToken(buf: Buffer, offset: number, context: TokenContext): Read<Token> {
  const type = readU8(buf, offset);
  const at = type.offset;
  switch (type.value) {
    case TOKEN.SSPI: {
      const sspi = readSspiToken(buf, at);
      return { value: { kind: 'sspi', data: sspi.value }, offset: sspi.offset };
    }
    case TOKEN.LOGINACK: {
      const ack = readLoginAckToken(buf, at);
      return { value: { kind: 'loginack', value: ack.value }, offset: ack.offset };
    }
    case TOKEN.ERROR:
    case TOKEN.INFO: {
      const message = readServerMessageToken(buf, at);
      const kind = type.value === TOKEN.ERROR ? 'error' : 'info';
      return { value: { kind, value: message.value }, offset: message.offset };
    }
    case TOKEN.ENVCHANGE: {
      const change = readEnvChangeToken(buf, at);
      return { value: { kind: 'envchange', ...change.value }, offset: change.offset };
    }
    case TOKEN.DONE:
    case TOKEN.DONEPROC:
    case TOKEN.DONEINPROC: {
      const done = readDoneToken(buf, at);
      return { value: { kind: 'done', token: type.value, value: done.value }, offset: done.offset };
    }
    case TOKEN.COLMETADATA: {
      const columns = readColMetadataToken(buf, at);
      context.columns = columns.value;
      return { value: { kind: 'colmetadata', columns: columns.value }, offset: columns.offset };
    }
    case TOKEN.ROW: {
      if (!context.columns) throw new ParseError('TDS_TOKEN_ORDER', 'ROW before COLMETADATA', offset);
      const row = readRowToken(buf, at, context.columns);
      return { value: { kind: 'row', cells: row.value }, offset: row.offset };
    }
    default:
      throw new ParseError('TDS_TOKEN_UNSUPPORTED', `token 0x${type.value.toString(16)}`, offset);
  }
}

/** Reads a whole response message into tokens (the message is complete, so running short is an error). */
export function readTokens(payload: Buffer): Token[] {
  const context: TokenContext = { columns: null };
  const tokens: Token[] = [];
  let offset = 0;
  while (offset < payload.length) {
    try {
      const token = readToken(payload, offset, context);
      tokens.push(token.value);
      offset = token.offset;
    } catch (err) {
      // NeedMoreBytes here means the message ended inside a token; nothing else but a ParseError may escape.
      if (err instanceof ParseError) throw err;
      throw new ParseError('TDS_TOKEN_TRUNCATED', 'response message ends inside a token', offset);
    }
  }
  return tokens;
}
