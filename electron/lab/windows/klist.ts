// Renders the lab's tickets as Windows `klist` prints them, written from Microsoft's documentation and real
// pastes, not from the engine's tables (an import rule in .dependency-cruiser.cjs keeps it so):
//  - the layout (`#N>` entries, tab-indented fields, `Client: name @ REALM`, hex flags then their names, times
//    as the machine's wall clock marked `(local)`, `Cache Flags`, `Kdc Called`, CRLF) is that of real pastes,
//    the Spanish one cited below among them;
//  - flag names: the KERB_TICKET_FLAGS_* values of KERB_TICKET_CACHE_INFO
//    (https://learn.microsoft.com/windows/win32/api/ntsecapi/ns-ntsecapi-kerb_ticket_cache_info), printed as
//    klist prints them, highest bit first, each followed by a space; name_canonicalize (0x00010000) is not on
//    that page but in every real paste (`0x40e10000 -> forwardable renewable initial pre_authent
//    name_canonicalize`);
//  - enctype names: as real pastes print them (AES-256-CTS-HMAC-SHA1-96, RSADSI RC4-HMAC(NT), and
//    `Unknown (-1)` for the cloud TGT Windows holds from sign-in);
//  - a cloud TGT's client realm prints as `AzureAD` and the client as the user's UPN, as Windows shows a
//    Microsoft Entra user (the project's cloud-flow sample, test/fixtures/windows/klist-cloud-flow.txt, written
//    here: no real paste of it has been found yet).
import type { LabTicket } from './lab-ticket';

/** Microsoft Entra Kerberos' realm (https://learn.microsoft.com/entra/identity/authentication/kerberos). */
export const ENTRA_KERBEROS_REALM = 'KERBEROS.MICROSOFTONLINE.COM';

export interface KlistRenderOptions {
  /** The UPN suffix Windows shows for a cloud user (`bob` → `bob@<suffix> @ AzureAD`). */
  upnSuffix: string;
  /** What `Kdc Called` says for a ticket: the DC or `KdcProxy:<host>` it came from, or `TicketSuppliedAtLogon`. */
  kdcCalled(ticket: LabTicket): string;
  logonId?: string;
  /** The display language of the Windows that prints it: labels are translated, flag and enctype names are not. */
  language?: KlistLanguage;
}

export type KlistLanguage = 'en' | 'es';

/**
 * klist's labels as English and Spanish Windows print them (flag and enctype names stay English). The Spanish
 * ones, spacing included, are those of a real paste from a Spanish Windows (ace00k/ace00k.github.io,
 * _posts/2023-11-06-Absolute-HackTheBox.md: `El id. de inicio de sesión actual es 0:0x25e7d`, `Vales almacenados
 * en caché: (2)`, `Marcas de vale 0xa50000 -> renewable pre_authent ok_as_delegate name_canonicalize`,
 * `Hora de finalización:   11/7/2023 22:17:04 (local)`, `KDC llamado: dc.absolute.htb`).
 */
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

/** KERB_TICKET_CACHE_INFO's KERB_TICKET_FLAGS_* (plus name_canonicalize, see above), highest bit first. */
const WINDOWS_TICKET_FLAGS: readonly [mask: number, name: string][] = [
  [0x80000000, 'reserved'],
  [0x40000000, 'forwardable'],
  [0x20000000, 'forwarded'],
  [0x10000000, 'proxiable'],
  [0x08000000, 'proxy'],
  [0x04000000, 'may_postdate'],
  [0x02000000, 'postdated'],
  [0x01000000, 'invalid'],
  [0x00800000, 'renewable'],
  [0x00400000, 'initial'],
  [0x00200000, 'pre_authent'],
  [0x00100000, 'hw_authent'],
  [0x00040000, 'ok_as_delegate'],
  [0x00010000, 'name_canonicalize'],
  [0x00000001, 'reserved1'],
];

/** Enctype numbers (RFC 3961/3962/4757) → the names real klist pastes print. */
const WINDOWS_ENCTYPE_NAMES: Record<number, string> = {
  18: 'AES-256-CTS-HMAC-SHA1-96',
  17: 'AES-128-CTS-HMAC-SHA1-96',
  23: 'RSADSI RC4-HMAC(NT)',
  3: 'DES-CBC-MD5',
  1: 'DES-CBC-CRC',
};

function enctype(number: number | null): string {
  return number === null ? 'Unknown (-1)' : (WINDOWS_ENCTYPE_NAMES[number] ?? `Unknown (${number})`);
}

/** Windows prints times as the machine's wall clock, `M/D/YYYY H:MM:SS (local)`; `0` for none. */
function wallClock(seconds: number): string {
  if (!seconds) return '0';
  const d = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()} ` +
    `${d.getHours()}:${pad(d.getMinutes())}:${pad(d.getSeconds())} (local)`
  );
}

function flagsLine(ticket: LabTicket, label: string): string {
  const names = WINDOWS_TICKET_FLAGS.filter(([mask]) => (ticket.flags & mask) !== 0).map(([, name]) => `${name} `);
  return `${label} 0x${ticket.flags.toString(16)} -> ${names.join('')}`;
}

function client(ticket: LabTicket, options: KlistRenderOptions): string {
  return ticket.clientRealm.toUpperCase() === ENTRA_KERBEROS_REALM
    ? `${ticket.client}@${options.upnSuffix} @ AzureAD`
    : `${ticket.client} @ ${ticket.clientRealm}`;
}

export function renderWindowsKlist(tickets: readonly LabTicket[], options: KlistRenderOptions): string {
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
