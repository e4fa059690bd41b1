// `netsh winhttp show proxy`: the proxy WinHTTP (and so the Kerberos client's KDC proxy traffic) uses.
// English layout (https://learn.microsoft.com/en-us/windows/win32/winhttp/netsh-exe-commands):
//   Current WinHTTP proxy settings:
//
//       Proxy Server(s) :  proxy.contoso.com:8080
//       Bypass List     :  <local>
// or, with no proxy, the single line `    Direct access (no proxy server).`. The labels are localized (German
// "Proxyserver", Spanish "Servidores proxy"), so the structure is read, not the words: the first `label : value`
// line's value is the proxy list, the second the bypass list; no such line is direct access. Later Windows builds
// add `Auto-Config URL` / `Auto-Detect` lines after the two: they are kept as raw lines, never read as a proxy.
import type { ToolFieldKind } from '../../contract/bundle';
import { ParseError } from '../errors';
import { toLines } from '../tickets/pasted-text';

export interface WinHttpProxy {
  /** True when WinHTTP goes direct (no `label : value` line). */
  direct: boolean;
  /** Each `host:port` (or `scheme=host:port`) entry of the proxy list, as printed. */
  servers: { scheme: string | null; host: string; port: number | null; raw: string }[];
  bypass: string[];
}

const FIELD = /^\s*([^:]+?)\s*:\s+(.*)$/;

function server(entry: string): WinHttpProxy['servers'][number] | null {
  const m = /^(?:([a-z]+)=)?(?:[a-z]+:\/\/)?(\[[0-9a-f:.]+\]|[A-Za-z0-9._-]+)(?::(\d{1,5}))?\/?$/i.exec(entry);
  if (!m) return null;
  const port = m[3] ? Number(m[3]) : null;
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { scheme: m[1]?.toLowerCase() ?? null, host: m[2]!.replace(/^\[|\]$/g, ''), port, raw: entry };
}

export function parseWinHttpProxy(text: string): WinHttpProxy {
  const lines = toLines(text, 'WINHTTP').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ParseError('WINHTTP_NOT_RECOGNISED', 'the netsh winhttp output is empty');
  // The title line ("Current WinHTTP proxy settings:") ends with a colon and has no value: skipped by FIELD.
  const fields = lines
    .map((l) => FIELD.exec(l))
    .filter((m): m is RegExpExecArray => m !== null && (m[2] ?? '').trim() !== '');
  if (fields.length === 0) {
    if (lines.length > 3)
      throw new ParseError('WINHTTP_NOT_RECOGNISED', 'no proxy line and more text than a "direct access" answer');
    return { direct: true, servers: [], bypass: [] };
  }
  const list = (fields[0]![2] ?? '').trim();
  const servers = list
    .split(/[;\s]+/)
    .filter(Boolean)
    .map(server);
  if (servers.some((s) => s === null))
    throw new ParseError('WINHTTP_NOT_RECOGNISED', 'the proxy list is not host:port entries');
  const bypassRaw = (fields[1]?.[2] ?? '').trim();
  // "(none)" and its translations are in parentheses.
  const bypass = /^\(.*\)$/.test(bypassRaw) ? [] : bypassRaw.split(/[;\s]+/).filter(Boolean);
  return { direct: false, servers: servers as WinHttpProxy['servers'], bypass };
}

/**
 * What each `label : value` line of `netsh winhttp show proxy` holds, by position (the labels are localized), for
 * redaction (engine/report/redact-tool-output.ts): the proxy list, then the bypass list. Lines after them (later
 * builds' Auto-Config URL, Auto-Detect) are not read by the parser: redacted. The title line and the direct-access
 * line are Windows' words.
 */
export const WINHTTP_PROXY_FIELD_KINDS: readonly ToolFieldKind[] = ['proxy', 'hosts'];
