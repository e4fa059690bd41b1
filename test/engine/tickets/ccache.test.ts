import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCcache, credentialToTicket } from '../../../electron/engine/tickets/ccache';
import { ticketsFromCcache, toTicketSet } from '../../../electron/engine/tickets/ticket-source';
import { ParseError } from '../../../electron/engine/errors';
import { buildCcache, derTicket, type BuildCred } from './ccache-builder';

const dir = fileURLToPath(new URL('../../fixtures/ccache/', import.meta.url));
const fixture = (n: string): Uint8Array => readFileSync(dir + n);
const code =
  (c: string) =>
  (e: unknown): boolean =>
    e instanceof ParseError && e.code === c;

const KEY = Uint8Array.from({ length: 32 }, (_, i) => 0xa5 ^ i);
const alice = { realm: 'CONTOSO.TEST', components: ['alice'] };
const cred = (server: string[], realm: string, enctype = 18): BuildCred => ({
  client: alice,
  server: { realm, components: server },
  keyEnctype: enctype,
  key: KEY,
  times: [1_800_000_000, 0, 1_800_036_000, 1_800_600_000],
  flags: 0x40e10000,
  ticket: derTicket(enctype, 3, Uint8Array.from([1, 2, 3, 4])),
});

test('MIT-written v4 cache (trust flow): tickets, config entry, enctypes read from the ticket', () => {
  const c = parseCcache(fixture('trust-v4.ccache'));
  assert.equal(c.version, 4);
  assert.deepEqual(c.kdcOffset, { seconds: 0, microseconds: 0 });
  assert.equal(c.credentials.length, 3);
  assert.deepEqual(
    c.config.map((e) => [e.key, e.value]),
    [['fast_avail', 'yes']],
  );
  const t = c.credentials.map(credentialToTicket);
  assert.deepEqual(
    t.map((x) => `${x.server}@${x.serverRealm}`),
    [
      'krbtgt/CONTOSO.TEST@CONTOSO.TEST',
      'krbtgt/KERBEROS.MICROSOFTONLINE.COM@CONTOSO.TEST',
      'MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433@KERBEROS.MICROSOFTONLINE.COM',
    ],
  );
  assert.ok(
    t.every((x) => x.ticketEnctype === 'aes256-cts-hmac-sha1-96' && x.sessionEnctype === 'aes256-cts-hmac-sha1-96'),
  );
  const set = toTicketSet(ticketsFromCcache(fixture('trust-v4.ccache')), { now: new Date('2026-11-25T10:00:00Z') });
  assert.equal(set.chain.flow, 'trust');
  assert.equal(set.defaultPrincipal, 'alice@CONTOSO.TEST');
});

test('MIT-written v4 cache (cloud flow) is the cloud flow', () => {
  const set = toTicketSet(ticketsFromCcache(fixture('cloud-v4.ccache')), { now: new Date('2026-11-25T10:00:00Z') });
  assert.equal(set.chain.flow, 'cloud');
});

test('referral-only cache: CHAIN_REFERRAL_WITHOUT_SERVICE for the MI SPN', () => {
  const set = toTicketSet(ticketsFromCcache(fixture('referral-only-v4.ccache')), {
    now: new Date('2026-11-25T10:00:00Z'),
    spn: 'MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433',
  });
  assert.equal(set.chain.flow, 'incomplete');
  assert.ok(set.chain.findings.some((f) => f.code === 'CHAIN_REFERRAL_WITHOUT_SERVICE'));
});

for (const v of [1, 2, 3] as const) {
  test(`MIT-written v${v} cache (written with ccache_type = ${v})`, () => {
    const c = parseCcache(fixture(`single-realm-v${v}.ccache`));
    assert.equal(c.version, v);
    assert.equal(c.credentials.length, 2);
    assert.equal(c.credentials[1] && credentialToTicket(c.credentials[1]).server, 'MSSQLSvc/sql01.contoso.test:1433');
  });
}

for (const v of [1, 2, 3, 4] as const) {
  for (const le of v <= 2 ? [true, false] : [false]) {
    test(`built v${v}${v <= 2 ? (le ? ' little-endian' : ' big-endian') : ''} cache round-trips, key never kept`, () => {
      const bytes = buildCcache(
        v,
        alice,
        [
          cred(['krbtgt', 'CONTOSO.TEST'], 'CONTOSO.TEST'),
          cred(['MSSQLSvc', 'h.contoso.test:1433'], 'CONTOSO.TEST', 23),
        ],
        le,
      );
      const c = parseCcache(bytes);
      assert.equal(c.credentials.length, 2);
      const t = c.credentials.map(credentialToTicket);
      assert.equal(t[0]?.start, '2027-01-15T08:00:00Z'); // start 0 → auth time, as klist shows it
      assert.equal(t[1]?.ticketEnctype, 'arcfour-hmac');
      assert.deepEqual(t[0]?.flags, ['forwardable', 'renewable', 'initial', 'pre-authent', 'enc-pa-rep']);
      assert.ok(!JSON.stringify(c).includes('165'), 'no key byte (0xa5) as a number in the result');
    });
  }
}

test('config entries and tombstones are not tickets', () => {
  const conf = (realm: string, key: string): BuildCred => ({
    ...cred(['krb5_ccache_conf_data', key, 'krbtgt/X@X'], realm),
    ticket: new TextEncoder().encode('secret-ish'),
  });
  const c = parseCcache(
    buildCcache(4, alice, [
      conf('X-CACHECONF:', 'pa_config_data'),
      conf('X-RMED-CONF:', 'fast_avail'),
      cred(['krbtgt', 'CONTOSO.TEST'], 'CONTOSO.TEST'),
    ]),
  );
  assert.equal(c.credentials.length, 1);
  assert.deepEqual(
    c.config.map((e) => [e.key, e.removed, e.value]),
    [
      ['pa_config_data', false, null],
      ['fast_avail', true, 'secret-ish'],
    ],
  );
  assert.ok(!JSON.stringify(c.config[0]).includes('secret'), 'values of keys not known to be harmless are dropped');
});

test('errors carry stable codes', () => {
  assert.throws(() => parseCcache(new Uint8Array()), code('CCACHE_EMPTY'));
  assert.throws(() => parseCcache(Uint8Array.from([0x04, 0x04])), code('CCACHE_BAD_MAGIC'));
  assert.throws(() => parseCcache(Uint8Array.from([0x05, 0x09])), code('CCACHE_BAD_VERSION'));
  const good = buildCcache(4, alice, [cred(['krbtgt', 'CONTOSO.TEST'], 'CONTOSO.TEST')]);
  for (let cut = 2; cut < good.length; cut += 7) {
    assert.throws(
      () => parseCcache(good.subarray(0, cut)),
      (e: unknown) => e instanceof ParseError && /^CCACHE_/.test(e.code),
      `cut at ${cut}`,
    );
  }
  const huge = Uint8Array.from(good);
  huge[2] = 0xff; // header length far beyond the file
  assert.throws(() => parseCcache(huge), code('CCACHE_TRUNCATED'));
  const field = Uint8Array.from(good);
  field[6] = 0xff; // a header field longer than the header
  assert.throws(() => parseCcache(field), code('CCACHE_BAD_HEADER'));
});
