// `klist get <SPN>` (and any klist run that failed): success prints the ticket list, failure prints the
// LSA substatus (`0x6fb`) and the NTSTATUS (`0xc000018b/-1073741429: text`). The numbers are the same in
// every language; the text after them is translated, so it is kept only as text, marked as such.
import { ParseError } from '../errors';
import type { Ticket } from '../../contract/report';
import { parseWindowsKlist, type KlistCut, type WindowsTimeOptions } from './windows-klist';
import { toLines } from './pasted-text';
import { lookupWindowsStatus } from '../diagnose/windows-status';
import type { UnreadLine } from './unread-lines';

export interface KlistFailure {
  /** The LSA `GetTicket substatus` (a Win32 or SSPI code), when klist printed one. */
  substatus: number | null;
  substatusHex: string | null;
  /** The final status (NTSTATUS or SSPI HRESULT) as an unsigned 32-bit number. */
  status: number | null;
  statusHex: string | null;
  /** The message Windows attached, in the OS language (may be misleading: see 0x6fb). */
  statusText: string | null;
}

export type KlistGetResult =
  | {
      ok: true;
      logonId: string | null;
      spn: string | null;
      tickets: Ticket[];
      unread: UnreadLine[];
      /** The paste ends before the list does (windows-klist.ts). */
      cut?: KlistCut;
    }
  | ({ ok: false; logonId: string | null } & KlistFailure);

// The substatus is printed in hex (`(GetTicket substatus): 0x6fb`) or, by some builds and calls, in decimal
// (`(ShowTickets substatus): 1312`, i.e. 0x520 ERROR_NO_SUCH_LOGON_SESSION: real pastes in
// test/fixtures/real/klist/klist-en-no-logon-session-*.txt). Microsoft does not document klist's format; both are read.
const SUBSTATUS = /LsaCallAuthenticationPackage\b.*?\)\s*:\s*(0x[0-9a-f]{1,8}|\d{1,10})\b/i;
const FAILED = /\bklist\b.*?\b(0x[0-9a-f]{1,8})\/(-?\d{1,10})\b(?::\s*(.*))?$/i;
const RETRIEVED = /^A ticket to (\S+) has been retrieved successfully\.?$/i;

/** `0x520` or `1312` → 0x520 (unsigned 32-bit); a decimal beyond 32 bits is not a status and reads as null. */
function readNumber(text: string): number | null {
  const n = /^0x/i.test(text) ? Number.parseInt(text, 16) : Number(text);
  return Number.isSafeInteger(n) && n <= 0xffffffff ? n >>> 0 : null;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** The failure lines of any klist run, or null when the text has none. */
export function findKlistFailure(lines: string[]): KlistFailure | null {
  let substatus: number | null = null;
  let status: number | null = null;
  let statusText: string | null = null;
  for (const line of lines) {
    const sub = SUBSTATUS.exec(line);
    if (sub?.[1] && substatus === null) substatus = readNumber(sub[1]);
    const failed = FAILED.exec(line);
    if (failed?.[1] && status === null) {
      status = Number.parseInt(failed[1], 16) >>> 0;
      statusText = failed[3]?.trim() || null;
    }
  }
  if (substatus === null && status === null) return null;
  return {
    substatus,
    substatusHex: substatus === null ? null : hex(substatus),
    status,
    statusHex: status === null ? null : hex(status),
    statusText,
  };
}

/** One status with its Windows name: `0x520 ERROR_NO_SUCH_LOGON_SESSION`, or the number alone when not in the table. */
function named(hexText: string | null, value: number | null): string {
  if (hexText === null || value === null) return 'none';
  const entry = lookupWindowsStatus(value);
  return entry ? `${hexText} ${entry.name}` : `${hexText} (not in KerbProbe's table)`;
}

/**
 * A failed klist run in one wording, wherever it is said (`kerbprobe tickets --from-klist`, `kerbprobe analyze`,
 * the Helpdesk view): `klist failed: substatus 0x520 ERROR_NO_SUCH_LOGON_SESSION, status 0xc000005f …`.
 */
export function describeKlistFailure(f: KlistFailure): string {
  return `klist failed: substatus ${named(f.substatusHex, f.substatus)}, status ${named(f.statusHex, f.status)}`;
}

export function findLogonId(lines: string[]): string | null {
  for (const line of lines) {
    if (line.trimStart().startsWith('#')) break;
    const m = /\b(\d+:0x[0-9a-f]+|0x[0-9a-f]+:0x[0-9a-f]+)\s*$/i.exec(line);
    if (m?.[1]) return m[1];
  }
  return null;
}

export function parseKlistGet(text: string, opts: WindowsTimeOptions = {}): KlistGetResult {
  const lines = toLines(text, 'KLIST');
  const logonId = findLogonId(lines);
  const failure = findKlistFailure(lines);
  if (failure) return { ok: false, logonId, ...failure };
  const first = lines.findIndex((l) => /^\s*#\d+>/.test(l));
  let spn: string | null = null;
  for (const line of lines) {
    const match = RETRIEVED.exec(line.trim());
    if (match?.[1]) {
      spn = match[1];
      break;
    }
  }
  if (first < 0) throw new ParseError('KLIST_NOT_RECOGNISED', 'neither a klist failure nor a ticket list');
  // The list after the success line is klist's own: read as such (its count, a cut paste, the file's line numbers).
  const list = parseWindowsKlist(text, opts);
  return {
    ok: true,
    logonId,
    spn,
    tickets: list.tickets,
    unread: list.unread,
    ...(list.cut ? { cut: list.cut } : {}),
  };
}
