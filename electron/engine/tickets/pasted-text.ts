// Text as users save or paste it: PowerShell's `>` writes UTF-16LE with a BOM, cmd.exe writes the OEM
// code page, editors add a UTF-8 BOM, Windows ends lines with CRLF. All become plain `\n` lines here.
import { ParseError } from '../errors';

/** Pasted text larger than this is not a klist or dsregcmd output; refusing it keeps parsing bounded. */
export const MAX_TEXT_CHARS = 4 * 1024 * 1024;

export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  // UTF-16LE without a BOM: every second byte of ASCII text is zero.
  if (bytes.length >= 4 && bytes[1] === 0 && bytes[3] === 0 && bytes[0] !== 0 && bytes[2] !== 0) {
    return new TextDecoder('utf-16le').decode(bytes);
  }
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return utf8.startsWith('\uFEFF') ? utf8.slice(1) : utf8;
}

/** Lines without CR, BOM or trailing whitespace. */
export function toLines(text: string, codePrefix: string): string[] {
  if (text.length > MAX_TEXT_CHARS) {
    throw new ParseError(`${codePrefix}_TOO_LARGE`, `the text is ${text.length} characters long`);
  }
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+$/, ''));
}
