// Reads what a user types as the server (often pasted from SSMS or a connection string) and says what
// would stop Kerberos before a check even starts.
import { isAzureSqlHost } from '../../../electron/contract/azure';
import { INPUT_ERROR_CODES, type InputErrorCode } from '../../../electron/contract/error-codes';
import { isIpAddress, readServerInput } from '../../../electron/contract/server-input';

export const PORT_PRESETS = [
  { port: 1433, label: '1433 — VNet-local endpoint' },
  { port: 3342, label: '3342 — public endpoint' },
] as const;

/** A port as typed into a box: a whole number from 1 to 65535, else null. */
export function portFromText(text: string): number | null {
  const raw = text.trim();
  if (!/^\d{1,5}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= 1 && n <= 65535 ? n : null;
}

export interface ServerNameReading {
  /** The host name alone, lower-cased, without scheme, port or trailing dot. */
  host: string;
  /** A port found in the text (`host,3342` or `host:3342`), if any. */
  port: number | null;
  warnings: { code: ServerWarningCode; text: string }[];
  error: string | null;
  /** The contract's stable code of the error (INPUT_ERROR_CODES), the same the CLI and IPC give. */
  errorCode: InputErrorCode | null;
}

export type ServerWarningCode =
  'IP_ADDRESS' | 'SHORT_NAME' | 'NOT_AZURE_SQL' | 'PUBLIC_ENDPOINT_PORT' | 'PRIVATE_ENDPOINT_PORT';

export { isIpAddress };

/** The contract's message (a clause, as the CLI prints it after "kerbprobe: ") as a sentence for the form. */
export function sentence(message: string): string {
  return `${message[0]?.toUpperCase() ?? ''}${message.slice(1)}.`;
}

/**
 * The form's reading of the server box: the contract's reading (the same the CLI and IPC apply, with its
 * codes), plus the warnings that predict NTLM fallback. `port` is the form's own port field.
 */
export function readServerName(raw: string, port: number | null): ServerNameReading {
  // The port typed into the server text moves to the port field (adoptPastedPort), so it is read here
  // without the field's port; a contradiction is judged once it has moved.
  const read = readServerInput(raw, null);
  const warnings: ServerNameReading['warnings'] = [];
  if (!read.ok) {
    const error =
      read.code === INPUT_ERROR_CODES.serverMissing
        ? 'Enter the managed instance name, e.g. sqlmi1.abc123.database.windows.net.'
        : sentence(read.message);
    return { host: '', port: null, warnings, error, errorCode: read.code };
  }
  const text = read.host;
  const foundPort = read.port;
  if (isIpAddress(text)) {
    warnings.push({
      code: 'IP_ADDRESS',
      text:
        'This is an IP address. Windows cannot find a Kerberos service name for an IP and silently falls back ' +
        'to NTLM, which the managed instance rejects (error 18452). ' +
        'Enter the FQDN here and put the IP under Advanced → Connect to address.',
    });
    return { host: text, port: foundPort, warnings, error: null, errorCode: null };
  }
  if (!text.includes('.')) {
    warnings.push({
      code: 'SHORT_NAME',
      text:
        'This is a short name. Kerberos needs the full name (FQDN) the service is registered under; ' +
        'a short name makes Windows fall back to NTLM.',
    });
  } else if (!isAzureSqlHost(text)) {
    warnings.push({
      code: 'NOT_AZURE_SQL',
      text:
        'This name does not end in .database.windows.net. A DNS alias or private-link name is not the name ' +
        'the instance is registered under in Kerberos; use the instance FQDN from the Azure portal.',
    });
  }
  const effectivePort = port ?? foundPort;
  const isPublic = text.includes('.public.');
  if (isPublic && effectivePort !== null && effectivePort !== 3342) {
    warnings.push({
      code: 'PUBLIC_ENDPOINT_PORT',
      text: 'The public endpoint of a managed instance listens on port 3342.',
    });
  } else if (!isPublic && effectivePort === 3342 && isAzureSqlHost(text)) {
    warnings.push({
      code: 'PRIVATE_ENDPOINT_PORT',
      text:
        'Port 3342 is the public endpoint, whose name contains ".public." ' +
        '(e.g. sqlmi1.public.abc123.database.windows.net).',
    });
  }
  return { host: text, port: foundPort, warnings, error: null, errorCode: null };
}
