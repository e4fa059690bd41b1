import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseWindowsKlist } from '../../../electron/engine/tickets/windows-klist';
import { parseKlistGet } from '../../../electron/engine/tickets/windows-klist-get';
import { parseKlistTgt } from '../../../electron/engine/tickets/windows-klist-tgt';
import { detectInput } from '../../../electron/engine/tickets/detect-input';
import { ticketsFromKlistText, toTicketSet } from '../../../electron/engine/tickets/ticket-source';
import { ParseError } from '../../../electron/engine/errors';

const dir = fileURLToPath(new URL('../../fixtures/windows/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');
const bytes = (name: string): Uint8Array => readFileSync(dir + name);
// Every layout also exists with CRLF line ends; both must read the same.
const variants = (base: string): string[] => [`${base}.txt`, `${base}-crlf.txt`];
const DURING = new Date(2027, 2, 4, 11, 30, 0); // local time, while the fixtures' tickets are valid
const MI = 'MSSQLSvc/sqlmi7.f00dcafe1234.database.windows.net:1433';

for (const f of variants('klist-trust-flow')) {
  test(`${f}: three tickets, the trust chain TGT → referral → MI ticket`, () => {
    const k = parseWindowsKlist(read(f));
    assert.equal(k.logonId, '0:0x5b21c4');
    assert.equal(k.tickets.length, 3);
    const [tgt, ref, svc] = k.tickets;
    assert.deepEqual(
      [tgt?.client, tgt?.clientRealm, tgt?.server, tgt?.serverRealm],
      ['bruno', 'FABRIKAM.COM', 'krbtgt/FABRIKAM.COM', 'FABRIKAM.COM'],
    );
    assert.equal(tgt?.start, '2027-03-04T07:41:09');
    assert.equal(tgt?.renewUntil, '2027-03-11T07:41:09');
    assert.deepEqual(tgt?.flags, ['forwardable', 'renewable', 'initial', 'pre-authent', 'name-canonicalize']);
    assert.equal(tgt?.flagsHex, '0x40e10000');
    assert.equal(tgt?.cacheFlags, '0x1 -> PRIMARY');
    assert.equal(ref?.server, 'krbtgt/KERBEROS.MICROSOFTONLINE.COM');
    assert.equal(svc?.kdcCalled, 'KdcProxy:login.microsoftonline.com');
    assert.equal(svc?.ticketEnctype, 'aes256-cts-hmac-sha1-96');
    const set = toTicketSet(ticketsFromKlistText(read(f)), { now: DURING, spn: MI });
    assert.equal(set.chain.flow, 'trust');
    assert.deepEqual(
      set.chain.hops.map((h) => [h.kind, h.issuingRealm, h.status, h.ticketIndex]),
      [
        ['tgt', 'FABRIKAM.COM', 'ok', 0],
        ['referral', 'FABRIKAM.COM', 'ok', 1],
        ['service', 'KERBEROS.MICROSOFTONLINE.COM', 'ok', 2],
      ],
    );
    assert.deepEqual(set.chain.findings, []);
  });
}

for (const f of [...variants('klist-cloud-flow'), 'klist-cloud-flow-utf16.txt']) {
  test(`${f}: cloud TGT (client realm AzureAD, enctype unknown) then the MI ticket`, () => {
    const text = detectInput(bytes(f));
    assert.equal(text.kind, 'windows-klist');
    const k = parseWindowsKlist(text.text ?? '');
    const [tgt, svc] = k.tickets;
    assert.deepEqual([tgt?.client, tgt?.clientRealm], ['bruno@fabrikam.com', 'AzureAD']);
    assert.equal(tgt?.ticketEnctype, null);
    assert.equal(tgt?.kdcCalled, 'TicketSuppliedAtLogon');
    assert.equal(svc?.renewUntil, null);
    const set = toTicketSet(ticketsFromKlistText(text.text ?? ''), { now: DURING });
    assert.equal(set.chain.flow, 'cloud');
    assert.equal(set.chain.userRealm, 'KERBEROS.MICROSOFTONLINE.COM');
    assert.deepEqual(
      set.chain.hops.map((h) => h.kind),
      ['tgt', 'service'],
    );
  });
}

test('cloud flow an hour later: the service ticket has expired (TICKET_EXPIRED)', () => {
  const set = toTicketSet(ticketsFromKlistText(read('klist-cloud-flow.txt')), { now: new Date(2027, 2, 4, 12, 30, 0) });
  assert.equal(set.chain.hops[1]?.status, 'expired');
  assert.ok(set.chain.findings.some((f) => f.code === 'TICKET_EXPIRED' && f.ticketIndex === 1));
});

test('cloud flow 5 minutes before the end: TICKET_EXPIRING', () => {
  const set = toTicketSet(ticketsFromKlistText(read('klist-cloud-flow.txt')), {
    now: new Date(2027, 2, 4, 11, 57, 17),
  });
  assert.equal(set.chain.hops[1]?.status, 'expiring');
  assert.ok(set.chain.findings.some((f) => f.code === 'TICKET_EXPIRING'));
});

for (const f of variants('klist-es')) {
  test(`${f}: translated labels, English flags and enctypes`, () => {
    const k = parseWindowsKlist(read(f));
    const t = k.tickets[0];
    assert.equal(t?.server, 'MSSQLSvc/sql02.fabrikam.com:1433');
    assert.deepEqual(t?.flags, ['renewable', 'pre-authent', 'ok-as-delegate', 'name-canonicalize']);
    assert.equal(t?.end, '2027-03-09T20:11:45');
    assert.equal(t?.kdcCalled, 'dc02.fabrikam.com');
    assert.equal(t?.sessionEnctype, 'aes256-cts-hmac-sha1-96');
    const set = toTicketSet(ticketsFromKlistText(read(f)), { now: new Date(2027, 2, 9, 15, 0, 0) });
    assert.ok(set.chain.findings.some((x) => x.code === 'CHAIN_NO_TGT'));
    assert.equal(set.chain.flow, 'incomplete');
  });
}

for (const f of variants('klist-old-build-rc4')) {
  test(`${f}: a build without Cache Flags / Kdc Called; RC4 flagged`, () => {
    const k = parseWindowsKlist(read(f));
    assert.equal(k.tickets[0]?.kdcCalled, undefined);
    assert.equal(k.tickets[0]?.cacheFlags, undefined);
    assert.equal(k.tickets[1]?.ticketEnctype, 'arcfour-hmac');
    const set = toTicketSet(ticketsFromKlistText(read(f)), { now: DURING });
    assert.equal(set.chain.flow, 'single-realm');
    assert.ok(set.chain.findings.some((x) => x.code === 'TICKET_RC4' && x.ticketIndex === 1 && x.severity === 'warn'));
  });
}

for (const f of variants('klist-referral-only')) {
  test(`${f}: a referral without the MI ticket`, () => {
    const set = toTicketSet(ticketsFromKlistText(read(f)), { now: DURING, spn: MI });
    assert.equal(set.chain.flow, 'incomplete');
    assert.ok(set.chain.findings.some((x) => x.code === 'CHAIN_REFERRAL_WITHOUT_SERVICE'));
    assert.equal(set.chain.hops.at(-1)?.status, 'missing');
  });
}

for (const f of variants('klist-get-success')) {
  test(`${f}: success names the SPN and lists the chain`, () => {
    assert.equal(detectInput(read(f)).kind, 'windows-klist-get');
    const r = parseKlistGet(read(f));
    assert.ok(r.ok);
    assert.equal(r.spn, MI);
    assert.equal(r.tickets.length, 3);
  });
}

const failures: [string, number, number][] = [
  ['klist-get-spn-not-found', 0x6fb, 0xc000018b],
  ['klist-get-kdcproxy-unreachable', 0x51f, 0xc000005e],
  ['klist-get-etype', 0x80090342, 0xc00002fd],
  ['klist-get-conditional-access', 0x52f, 0xc000006e],
];
for (const [base, sub, status] of failures) {
  for (const f of variants(base)) {
    test(`${f}: substatus 0x${sub.toString(16)}, status 0x${status.toString(16)}`, () => {
      assert.equal(detectInput(read(f)).kind, 'windows-klist-get');
      const r = parseKlistGet(read(f));
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.substatus, sub);
      assert.equal(r.status, status);
      assert.equal(r.statusHex, `0x${status.toString(16)}`);
    });
  }
}

for (const f of variants('klist-tgt-no-credentials')) {
  test(`${f}: SEC_E_NO_CREDENTIALS without a substatus`, () => {
    assert.equal(detectInput(read(f)).kind, 'windows-klist-error');
    const r = parseKlistTgt(read(f));
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.status, 0x8009030e);
    assert.equal(r.substatus, null);
    assert.equal(r.logonId, '0:0x3e4');
  });
}

for (const f of variants('klist-tgt')) {
  test(`${f}: the TGT without a byte of its session key or ticket`, () => {
    assert.equal(detectInput(read(f)).kind, 'windows-klist-tgt');
    const r = parseKlistTgt(read(f));
    assert.ok(r.ok);
    assert.equal(r.ticket.server, 'krbtgt/FABRIKAM.COM');
    assert.equal(r.ticket.sessionEnctype, 'aes256-cts-hmac-sha1-96');
    assert.equal(r.ticket.end, '2027-03-04T17:41:09');
    assert.equal(r.encodedTicketSize, 1188);
    const json = JSON.stringify(r).toLowerCase();
    for (const secret of ['de ad be ef', 'deadbeef', '61 82 04 a0', 'keylength', 'fabrikam.com.!0'])
      assert.ok(!json.includes(secret), secret);
  });
}

test('a klist that announces more tickets than it lists is read as far as it goes, and says what is missing', () => {
  const cut = read('klist-trust-flow.txt').split('#2>')[0] ?? '';
  const k = parseWindowsKlist(cut);
  assert.equal(k.tickets.length, 2);
  assert.deepEqual(k.cut, { declared: 3, complete: 2, entry: null, line: null });
});

test('a klist cut inside an entry keeps the complete ones and names the cut entry by the line of the text', () => {
  const text = read('klist-trust-flow.txt');
  const cut = text.slice(0, text.indexOf('Start Time', text.indexOf('#2>')));
  const k = parseWindowsKlist(cut);
  assert.equal(k.tickets.length, 2);
  const line = cut.split(/\r?\n/).findIndex((l) => l.startsWith('#2>')) + 1;
  assert.deepEqual(k.cut, { declared: 3, complete: 2, entry: 2, line });
});

test('a broken entry before the last is refused with the line number of the text as given', () => {
  const text = read('klist-trust-flow.txt').replace(/(#1>[^]*?)Start Time: [^\r\n]*/, '$1Start Time: yesterday');
  const line = text.split(/\r?\n/).findIndex((l) => l.startsWith('#1>')) + 1;
  assert.throws(
    () => parseWindowsKlist(text),
    (e: unknown) => e instanceof ParseError && e.code === 'KLIST_BAD_ENTRY' && e.message.endsWith(`(line ${line})`),
  );
});

test('text that is no klist output gets KLIST_NOT_RECOGNISED', () => {
  assert.throws(
    () => parseWindowsKlist('hello\nworld\n'),
    (e: unknown) => e instanceof ParseError && e.code === 'KLIST_NOT_RECOGNISED',
  );
});

test('times can be given an explicit UTC offset', () => {
  const k = parseWindowsKlist(read('klist-trust-flow.txt'), { utcOffsetMinutes: 60 });
  assert.equal(k.tickets[0]?.start, '2027-03-04T07:41:09+01:00');
});

for (const f of variants('klist-trust-flow-variant')) {
  test(`${f}: spaces for tabs, spacing around the colon, lost indentation — the same tickets as klist-trust-flow.txt`, () => {
    assert.equal(detectInput(read(f)).kind, 'windows-klist');
    const v = parseWindowsKlist(read(f));
    assert.deepEqual(v.tickets, parseWindowsKlist(read('klist-trust-flow.txt')).tickets);
    assert.deepEqual(v.unread, []);
  });
}

test('a line of a klist entry that cannot be read is listed with its number, the ticket still read', () => {
  const k = parseWindowsKlist(read('klist-trust-flow-unreadable-line.txt'));
  assert.equal(k.tickets.length, 3);
  assert.deepEqual(k.unread, [{ line: 14, text: '<<< garbled by the remote session >>>' }]);
  assert.deepEqual(parseWindowsKlist(read('klist-trust-flow.txt')).unread, []);
});

test('klist-tgt-variant.txt: tabs around the colon and trailing spaces read as klist-tgt.txt', () => {
  assert.equal(detectInput(read('klist-tgt-variant.txt')).kind, 'windows-klist-tgt');
  const v = parseKlistTgt(read('klist-tgt-variant.txt'));
  const o = parseKlistTgt(read('klist-tgt.txt'));
  assert.ok(v.ok && o.ok);
  assert.deepEqual(v.ticket, o.ticket);
  assert.deepEqual(v.unread, []);
  assert.equal(v.encodedTicketSize, o.encodedTicketSize);
});

test('a klist get success cut inside its last ticket keeps the complete ones and says what was cut', () => {
  const text = read('klist-get-success.txt');
  const cut = text.slice(0, text.indexOf('Start Time', text.indexOf('#2>')));
  const r = parseKlistGet(cut);
  assert.ok(r.ok);
  assert.equal(r.tickets.length, 2);
  const line = cut.split(/\r?\n/).findIndex((l) => l.startsWith('#2>')) + 1;
  assert.deepEqual(r.cut, { declared: 3, complete: 2, entry: 2, line });
});
