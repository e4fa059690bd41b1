// Reads what a user types as the server (often pasted from SSMS or a connection string) and says what
// would stop Kerberos before a check even starts.
import { isAzureSqlHost } from '../../../electron/contract/azure';

export const PORT_PRESETS = [
  { port: 1433, label: '1433 — VNet-local endpoint' },
  { port: 3342, label: '3342 — public endpoint' },
] as const;

export interface ServerNameReading {
  /** The host name alone, lower-cased, without scheme, port or trailing dot. */
  host: string;
  /** A port found in the text (`host,3342` or `host:3342`), if any. */
  port: number | null;
  warnings: { code: ServerWarningCode; text: string }[];
  error: string | null;
}

export type ServerWarningCode = 'IP_ADDRESS' | 'SHORT_NAME' | 'NOT_AZURE_SQL' | 'PUBLIC_ENDPOINT_PORT' | 'PRIVATE_ENDPOINT_PORT';

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export function isIpAddress(s: string): boolean {
  return IPV4.test(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s));
}

export function readServerName(raw: string, port: number | null): ServerNameReading {
  let text = raw.trim();
  let foundPort: number | null = null;
  text = text.replace(/^tcp:/i, '').replace(/^[a-z]+:\/\//i, '');
  const comma = /^(.*),(\d{1,5})$/.exec(text);
  const colon = /^([^:\]]+):(\d{1,5})$/.exec(text);
  const m = comma ?? colon;
  if (m && m[1] !== undefined && m[2] !== undefined) { text = m[1]; foundPort = Number(m[2]); }
  text = text.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
  const warnings: ServerNameReading['warnings'] = [];
  if (text === '') return { host: '', port: foundPort, warnings, error: 'Enter the managed instance name, e.g. sqlmi1.abc123.database.windows.net.' };
  if (isIpAddress(text)) {
    warnings.push({ code: 'IP_ADDRESS', text: 'This is an IP address. Windows cannot find a Kerberos service name for an IP and silently falls back to NTLM, which the managed instance rejects (error 18452). Enter the FQDN here and put the IP under Advanced → Connect to address.' });
    return { host: text, port: foundPort, warnings, error: null };
  }
  if (!HOST.test(text)) return { host: text, port: foundPort, warnings, error: 'This is not a valid host name (letters, digits, hyphens and dots only).' };
  if (!text.includes('.')) {
    warnings.push({ code: 'SHORT_NAME', text: 'This is a short name. Kerberos needs the full name (FQDN) the service is registered under; a short name makes Windows fall back to NTLM.' });
  } else if (!isAzureSqlHost(text)) {
    warnings.push({ code: 'NOT_AZURE_SQL', text: 'This name does not end in .database.windows.net. A DNS alias or private-link name is not the name the instance is registered under in Kerberos; use the instance FQDN from the Azure portal.' });
  }
  const effectivePort = port ?? foundPort;
  const isPublic = text.includes('.public.');
  if (isPublic && effectivePort !== null && effectivePort !== 3342) {
    warnings.push({ code: 'PUBLIC_ENDPOINT_PORT', text: 'The public endpoint of a managed instance listens on port 3342.' });
  } else if (!isPublic && effectivePort === 3342 && isAzureSqlHost(text)) {
    warnings.push({ code: 'PRIVATE_ENDPOINT_PORT', text: 'Port 3342 is the public endpoint, whose name contains ".public." (e.g. sqlmi1.public.abc123.database.windows.net).' });
  }
  return { host: text, port: foundPort, warnings, error: null };
}
