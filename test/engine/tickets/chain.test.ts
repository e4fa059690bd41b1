import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Ticket } from '../../../electron/contract/report';
import { buildChain, reconcileChain } from '../../../electron/engine/tickets/chain';
import { formatChain } from '../../../electron/engine/tickets/format-tickets';
import { hopLine } from '../../../electron/engine/report/summary';
import { chainNodes } from '../../../renderer/src/lib/chain-view';

const NOW = new Date('2026-06-01T12:00:00Z');
const SPN = 'MSSQLSvc/sqlmi1.lab.database.windows.net:1433';
const tgt: Ticket = {
  client: 'alice',
  clientRealm: 'CONTOSO.TEST',
  server: 'krbtgt/CONTOSO.TEST',
  serverRealm: 'CONTOSO.TEST',
  start: '2026-06-01T10:00:00Z',
  end: '2026-06-01T20:00:00Z',
  renewUntil: null,
  flags: [],
  ticketEnctype: 'aes256-cts-hmac-sha1-96',
  sessionEnctype: 'aes256-cts-hmac-sha1-96',
};
const onlyTgt = () => buildChain([tgt], { spn: SPN, now: NOW, defaultPrincipal: 'alice@CONTOSO.TEST' });

test('a referral the check never requested is not called a missing trust (kdc-proxy-down)', () => {
  const cacheOnly = onlyTgt();
  assert.equal(
    cacheOnly.findings.find((f) => f.code === 'CHAIN_NO_REFERRAL')?.severity,
    'error',
    'the cache alone cannot tell',
  );
  const c = reconcileChain(cacheOnly, {
    tgt: { status: 'pass', detail: 'alice@CONTOSO.TEST: krbtgt/CONTOSO.TEST@CONTOSO.TEST' },
    referral: { status: 'skip', detail: 'not attempted: the Entra Kerberos KDC is unreachable' },
    service: { status: 'skip', detail: 'not attempted: a KDC on the path is unreachable' },
  });
  assert.deepEqual(
    c.findings.map((f) => [f.code, f.severity]),
    [
      ['CHAIN_NO_REFERRAL', 'info'],
      ['CHAIN_SERVICE_TICKET_MISSING', 'info'],
    ],
  );
  assert.ok(
    c.findings.every((f) => !/missing trust|never requested/.test(f.message) && /not requested/.test(f.message)),
    JSON.stringify(c.findings),
  );
  assert.equal(c.hops[1]?.note, 'not requested: the Entra Kerberos KDC is unreachable');
  assert.equal(c.hops[1]?.status, 'missing', 'what the cache holds is unchanged');
});

test('a referral requested and refused says the KDC was asked, not "or never requested"', () => {
  const c = reconcileChain(onlyTgt(), {
    referral: { status: 'fail', detail: 'no referral to KERBEROS.MICROSOFTONLINE.COM from CONTOSO.TEST' },
  });
  const f = c.findings.find((x) => x.code === 'CHAIN_NO_REFERRAL');
  assert.equal(f?.severity, 'error');
  assert.match(f?.message ?? '', /the CONTOSO\.TEST KDC was asked and gave none/);
  assert.doesNotMatch(f?.message ?? '', /never requested/);
});

test('a missing ticket names no issuer, in the report, the CLI and the diagram', () => {
  const c = reconcileChain(onlyTgt(), {
    referral: { status: 'skip', detail: 'not attempted: x' },
    service: { status: 'skip', detail: 'not attempted: y' },
  });
  const missing = c.hops.filter((h) => h.status === 'missing');
  assert.equal(missing.length, 2);
  for (const h of missing) assert.match(hopLine(h), /\(would be issued by [A-Z.]+\)/);
  assert.match(hopLine(c.hops[0]!), /\(issued by CONTOSO\.TEST\)/);
  assert.match(formatChain(c), /\[referral\] .* would come from CONTOSO\.TEST\s+MISSING/);
  const nodes = chainNodes(c, [tgt], 'alice@CONTOSO.TEST', NOW);
  assert.equal(nodes[1]?.issuer, 'on-premises AD (CONTOSO.TEST)');
  assert.deepEqual(
    nodes.slice(2, 4).map((n) => n.issuer),
    [null, null],
  );
});
