// A collected tool output, read line by line by what its parser knows each field to be (the field-kind tables
// beside each parser in engine/environment/): a field that names something (a device, a tenant, a proxy, a realm,
// a group) is handed to redaction as a name of its kind, so the same placeholder replaces it in every output and in
// the check; Microsoft's own words, yes/no, numbers and states are kept; a secret is removed; a field or line the
// table does not classify is redacted, never kept. The free-text patterns of redact.ts run afterwards as the second
// net. klist and kvno are read by their ticket parsers (tickets/), which seed the names they hold; the few labelled
// lines they print besides tickets are classified here.
import type { RegKeyFieldKinds, ToolFieldKind } from '../../contract/bundle';
import { CREDENTIAL_GUARD_FIELD_KINDS } from '../environment/credential-guard';
import { DSREGCMD_FIELD_KINDS } from '../environment/dsregcmd';
import { KDC_PROXY_FIELD_KINDS } from '../environment/kdc-proxy-policy';
import { KERBEROS_POLICY_FIELD_KINDS } from '../environment/kdc-proxy-settings';
import { PROXY_MGR_FIELD_KINDS } from '../environment/proxy-mgr';
import { HOST_TO_REALM_FIELD_KINDS } from '../environment/realm-mapping';
import { SC_QUERY_FIELD_KINDS } from '../environment/sc-query';
import { isWellKnownSid, WHOAMI_GROUPS_FIELD_KINDS } from '../environment/whoami-groups';
import { WINHTTP_PROXY_FIELD_KINDS } from '../environment/winhttp-proxy';
import { CLOUD_DEBUG_FIELD_KINDS } from '../environment/windows-cloud-debug';
import { CLOUD_KERBEROS_FIELD_KINDS } from '../environment/windows-environment';
import { CURRENT_VERSION_FIELD_KINDS } from '../environment/windows-build';

/** What stands in for a field or line no table classifies. */
export const REDACTED = '[redacted]';
/** What stands in for a secret (a certificate thumbprint, a product id). */
export const REMOVED = '[removed]';

export interface ToolName {
  kind: Exclude<ToolFieldKind, 'fixed' | 'secret'>;
  value: string;
}

export interface StructuredOutput {
  /** The output with unclassified fields and secrets replaced; names are still in it (redaction replaces them). */
  text: string;
  names: ToolName[];
}

type LineReader = (line: string, index: number, lines: readonly string[], names: ToolName[]) => string;

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();
const indentOf = (line: string): string => /^\s*/.exec(line)?.[0] ?? '';
const redactedLine = (line: string): string => (line.trim() ? `${indentOf(line)}${REDACTED}` : line);

/**
 * A URL field's word for "none": dsregcmd prints `AzureAdPrtAuthority : NO` and `EnterprisePrtAuthority : NO` on a
 * device without that PRT (test/fixtures/real/device/dsregcmd-domain-joined-*.txt). Taken for a host name, `NO`
 * would replace every NO of the output (AzureAdJoined : NO) by a placeholder.
 */
export const URL_NONE = /^\s*(?:NO|NONE)\s*$/i;

/** A value of a field of this kind: kept, removed, redacted (undefined: not classified), or handed on as a name. */
function valueOf(kind: ToolFieldKind | undefined, value: string, names: ToolName[]): string {
  if (!value.trim() || kind === 'fixed') return value;
  if (kind === undefined) return REDACTED;
  if (kind === 'secret') return REMOVED;
  if (kind === 'url' && URL_NONE.test(value)) return value;
  names.push({ kind, value: value.trim() });
  return value;
}

/** Splits on line ends and reads each line, keeping the output's line ends (CRLF stays CRLF). */
function byLine(text: string, read: LineReader): StructuredOutput {
  const names: ToolName[] = [];
  const parts = text.split(/(\r?\n)/);
  const lines = parts.filter((_, i) => i % 2 === 0);
  let lineIndex = 0;
  const out = parts.map((part, i) => (i % 2 === 1 ? part : read(part, lineIndex++, lines, names)));
  return { text: out.join(''), names };
}

/** dsregcmd's boxes and `Name : value` lines (environment/dsregcmd.ts reads the same shape). */
const DSREG_FIELD = /^(\s*)([A-Za-z][A-Za-z0-9 ._()/-]*?)(\s*:(?!\/\/)\s*)(.*)$/;
const BOX_BORDER = /^\s*\+[-=+]*\+\s*$/;
const BOX_TITLE = /^\s*\|\s*[A-Za-z][A-Za-z ]*\s*\|\s*$/;

/** Text before the first box (a prompt, a banner) is not part of the output (environment/dsregcmd.ts): redacted. */
function readDsregcmd(text: string): StructuredOutput {
  let inBox = false;
  return byLine(text, (line, _index, _lines, names) => {
    if (!line.trim() || BOX_BORDER.test(line)) return line;
    if (BOX_TITLE.test(line)) {
      inBox = true;
      return line;
    }
    const field = inBox ? DSREG_FIELD.exec(line) : null;
    if (!field) return redactedLine(line);
    const [, indent = '', label = '', colon = '', value = ''] = field;
    return `${indent}${label}${colon}${valueOf(DSREGCMD_FIELD_KINDS[norm(label)], value, names)}`;
  });
}

/** cloud_debug: `label: number` lines (any label: the parser reads each into `raw`), its header and LogonId. */
const CLOUD_DEBUG_FIXED = [/^\s*Current LogonId is 0:0x[0-9a-f]+\s*$/i, /^\s*Cloud Kerberos Debug info:\s*$/i];
const readCloudDebug: LineReader = (line, _index, _lines, names) => {
  if (!line.trim() || CLOUD_DEBUG_FIXED.some((re) => re.test(line))) return line;
  const field = /^(\s*)([^:]+?)(\s*:\s*)(.*?)(\s*)$/.exec(line);
  if (!field) return redactedLine(line);
  const [, indent = '', label = '', colon = '', value = '', tail = ''] = field;
  const kind = CLOUD_DEBUG_FIELD_KINDS[norm(label)] ?? (/^-?\d+$/.test(value) ? 'fixed' : undefined);
  return `${indent}${label}${colon}${valueOf(kind, value, names)}${tail}`;
};

/** sc query: `KEY : value` lines, the state's flags in parentheses, `[SC] … FAILED n`. */
const readScQuery: LineReader = (line, _index, _lines, names) => {
  if (!line.trim() || /^\s*\([A-Z_, ]+\)\s*$/.test(line) || /^\s*\[SC\] [\w:]+ FAILED \d+:?\s*$/.test(line))
    return line;
  const field = /^(\s*)([A-Z0-9_]+)(\s*:\s*)(.*)$/.exec(line);
  if (!field) return redactedLine(line);
  const [, indent = '', key = '', colon = '', value = ''] = field;
  return `${indent}${key}${colon}${valueOf(SC_QUERY_FIELD_KINDS[key.toLowerCase()], value, names)}`;
};

/** netsh winhttp show proxy: the title, the direct-access line, then `label : value` lines read by position. */
function readNetsh(text: string): StructuredOutput {
  const field = /^(\s*[^:]+?\s*:\s+)(.*)$/;
  const hasFields = text.split(/\r?\n/).some((l) => (field.exec(l)?.[2] ?? '').trim() !== '');
  let position = 0;
  let seenTitle = false;
  return byLine(text, (line, _index, _lines, names) => {
    if (!line.trim()) return line;
    const match = field.exec(line);
    if (match && (match[2] ?? '').trim()) {
      const value = match[2] ?? '';
      const kind = WINHTTP_PROXY_FIELD_KINDS[position++];
      // "(none)" and its translations are in parentheses: Windows' words.
      return `${match[1]}${/^\(.*\)\s*$/.test(value) ? value : valueOf(kind, value, names)}`;
    }
    // The title (the first line) and, with no proxy, the direct-access line are Windows' words.
    if (!seenTitle || !hasFields) {
      seenTitle = true;
      return line;
    }
    return redactedLine(line);
  });
}

/**
 * whoami /groups: the title, its underline, the column heading and the `===` line are Windows' words; each row's
 * group name is the organisation's when its SID is (environment/whoami-groups.ts), read from the table's first
 * column (or the first CSV field).
 */
function readWhoami(text: string): StructuredOutput {
  const SID = /\bS-1-\d+(?:-\d+)+\b/i;
  const lines = text.split(/\r?\n/);
  const ruleIndex = lines.findIndex((l) => /^=+( =+)+\s*$/.test(l));
  const nameWidth = ruleIndex >= 0 ? (/^=+/.exec(lines[ruleIndex] ?? '')?.[0].length ?? 0) : 0;
  const firstText = lines.findIndex((l) => l.trim() !== '');
  return byLine(text, (line, index, _lines, names) => {
    if (!line.trim() || /^[\s=-]+$/.test(line) || index === firstText || index === ruleIndex - 1) return line;
    const sid = SID.exec(line)?.[0];
    if (!sid) return redactedLine(line);
    if (isWellKnownSid(sid)) return line;
    const csv = /^"([^"]*)"/.exec(line)?.[1];
    const name = csv ?? (nameWidth ? line.slice(0, nameWidth).trim() : '');
    if (!name) return `${REDACTED} ${line.slice(line.indexOf(sid))}`;
    const kind = WHOAMI_GROUPS_FIELD_KINDS.groupNameOfDomainSid;
    names.push({ kind, value: name });
    return line;
  });
}

/** Every registry key a collected `reg query` reads, with what its values hold (each declared beside its parser). */
export const REG_KEYS: readonly RegKeyFieldKinds[] = [
  CURRENT_VERSION_FIELD_KINDS,
  ...CREDENTIAL_GUARD_FIELD_KINDS,
  ...HOST_TO_REALM_FIELD_KINDS,
  PROXY_MGR_FIELD_KINDS,
  KDC_PROXY_FIELD_KINDS,
  KERBEROS_POLICY_FIELD_KINDS,
  ...CLOUD_KERBEROS_FIELD_KINDS,
].sort((a, b) => b.key.length - a.key.length); // the longest key first: HostToRealm before its parent Lsa
const longKey = (key: string): string => key.replace(/^HKLM(?=\\|$)/i, 'HKEY_LOCAL_MACHINE').toLowerCase();
const REG_VALUE = /^( {4})(.+?)( {4})(REG_[A-Z_]+)(?:( {4})(.*))?$/;
export const NUMBER_TYPES: ReadonlySet<string> = new Set(['REG_DWORD', 'REG_QWORD']);

/** `reg query`: key lines (a known key, or a subkey its table names), then `NAME    TYPE    DATA` value lines. */
function readReg(text: string): StructuredOutput {
  let table: RegKeyFieldKinds | null = null;
  return byLine(text, (raw, _index, _lines, names) => {
    const line = raw.replace(/\s+$/, '');
    if (!line) return raw;
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line) || /^HK(LM|CU|CR|U|CC)(\\|$)/.test(line)) {
      const lower = longKey(line);
      table = REG_KEYS.find((k) => lower === longKey(k.key) || lower.startsWith(`${longKey(k.key)}\\`)) ?? null;
      if (!table) return REDACTED;
      const rest = line.slice(longKey(table.key).length);
      if (!rest) return line;
      const sub = rest.slice(1);
      // A subkey is named as its table says (HostToRealm: a realm); a deeper or undeclared one is redacted.
      if (!table.subkey || sub.includes('\\')) return `${line.slice(0, line.length - sub.length)}${REDACTED}`;
      valueOf(table.subkey, sub, names);
      return line;
    }
    const value = REG_VALUE.exec(line);
    if (!value || !table) return redactedLine(raw);
    const [, indent = '', name = '', gap = '', type = '', gap2 = '', data = ''] = value;
    const keptName = table.valueName ? valueOf(table.valueName, name, names) : name;
    const kind = NUMBER_TYPES.has(type) ? 'fixed' : (table.values[name.toLowerCase()] ?? table.values['*']);
    return `${indent}${keptName}${gap}${type}${gap2}${valueOf(kind, data, names)}`;
  });
}

/**
 * klist and kvno besides their tickets (read by tickets/): MIT's `Ticket cache:` (a path, or a cache type and its
 * name) and `Default principal:`, kvno's `principal: kvno = n`, Windows' `Kdc Called:`. Every other line is kept
 * for the free-text net: the messages klist prints are what analyze reads.
 */
export const KLIST_FIELDS: readonly { line: RegExp; kind: ToolName['kind'] }[] = [
  { line: /^(\s*Ticket cache:\s*)(?:[A-Z]+:)?(.+?)(\s*)$/, kind: 'path' },
  { line: /^(\s*Default principal:\s*)(.+?)(\s*)$/, kind: 'user' },
  { line: /^(\s*Kdc Called:\s*)(.+?)(\s*)$/i, kind: 'host' },
];
const readKlist: LineReader = (line, _index, _lines, names) => {
  for (const field of KLIST_FIELDS) {
    const value = field.line.exec(line)?.[2];
    if (value) names.push({ kind: field.kind, value });
  }
  return line;
};

/**
 * The output of a collected command (the question's command line, e.g. `reg query HKLM\…`, `whoami /groups`),
 * read by its tool's field kinds. An output of a command this module does not know is redacted whole.
 */
export function structureToolOutput(command: string, text: string): StructuredOutput {
  const [tool = '', first = ''] = command.trim().toLowerCase().split(/\s+/);
  if (!text) return { text, names: [] };
  switch (tool) {
    case 'dsregcmd':
      return readDsregcmd(text);
    case 'klist':
      return first === 'cloud_debug' ? byLine(text, readCloudDebug) : byLine(text, readKlist);
    case 'kvno':
      return byLine(text, readKlist);
    case 'sc':
      return byLine(text, readScQuery);
    case 'netsh':
      return readNetsh(text);
    case 'whoami':
      return readWhoami(text);
    case 'reg':
      return readReg(text);
    default:
      return { text: REDACTED, names: [] };
  }
}
