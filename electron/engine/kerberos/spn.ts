// The SQL Server SPN is always built from the name the user typed. A resolved CNAME (the MI's
// `*.worker.vnet…` host) or an IP names a principal that does not exist, and Windows then silently
// falls back to NTLM, which Azure SQL MI rejects with 18452.
import { isIP } from 'node:net';
import { isAzureSqlHost } from '../../contract/azure';
import { KerbProbeError } from '../errors';

export type HostKind = 'fqdn' | 'short' | 'ip';

export interface SpnWarning {
  code: 'SPN_HOST_IS_IP' | 'SPN_HOST_IS_SHORT';
  message: string;
}

export interface ServicePrincipal {
  /** Lower-cased host exactly as typed (trailing dot removed). */
  host: string;
  port: number;
  hostKind: HostKind;
  /** `MSSQLSvc/<host>:<port>`: how Windows, `setspn` and `klist get` write it. */
  spn: string;
  /** `MSSQLSvc@<host>:<port>`: the GSSAPI host-based service name MIT imports. */
  gssHostBased: string;
  /** True for hosts under an Azure SQL DNS suffix (their SPN lives in the Entra realm). */
  azureSql: boolean;
  warnings: SpnWarning[];
}

/** Microsoft Cloud Germany's suffix (that cloud closed in 2021): still read as Azure SQL here, as before. */
const RETIRED_AZURE_SQL_SUFFIX = '.database.cloudapi.de';

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function buildServicePrincipal(typedHost: string, port: number): ServicePrincipal {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new KerbProbeError('INVALID_TARGET', `Port ${String(port)} is not a TCP port (1–65535).`);
  }
  let host = typedHost.trim().toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0 || host.length > 253) {
    throw new KerbProbeError('INVALID_TARGET', `"${typedHost}" is not a host name.`);
  }
  const warnings: SpnWarning[] = [];
  let hostKind: HostKind;
  if (isIP(host) !== 0) {
    hostKind = 'ip';
    warnings.push({
      code: 'SPN_HOST_IS_IP',
      message:
        `"${host}" is an IP address: no SPN exists for it, so Windows falls back to NTLM, which Azure ` +
        `SQL Managed Instance rejects. Connect with the instance's full DNS name.`,
    });
  } else {
    const labels = host.split('.');
    if (!labels.every((l) => LABEL.test(l))) {
      throw new KerbProbeError('INVALID_TARGET', `"${typedHost}" is not a valid DNS host name.`);
    }
    hostKind = labels.length === 1 ? 'short' : 'fqdn';
    if (hostKind === 'short') {
      warnings.push({
        code: 'SPN_HOST_IS_SHORT',
        message:
          `"${host}" is a short name: the SPN is registered for the full DNS name, so Windows falls back ` +
          `to NTLM. Use <instance>.<dns-zone>.database.windows.net.`,
      });
    }
  }
  return {
    host,
    port,
    hostKind,
    spn: `MSSQLSvc/${host}:${port}`,
    gssHostBased: `MSSQLSvc@${host}:${port}`,
    azureSql: hostKind === 'fqdn' && (isAzureSqlHost(host) || host.endsWith(RETIRED_AZURE_SQL_SUFFIX)),
    warnings,
  };
}

/** The service string the native binding needs on this platform: SSPI takes the SPN, GSSAPI the host-based name. */
export function bindingServiceName(sp: ServicePrincipal, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? sp.spn : sp.gssHostBased;
}

/** Split a principal text `a/b:1433@REALM` into components and realm (the realm after the last unescaped '@'). */
export function parsePrincipalText(text: string): { components: string[]; realm: string | null } {
  let at = -1;
  for (let pos = 0; pos < text.length; pos++) {
    if (text[pos] === '\\') pos++;
    else if (text[pos] === '@') at = pos;
  }
  const name = at < 0 ? text : text.slice(0, at);
  const realm = at < 0 ? null : text.slice(at + 1);
  const components: string[] = [];
  let cur = '';
  for (let index = 0; index < name.length; index++) {
    const ch = name[index]!;
    if (ch === '\\' && index + 1 < name.length) cur += name[++index];
    else if (ch === '/') {
      components.push(cur);
      cur = '';
    } else cur += ch;
  }
  components.push(cur);
  return { components, realm };
}
