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
  /** The display language of the Windows that prints it: labels are translated, flag and enctype names are not. */
  language?: KlistLanguage;
}

export type KlistLanguage = 'en' | 'es';

/** klist's labels as English and Spanish Windows print them (flag and enctype names stay English). */
const LABELS: Record<
  KlistLanguage,
  {
    logon: string;
    cached: string;
    client: string;
    server: string;
    etype: string;
    flags: string;
    start: string;
    end: string;
    renew: string;
    session: string;
    cache: string;
    kdc: string;
  }
> = {
  en: {
    logon: 'Current LogonId is',
    cached: 'Cached Tickets:',
    client: 'Client:',
    server: 'Server:',
    etype: 'KerbTicket Encryption Type:',
    flags: 'Ticket Flags',
    start: 'Start Time:',
    end: 'End Time:  ',
    renew: 'Renew Time:',
    session: 'Session Key Type:',
    cache: 'Cache Flags:',
    kdc: 'Kdc Called:',
  },
  es: {
    logon: 'El id. de inicio de sesión actual es',
    cached: 'Vales almacenados en caché:',
    client: 'Cliente:',
    server: 'Servidor:',
    etype: 'Tipo de cifrado de vale Kerberos:',
    flags: 'Marcas de vale',
    start: 'Hora de inicio:',
    end: 'Hora de finalización:  ',
    renew: 'Hora de renovación:',
    session: 'Tipo de clave de sesión:',
    cache: 'Marcas de caché:',
    kdc: 'KDC llamado:',
  },
};

// The names Windows klist prints for the enctypes the lab uses (MIT name → Windows name).
const WINDOWS_ENCTYPE: Record<string, string> = {
  'aes256-cts-hmac-sha1-96': 'AES-256-CTS-HMAC-SHA1-96',
  'aes128-cts-hmac-sha1-96': 'AES-128-CTS-HMAC-SHA1-96',
  'arcfour-hmac': 'RSADSI RC4-HMAC(NT)',
  'des-cbc-md5': 'DES-CBC-MD5',
};

function enctype(name: string | null): string {
  return name ? (WINDOWS_ENCTYPE[name] ?? `Unknown (${name})`) : 'Unknown (-1)';
}

/** Windows prints times as the machine's wall clock, `M/D/YYYY H:MM:SS (local)`; `0` for none. */
function wallClock(iso: string | null): string {
  if (!iso) return '0';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} ` +
    `${d.getHours()}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (local)`
  );
}

function flagsLine(t: Ticket, label: string): string {
  const mask = t.flagsHex ? Number.parseInt(t.flagsHex, 16) >>> 0 : maskFromNames(t.flags);
  const names = TICKET_FLAG_BITS.filter((b) => (mask & b.mask) !== 0).map((b) => b.windows);
  return `${label} 0x${mask.toString(16)} -> ${names.join(' ')} `;
}

function client(t: Ticket, o: KlistRenderOptions): string {
  const realm = (t.clientRealm ?? '').toUpperCase();
  return realm === CLOUD_REALM ? `${t.client}@${o.upnSuffix} @ AzureAD` : `${t.client} @ ${t.clientRealm ?? ''}`;
}

export function renderWindowsKlist(tickets: readonly Ticket[], options: KlistRenderOptions): string {
  const labels = LABELS[options.language ?? 'en'];
  const out = ['', `${labels.logon} ${options.logonId ?? '0:0x3e7a1b'}`, '', `${labels.cached} (${tickets.length})`];
  tickets.forEach((ticket, index) => {
    out.push(
      '',
      `#${index}>\t${labels.client} ${client(ticket, options)}`,
      `\t${labels.server} ${ticket.server} @ ${ticket.serverRealm}`,
      `\t${labels.etype} ${enctype(ticket.ticketEnctype)}`,
      `\t${flagsLine(ticket, labels.flags)}`,
      `\t${labels.start} ${wallClock(ticket.start)}`,
      `\t${labels.end} ${wallClock(ticket.end)}`,
      `\t${labels.renew} ${wallClock(ticket.renewUntil)}`,
      `\t${labels.session} ${enctype(ticket.sessionEnctype)}`,
      `\t${labels.cache} ${index === 0 ? '0x1 -> PRIMARY ' : '0 '}`,
      `\t${labels.kdc} ${options.kdcCalled(ticket)}`,
    );
  });
  out.push('');
  return out.join('\r\n');
}
