// `reg query KEY [/v NAME]` output, as reg.exe prints it: a blank line, the key path, then one value per
// line indented by four spaces: `NAME    TYPE    DATA` (fields separated by runs of 4 spaces; a name may
// hold single spaces). "ERROR: The system was unable to find the specified registry key or value." when
// absent (exit 1). Only the structure is read; the error text is localized and never matched.
import { ParseError } from '../errors';

export interface RegValue {
  key: string;
  name: string;
  type: string;
  data: string;
}

const MAX_CHARS = 1024 * 1024;
const VALUE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

const KEY_LINE = /^( *)(HKEY_[A-Z_]+(?:\\.*)?|HK(?:LM|CU|CR|U|CC)(?:\\.*)?)$/;

/**
 * The values under each key. A paste may be indented as a whole (a remote runner that indents stdout, a quote
 * in a mail): a key line's own indentation is the margin its value lines are read from.
 */
export function parseRegQuery(text: string): RegValue[] {
  if (text.length > MAX_CHARS) throw new ParseError('REG_TOO_LARGE', 'reg query output is larger than 1 MiB');
  const values: RegValue[] = [];
  let key: string | null = null;
  let margin = 0;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\s+$/, '');
    if (!line) continue;
    const keyLine = KEY_LINE.exec(line);
    if (keyLine) {
      margin = keyLine[1]!.length;
      key = keyLine[2]!;
      continue;
    }
    const match = VALUE.exec(line.slice(margin));
    if (match && key && /^ *$/.test(line.slice(0, margin)))
      values.push({ key, name: match[1]!.trim(), type: match[2]!, data: (match[3] ?? '').trim() });
  }
  return values;
}

/** A REG_DWORD as a number (`0x1` → 1), or null when absent or not a DWORD. */
export function dword(values: readonly RegValue[], name: string): number | null {
  const v = values.find((x) => x.name.toLowerCase() === name.toLowerCase() && x.type === 'REG_DWORD');
  if (!v) return null;
  const n = Number.parseInt(v.data, 16);
  return Number.isFinite(n) ? n : null;
}
