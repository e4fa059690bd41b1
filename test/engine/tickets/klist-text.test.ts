import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseMitKlist } from '../../../electron/engine/tickets/mit-klist';
import { parseHeimdalKlist } from '../../../electron/engine/tickets/heimdal-klist';
import { detectInput } from '../../../electron/engine/tickets/detect-input';
import { ticketsFromKlistText, toTicketSet } from '../../../electron/engine/tickets/ticket-source';

const fx = (p: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url)), 'utf8');

test('MIT klist -e -f -C (captured from MIT 1.20): config line, renew, flags, enctypes', () => {
  const text = fx('ccache/trust-v4.klist');
  assert.equal(detectInput(text).kind, 'mit-klist');
  const k = parseMitKlist(text);
  assert.equal(k.defaultPrincipal, 'alice@CONTOSO.TEST');
  assert.deepEqual(k.config, [{ key: 'fast_avail', principal: 'krbtgt/CONTOSO.TEST@CONTOSO.TEST', value: 'yes' }]);
  assert.equal(k.tickets.length, 3);
  assert.equal(k.tickets[0]?.start, '2026-11-25T09:26:48');
  assert.deepEqual(k.tickets[0]?.flags, ['forwardable', 'renewable', 'initial']);
  assert.deepEqual(k.tickets[1]?.flags, ['forwardable', 'renewable', 'transited-policy-checked']);
  assert.equal(k.tickets[2]?.serverRealm, 'KERBEROS.MICROSOFTONLINE.COM');
  assert.equal(k.tickets[2]?.ticketEnctype, 'aes256-cts-hmac-sha1-96');
  assert.equal(toTicketSet(ticketsFromKlistText(text), { now: new Date(2026, 10, 25, 10) }).chain.flow, 'trust');
});

test('MIT klist wraps a long config value onto the next line', () => {
  const k = parseMitKlist(fx('ccache/cloud-v4.klist'));
  assert.equal(k.config[0]?.value, 'yes');
  assert.equal(
    toTicketSet(ticketsFromKlistText(fx('ccache/cloud-v4.klist')), { now: new Date(2026, 10, 25, 10) }).chain.flow,
    'cloud',
  );
});

test('MIT klist without renew time (v1 cache): one-line Flags/Etype', () => {
  const k = parseMitKlist(fx('ccache/single-realm-v1.klist'));
  assert.deepEqual(
    k.tickets.map((t) => [t.server, t.renewUntil, t.flags.join(',')]),
    [
      ['krbtgt/CONTOSO.TEST', null, 'forwardable,initial'],
      ['MSSQLSvc/sql01.contoso.test:1433', null, 'forwardable,transited-policy-checked'],
    ],
  );
});

test('Heimdal klist -v: blocks, start time only when it differs, session key only when it differs', () => {
  const text = fx('heimdal/klist-v-trust.txt');
  assert.equal(detectInput(text).kind, 'heimdal-klist');
  const k = parseHeimdalKlist(text);
  assert.equal(k.cacheVersion, 4);
  assert.equal(k.tickets[0]?.start, '2027-03-04T07:41:09');
  assert.equal(k.tickets[0]?.renewUntil, '2027-03-11T07:41:09');
  assert.deepEqual(k.tickets[0]?.flags, ['forwardable', 'renewable', 'initial', 'pre-authent', 'enc-pa-rep']);
  assert.equal(k.tickets[1]?.start, '2027-03-04T10:05:33');
  assert.equal(k.tickets[2]?.sessionEnctype, 'arcfour-hmac');
  const set = toTicketSet(ticketsFromKlistText(text), { now: new Date(2027, 2, 4, 11) });
  assert.equal(set.chain.flow, 'trust');
  assert.ok(set.chain.findings.some((f) => f.code === 'TICKET_RC4' && f.severity === 'error' && f.ticketIndex === 2));
});
