// The lab's Windows klist rendition, held against what is not the engine: the rendered lines against real pastes
// from Windows (flag names for the masks they show, enctype names, the Spanish labels and their spacing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENTRA_KERBEROS_REALM, renderWindowsKlist } from '../../../electron/lab/windows/klist';
import type { LabTicket } from '../../../electron/lab/windows/lab-ticket';

const ticket = (over: Partial<LabTicket>): LabTicket => ({
  client: 'alice',
  clientRealm: 'CONTOSO.TEST',
  server: 'krbtgt/CONTOSO.TEST',
  serverRealm: 'CONTOSO.TEST',
  start: Date.UTC(2026, 5, 1, 8) / 1000,
  end: Date.UTC(2026, 5, 1, 18) / 1000,
  renewUntil: 0,
  flags: 0x40e10000,
  sessionEnctype: 18,
  ticketEnctype: 18,
  ...over,
});

test('flag masks read as real pastes print them', () => {
  // The first two are lines of the real Spanish paste cited below; the others are those of the project's reference
  // samples (written from real outputs, not captures).
  const seen: [number, string][] = [
    [0xa50000, '0xa50000 -> renewable pre_authent ok_as_delegate name_canonicalize '],
    [0xe10000, '0xe10000 -> renewable initial pre_authent name_canonicalize '],
    [0x40e10000, '0x40e10000 -> forwardable renewable initial pre_authent name_canonicalize '],
    [0x40a10000, '0x40a10000 -> forwardable renewable pre_authent name_canonicalize '],
    [0x40810000, '0x40810000 -> forwardable renewable name_canonicalize '],
    [0x40000000, '0x40000000 -> forwardable '],
  ];
  for (const [flags, line] of seen) {
    const text = renderWindowsKlist([ticket({ flags })], { upnSuffix: 'contoso.test', kdcCalled: () => 'dc01' });
    assert.ok(text.includes(`\tTicket Flags ${line}\r\n`), `${line}\n${text}`);
  }
});

test('enctype names as real pastes print them; the cloud TGT client as Windows shows an Entra user', () => {
  const text = renderWindowsKlist(
    [
      ticket({ ticketEnctype: 23, sessionEnctype: 18 }),
      ticket({ client: 'bob', clientRealm: ENTRA_KERBEROS_REALM, ticketEnctype: null }),
    ],
    { upnSuffix: 'contoso.test', kdcCalled: () => 'TicketSuppliedAtLogon' },
  );
  assert.match(text, /\tKerbTicket Encryption Type: RSADSI RC4-HMAC\(NT\)\r\n/);
  assert.match(text, /\tSession Key Type: AES-256-CTS-HMAC-SHA1-96\r\n/);
  assert.match(text, /#1>\tClient: bob@contoso\.test @ AzureAD\r\n/);
  assert.match(text, /\tKerbTicket Encryption Type: Unknown \(-1\)\r\n/);
});

// A real `klist` from a Spanish Windows (ace00k/ace00k.github.io, _posts/2023-11-06-Absolute-HackTheBox.md, its
// second ticket; the blog turned klist's tabs into spaces, so each line is compared from its label on).
const REAL_SPANISH = [
  'Cliente: m.lovegod @ ABSOLUTE.HTB',
  'Servidor: cifs/dc.absolute.htb @ ABSOLUTE.HTB',
  'Tipo de cifrado de vale Kerberos: AES-256-CTS-HMAC-SHA1-96',
  'Marcas de vale 0xa50000 -> renewable pre_authent ok_as_delegate name_canonicalize',
  'Hora de inicio: 11/7/2023 18:17:58 (local)',
  'Hora de finalización:   11/7/2023 22:17:04 (local)',
  'Hora de renovación: 11/7/2023 22:17:04 (local)',
  'Tipo de clave de sesión: AES-256-CTS-HMAC-SHA1-96',
  'Marcas de caché: 0',
  'KDC llamado: dc.absolute.htb',
];

test("a Spanish Windows' klist: the real paste's labels, spacing and order", () => {
  const local = (y: number, mo: number, d: number, h: number, mi: number, s: number) =>
    new Date(y, mo - 1, d, h, mi, s).getTime() / 1000;
  const text = renderWindowsKlist(
    [
      ticket({
        client: 'm.lovegod',
        clientRealm: 'ABSOLUTE.HTB',
        server: 'krbtgt/absolute.htb',
        serverRealm: 'ABSOLUTE.HTB',
      }),
      ticket({
        client: 'm.lovegod',
        clientRealm: 'ABSOLUTE.HTB',
        server: 'cifs/dc.absolute.htb',
        serverRealm: 'ABSOLUTE.HTB',
        flags: 0xa50000,
        start: local(2023, 11, 7, 18, 17, 58),
        end: local(2023, 11, 7, 22, 17, 4),
        renewUntil: local(2023, 11, 7, 22, 17, 4),
      }),
    ],
    { upnSuffix: 'absolute.htb', kdcCalled: () => 'dc.absolute.htb', language: 'es', logonId: '0:0x25e7d' },
  );
  const lines = text.split('\r\n');
  assert.equal(lines[1], 'El id. de inicio de sesión actual es 0:0x25e7d');
  assert.equal(lines[3], 'Vales almacenados en caché: (2)');
  const second = lines.slice(lines.indexOf('#1>\tCliente: m.lovegod @ ABSOLUTE.HTB'));
  assert.deepEqual(
    second.slice(0, REAL_SPANISH.length).map((line) => line.replace(/^(#1>)?\t/, '').trimEnd()),
    REAL_SPANISH,
  );
});
