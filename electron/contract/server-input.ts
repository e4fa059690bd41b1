// What a user types as the server, read the one way the CLI, the IPC channel and the app's form all read it
// (check-input.ts builds its schema on it; the renderer runs it as it is typed). Pure, and importing only the
// import-free error codes, so the renderer may run it.
//
// SSMS users type `tcp:host,port` and `host,port` (SQL Server's own server-name syntax); others `host:port`.
// Both are understood: the port is split off, with a note saying so, and a port that contradicts the one
// given separately is refused instead of guessed. Anything that is not a plain ASCII host name or IP address
// is refused before any traffic: a control character (an escape sequence pasted with the name), a letter
// that only looks like an ASCII one (Cyrillic "о" in "cоntoso"), a space, slash or @.
import { INPUT_ERROR_CODES, type InputErrorCode } from './error-codes';

export interface ServerInput {
  /** The host name or IP alone: lower-cased, without `tcp:`, port, brackets or trailing dot. */
  host: string;
  /** The port written into the server text, if any. */
  port: number | null;
  /** What was understood beyond the plain name (a split-off port), in words for the user. */
  note: string | null;
}

export type ServerInputResult = ({ ok: true } & ServerInput) | { ok: false; code: InputErrorCode; message: string };

const LABEL = /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
// Controls (C0, DEL, C1), format characters (bidi, zero widths, BOM…), separators and lone surrogates.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
const NON_ASCII = /[^\x20-\x7e]/u;

const codePoint = (c: string): string => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** True for an IPv4 address or an IPv6 address (hex groups and colons, optionally a trailing IPv4). */
export function isIpAddress(s: string): boolean {
  if (IPV4.test(s)) return true;
  if (!s.includes(':') || !/^[0-9a-f:.]+$/i.test(s)) return false;
  const groups = s.split(':');
  return (
    groups.length >= 3 &&
    groups.length <= 8 &&
    (s.match(/::/g) ?? []).length <= 1 &&
    groups.every((g) => g.length <= 4 || IPV4.test(g))
  );
}

function isHostName(s: string): boolean {
  return s.length <= 253 && s.split('.').every((l) => LABEL.test(l)) && !/^\d+$/.test(s.split('.').at(-1) ?? '');
}

const fail = (code: InputErrorCode, message: string): ServerInputResult => ({ ok: false, code, message });

/**
 * Reads the server text. `explicitPort` is a port given on its own (`--port`, the form's port field, the
 * request's `port`), or null when none was given: a port inside the server text must then agree with it.
 */
export function readServerInput(raw: string, explicitPort: number | null = null): ServerInputResult {
  // Surrounding blanks (a pasted line's newline) are trimmed; anything invisible inside the name is refused.
  const hidden = [...raw.trim()].find((c) => INVISIBLE.test(c));
  if (hidden !== undefined) {
    return fail(
      INPUT_ERROR_CODES.serverControlCharacter,
      `the server name contains the invisible character ${codePoint(hidden)}; ` +
        'type the name again instead of pasting it',
    );
  }
  let text = raw.trim();
  if (text === '')
    return fail(
      INPUT_ERROR_CODES.serverMissing,
      'the server is required: the instance FQDN, e.g. sqlmi1.abc123.database.windows.net',
    );
  const odd = [...text].find((c) => NON_ASCII.test(c));
  if (odd !== undefined) {
    return fail(
      INPUT_ERROR_CODES.serverNotAscii,
      `the server name contains "${odd}" (${codePoint(odd)}), which is not an ASCII letter: ` +
        'it may look like one but names another host; ' +
        'type the name in ASCII (an internationalised name as its xn-- form)',
    );
  }
  const tcp = /^tcp:/i.test(text);
  text = text.replace(/^tcp:/i, '');
  let port: number | null = null;
  // SQL Server's `host,port` (with or without tcp:), or `host:port`; an IPv6 address needs brackets for a port.
  const match = /^(.*),\s*(\d{1,5})$/.exec(text) ?? /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    port = Number(match[2]);
    if (port < 1 || port > 65535)
      return fail(
        INPUT_ERROR_CODES.serverPortInvalid,
        `the port in "${raw.trim()}" must be a whole number from 1 to 65535`,
      );
    text = match[1].trim();
  }
  const host = text
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();
  if (host === '')
    return fail(
      INPUT_ERROR_CODES.serverMissing,
      'the server is required: the instance FQDN, e.g. sqlmi1.abc123.database.windows.net',
    );
  if (/[\s/\\@]/.test(host))
    return fail(
      INPUT_ERROR_CODES.serverInvalid,
      `"${host}" is not a valid host name ` +
        '(no spaces, slashes, backslashes or @: a named instance \\name does not apply to a managed instance)',
    );
  if (!isIpAddress(host) && !isHostName(host))
    return fail(
      INPUT_ERROR_CODES.serverInvalid,
      `"${host}" is not a valid host name (letters, digits, hyphens and dots only, labels of 1 to 63 characters)`,
    );
  if (port !== null && explicitPort !== null && port !== explicitPort) {
    return fail(
      INPUT_ERROR_CODES.serverPortConflict,
      `the server "${raw.trim()}" names port ${port} but the port given is ${explicitPort}; give the port once`,
    );
  }
  const note =
    port !== null
      ? `read "${raw.trim()}" as server ${host}, port ${port}${tcp ? ' (tcp: is implied)' : ''}`
      : tcp
        ? `read "${raw.trim()}" as server ${host} (tcp: is implied)`
        : null;
  return { ok: true, host, port, note };
}
