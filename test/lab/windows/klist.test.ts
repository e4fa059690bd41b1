// The Windows klist adapter: a lab cache rendered as Windows prints it reads back, through the engine's
// own Windows klist parser, as the same tickets (names, realms, times, flags, enctypes), with a cloud
// TGT's client realm spelled `AzureAD` as Windows spells it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { renderWindowsKlist } from '../../../electron/lab/windows/klist';
import { ticketsFromCcache, ticketsFromKlistText, toTicketSet } from '../../../electron/engine/tickets/ticket-source';
import { parseWindowsKlist } from '../../../electron/engine/tickets/windows-klist';
import { CLOUD_REALM } from '../../../electron/contract/azure';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ccache/${name}`, import.meta.url));

test('a rendered cache parses back to the same tickets', async () => {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(new URL('../../fixtures/ccache/', import.meta.url)).filter((f) => f.endsWith('.ccache'));
  let compared = 0;
  for (const file of files) {
    let src;
    try {
      src = ticketsFromCcache(fixture(file));
    } catch {
      continue; /* a deliberately damaged cache */
    }
    if (src.tickets.length === 0) continue;
    const text = renderWindowsKlist(src.tickets, { upnSuffix: 'contoso.test', kdcCalled: () => 'DC01.contoso.test' });
    const back = parseWindowsKlist(text).tickets;
    compared += 1;
    assert.equal(back.length, src.tickets.length, file);
    src.tickets.forEach((t, i) => {
      const b = back[i]!;
      assert.equal(b.server, t.server, file);
      assert.equal(b.serverRealm, t.serverRealm, file);
      assert.equal(b.ticketEnctype, t.ticketEnctype, file);
      assert.equal(
        b.end === null ? null : Date.parse(b.end),
        t.end === null ? null : Date.parse(t.end),
        `${file}: end time`,
      );
      assert.equal(b.flagsHex, t.flagsHex, file);
      assert.equal(b.clientRealm, t.clientRealm?.toUpperCase() === CLOUD_REALM ? 'AzureAD' : t.clientRealm, file);
    });
  }
  assert.ok(compared >= 2, `compared ${compared} caches`);
});

test("a cloud TGT's AzureAD client realm is the cloud realm to the chain", () => {
  const tickets = [
    {
      client: 'bob',
      clientRealm: CLOUD_REALM,
      server: `krbtgt/${CLOUD_REALM}`,
      serverRealm: CLOUD_REALM,
      start: '2026-06-01T08:00:00Z',
      end: '2026-06-01T18:00:00Z',
      renewUntil: null,
      flags: ['forwardable', 'initial', 'pre-authent'],
      ticketEnctype: 'aes256-cts-hmac-sha1-96',
      sessionEnctype: 'aes256-cts-hmac-sha1-96',
    },
  ];
  const text = renderWindowsKlist(tickets, { upnSuffix: 'contoso.test', kdcCalled: () => 'TicketSuppliedAtLogon' });
  assert.match(text, /Client: bob@contoso\.test @ AzureAD/);
  const src = ticketsFromKlistText(text);
  assert.equal(src.defaultPrincipal, 'bob@contoso.test@AzureAD');
  const set = toTicketSet(src, { now: new Date('2026-06-01T12:00:00Z') });
  assert.equal(set.chain.userRealm, CLOUD_REALM);
});

test('a Spanish Windows prints translated labels; the parser reads them by position to the same tickets', () => {
  const t = {
    client: 'alice',
    clientRealm: 'CONTOSO.TEST',
    server: 'krbtgt/CONTOSO.TEST',
    serverRealm: 'CONTOSO.TEST',
    start: '2026-06-01T08:00:00Z',
    end: '2026-06-01T18:00:00Z',
    renewUntil: null,
    flags: ['forwardable', 'renewable', 'initial'],
    ticketEnctype: 'aes256-cts-hmac-sha1-96',
    sessionEnctype: 'aes256-cts-hmac-sha1-96',
  };
  const es = renderWindowsKlist([t], {
    upnSuffix: 'contoso.test',
    kdcCalled: () => 'dc01.contoso.test',
    language: 'es',
  });
  assert.match(es, /Cliente: alice @ CONTOSO\.TEST/);
  assert.match(es, /Hora de finalización:/);
  const back = parseWindowsKlist(es).tickets[0]!;
  assert.equal(back.server, t.server);
  assert.equal(Date.parse(back.end!), Date.parse(t.end));
  assert.equal(back.kdcCalled, 'dc01.contoso.test');
});
