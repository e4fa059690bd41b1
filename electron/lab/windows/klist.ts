// Renders a lab ticket cache as Windows `klist` prints it, so the check's Windows path reads outputs made from
// the lab's real tickets rather than hand-written samples. The layout follows Windows klist: `#N>` entries,
// tab-indented fields, `Client: name @ REALM`, hex flags with Windows flag names, Windows enctype names,
// wall-clock times marked `(local)`, `Cache Flags`, `Kdc Called`, CRLF line ends. A cloud TGT's client realm
// is printed as `AzureAD` and the client as the user's UPN, as Windows shows a Microsoft Entra user.
import { CLOUD_REALM } from '../../contract/azure';
import type { Ticket } from '../../contract/report';
import { maskFromNames, TICKET_FLAG_BITS } from '../../engine/tickets/flags';

export interface KlistRenderOptions {
  /** The UPN suffix Windows shows for a cloud user (`bob` → `bob@<suffix> @ AzureAD`). */
  upnSuffix: string;
  /** What `Kdc Called` says for a ticket: the DC or `KdcProxy:<host>` it came from, or `TicketSuppliedAtLogon`. */
  kdcCalled(ticket: Ticket): string;
  logonId?: string;
}

// The names Windows klist prints for the enctypes the lab uses (MIT name → Windows name).
const WINDOWS_ENCTYPE: Record<string, string> = {
  'aes256-cts-hmac-sha1-96': 'AES-256-CTS-HMAC-SHA1-96',
  'aes128-cts-hmac-sha1-96': 'AES-128-CTS-HMAC-SHA1-96',
  'arcfour-hmac': 'RSADSI RC4-HMAC(NT)',
  'des-cbc-md5': 'DES-CBC-MD5',
};

function enctype(name: string | null): string {
  return name ? WINDOWS_ENCTYPE[name] ?? `Unknown (${name})` : 'Unknown (-1)';
}

/** Windows prints times as the machine's wall clock, `M/D/YYYY H:MM:SS (local)`; `0` for none. */
function wallClock(iso: string | null): string {
  if (!iso) return '0';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} ${d.getHours()}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (local)`;
}

function flagsLine(t: Ticket): string {
  const mask = t.flagsHex ? Number.parseInt(t.flagsHex, 16) >>> 0 : maskFromNames(t.flags);
  const names = TICKET_FLAG_BITS.filter((b) => (mask & b.mask) !== 0).map((b) => b.windows);
  return `Ticket Flags 0x${mask.toString(16)} -> ${names.join(' ')} `;
}

function client(t: Ticket, o: KlistRenderOptions): string {
  const realm = (t.clientRealm ?? '').toUpperCase();
  return realm === CLOUD_REALM ? `${t.client}@${o.upnSuffix} @ AzureAD` : `${t.client} @ ${t.clientRealm ?? ''}`;
}

export function renderWindowsKlist(tickets: readonly Ticket[], o: KlistRenderOptions): string {
  const out = ['', `Current LogonId is ${o.logonId ?? '0:0x3e7a1b'}`, '', `Cached Tickets: (${tickets.length})`];
  tickets.forEach((t, i) => {
    out.push(
      '',
      `#${i}>\tClient: ${client(t, o)}`,
      `\tServer: ${t.server} @ ${t.serverRealm}`,
      `\tKerbTicket Encryption Type: ${enctype(t.ticketEnctype)}`,
      `\t${flagsLine(t)}`,
      `\tStart Time: ${wallClock(t.start)}`,
      `\tEnd Time:   ${wallClock(t.end)}`,
      `\tRenew Time: ${wallClock(t.renewUntil)}`,
      `\tSession Key Type: ${enctype(t.sessionEnctype)}`,
      `\tCache Flags: ${i === 0 ? '0x1 -> PRIMARY ' : '0 '}`,
      `\tKdc Called: ${o.kdcCalled(t)}`,
    );
  });
  out.push('');
  return out.join('\r\n');
}
