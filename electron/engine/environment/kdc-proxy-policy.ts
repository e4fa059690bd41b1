// The KDC proxy servers Windows' Kerberos client is given by policy, read from the registry with a timeout.
//
// Microsoft, Policy CSP ADMX_Kerberos, "KdcProxyServer" ("Specify KDC proxy servers for Kerberos clients"):
// https://learn.microsoft.com/en-us/windows/client-management/mdm/policy-csp-admx-kerberos#kdcproxyserver
//   "the Kerberos client will use the KDC proxy server for a domain when a domain controller can't be located
//   […] In the Value Name column, type a DNS suffix name. In the Value column, type the list of proxy servers".
// The values sit under HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System\Kerberos\KdcProxy\ProxyServers
// (REG_SZ, one per suffix). The syntax, as Microsoft's Entra Kerberos pages give it for the cloud realm
// (value name KERBEROS.MICROSOFTONLINE.COM, "Note the space following `https` and the space prior to the
// closing `/`"):
//   <https login.microsoftonline.com:443:<tenant id>/kerberos />
// https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow
// https://learn.microsoft.com/en-us/azure/storage/files/storage-files-identity-auth-hybrid-cloud-trust
// i.e. `<https SERVER[:PORT[:PATH]] [SERVER…] />`: several servers are separated by blanks.
import type { RegKeyFieldKinds } from '../../contract/bundle';
import { runTool, type ToolRunner } from '../run-tool';
import { parseRegQuery, type RegValue } from './reg-query';

export const KDC_PROXY_KEY =
  'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\KdcProxy\\ProxyServers';

/** One policy entry: a DNS suffix (or realm) name and the proxy URLs it maps to. */
export interface KdcProxyMapping {
  suffix: string;
  urls: string[];
  /** The registry value as written. */
  raw: string;
}

/**
 * The policy value as proxy URLs: `<https host:443:path />` → `https://host:443/path`. A server without a path
 * gets `/KdcProxy` (the Windows KDC Proxy Server's URL; an assumption: the policy page does not spell the
 * default out). Returns [] for a value that is not in the policy's syntax.
 */
export function parseProxyServersValue(value: string): string[] {
  const match = /^\s*<\s*(https?)\s+([^<>]*?)\s*\/\s*>\s*$/i.exec(value);
  if (!match) return [];
  const scheme = match[1]!.toLowerCase();
  const urls: string[] = [];
  for (const server of match[2]!.split(/\s+/).filter(Boolean)) {
    const [host, port, ...rest] = server.split(':');
    if (!host || !/^[A-Za-z0-9.-]+$/.test(host)) continue;
    const portNumber = port ? Number(port) : scheme === 'https' ? 443 : 80;
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) continue;
    const path = rest.join(':').replace(/^\/+/, '') || 'KdcProxy';
    try {
      urls.push(new URL(`${scheme}://${host}:${portNumber}/${path}`).href);
    } catch {
      // not a URL: skipped, like a value Windows cannot use
    }
  }
  return urls;
}

/** Every REG_SZ value of the ProxyServers key as a mapping (values that name no usable server are dropped). */
export function kdcProxyMappings(values: readonly RegValue[]): KdcProxyMapping[] {
  return values
    .filter((v) => v.type === 'REG_SZ')
    .map((v) => ({ suffix: v.name, urls: parseProxyServersValue(v.data), raw: v.data }))
    .filter((m) => m.urls.length > 0);
}

/** The proxies for a realm: the mapping whose name is the realm or its longest DNS suffix (case-insensitive). */
export function proxiesForRealm(realm: string, mappings: readonly KdcProxyMapping[]): KdcProxyMapping | null {
  const r = realm.toLowerCase().replace(/\.$/, '');
  let best: KdcProxyMapping | null = null;
  for (const m of mappings) {
    const s = m.suffix.toLowerCase().replace(/^\.|\.$/g, '');
    if (!s) continue;
    if ((r === s || r.endsWith(`.${s}`)) && (!best || s.length > best.suffix.replace(/^\.|\.$/g, '').length)) best = m;
  }
  return best;
}

const POLICY_TIMEOUT_MS = 3000;

/** `reg query` of the ProxyServers key, within a bound; an absent key (reg exits 1) or a failure is no policy. */
export async function readKdcProxyPolicy(
  run: ToolRunner = (c, a, o) => runTool(c, a, { timeoutMs: o.timeoutMs, okExitCodes: [1] }),
): Promise<{ mappings: KdcProxyMapping[]; evidence: string[] }> {
  try {
    const result = await run('reg', ['query', KDC_PROXY_KEY], { timeoutMs: POLICY_TIMEOUT_MS });
    const mappings = kdcProxyMappings(parseRegQuery(result.stdout));
    return {
      mappings,
      evidence: mappings.length
        ? mappings.map((m) => `KDC proxy policy: ${m.suffix} → ${m.raw}`)
        : ['no KDC proxy servers configured by policy'],
    };
  } catch (error) {
    return {
      mappings: [],
      evidence: [`KDC proxy policy could not be read: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

/**
 * What the ProxyServers key holds, for redaction (engine/report/redact-tool-output.ts): one value per DNS suffix or
 * realm (its name), each a `<https host:port:path />` value naming the KDC proxy servers.
 */
export const KDC_PROXY_FIELD_KINDS: RegKeyFieldKinds = {
  key: KDC_PROXY_KEY,
  valueName: 'realm',
  values: { '*': 'kdc-proxy' },
};
