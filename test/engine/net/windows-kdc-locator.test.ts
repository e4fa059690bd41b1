// The Windows KDC locator: `nltest /dsgetdc:` output in the layout Microsoft documents, the merge of DNS SRV
// and nltest answers, and the real DNS queries (a tiny real DNS server on 127.0.0.1), all within a budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import {
  kdcSrvNames,
  locateWindowsKdcs,
  mergeKdcSources,
  parseNltestDsgetdc,
} from '../../../electron/engine/net/windows-kdc-locator';
import { KerbProbeError } from '../../../electron/engine/errors';
import { startTestDns } from '../../../electron/lab/windows/dns-server';

const win = (f: string) => readFileSync(new URL(`../../fixtures/windows/${f}`, import.meta.url), 'utf8');

test('nltest /dsgetdc: the DC, its address (without the \\\\), domain, forest and flags', () => {
  const dc = parseNltestDsgetdc(win('nltest-dsgetdc.txt'));
  assert.deepEqual(dc, {
    dc: 'DC.fabrikam.com',
    address: '10.1.2.3',
    domain: 'fabrikam.com',
    forest: 'fabrikam.com',
    flags: [
      'PDC',
      'GC',
      'DS',
      'LDAP',
      'KDC',
      'TIMESERV',
      'WRITABLE',
      'DNS_DC',
      'DNS_DOMAIN',
      'DNS_FOREST',
      'CLOSE_SITE',
    ],
  });
  assert.equal(parseNltestDsgetdc(win('nltest-dsgetdc-no-kdc.txt'))?.dc, 'DC2.fabrikam.com', 'CRLF output');
  assert.equal(parseNltestDsgetdc(win('nltest-dsgetdc-no-such-domain.txt')), null);
  assert.equal(parseNltestDsgetdc(''), null);
  assert.equal(parseNltestDsgetdc('x'.repeat(70_000)), null, 'oversized output is refused');
});

test('SRV names: the DC-specific record first, lowercased', () => {
  assert.deepEqual(kdcSrvNames('CONTOSO.COM'), ['_kerberos._tcp.dc._msdcs.contoso.com', '_kerberos._tcp.contoso.com']);
});

test('merge: the nltest DC at its SRV port and IP, then SRV targets by priority/weight, each endpoint once', () => {
  const srv = [
    { name: 'dc2.contoso.com', port: 88, priority: 10, weight: 100 },
    { name: 'dc1.contoso.com', port: 1088, priority: 0, weight: 100 },
    { name: 'dc3.contoso.com', port: 88, priority: 0, weight: 50 },
  ];
  const nl = {
    dc: 'DC1.contoso.com',
    address: '10.0.0.1',
    domain: 'contoso.com',
    forest: 'contoso.com',
    flags: ['KDC'],
  };
  const addrs = new Map([
    ['dc1.contoso.com', ['10.0.0.1']],
    ['dc3.contoso.com', ['10.0.0.3']],
  ]);
  assert.deepEqual(
    mergeKdcSources(srv, nl, addrs).map((k) => `${k.host}:${k.port}`),
    ['10.0.0.1:1088', '10.0.0.3:88', 'dc2.contoso.com:88'],
  );
  // nltest alone: the KDC port 88 at its address.
  assert.deepEqual(
    mergeKdcSources([], nl, new Map()).map((k) => `${k.host}:${k.port} ${k.raw}`),
    ['10.0.0.1:88 nltest /dsgetdc: DC1.contoso.com (10.0.0.1)'],
  );
  assert.deepEqual(mergeKdcSources([], null, new Map()), []);
});

test(
  'locate: both SRV names are asked of the injected DNS server, targets resolved there; nltest within the ' + 'budget',
  async () => {
    const dns = await startTestDns({
      '_kerberos._tcp.dc._msdcs.contoso.test': {
        srv: [{ priority: 0, weight: 100, port: 8888, target: 'kdc1.contoso.test' }],
      },
      '_kerberos._tcp.contoso.test': {
        srv: [
          { priority: 0, weight: 100, port: 8888, target: 'kdc1.contoso.test' },
          { priority: 5, weight: 0, port: 88, target: 'kdc2.contoso.test' },
        ],
      },
      'kdc1.contoso.test': { a: ['127.0.0.1'] },
      'kdc2.contoso.test': { a: ['127.0.0.2'] },
    });
    try {
      const timeouts: number[] = [];
      const r = await locateWindowsKdcs('CONTOSO.TEST', {
        budgetMs: 2000,
        dnsServers: [dns.server],
        run: async (c, a, o) => {
          timeouts.push(o.timeoutMs);
          assert.deepEqual([c, ...a], ['nltest', '/dsgetdc:CONTOSO.TEST']);
          return {
            stdout:
              '           DC: \\\\kdc1.contoso.test\r\n      Address: \\\\127.0.0.1\r\n        Flags: DS LDAP ' +
              'KDC\r\nThe command completed successfully\r\n',
            stderr: '',
            exitCode: 0,
          };
        },
      });
      assert.deepEqual(
        r.kdcs.map((k) => `${k.host}:${k.port}`),
        ['127.0.0.1:8888', '127.0.0.2:88'],
      );
      assert.ok(
        dns.queries.includes('SRV _kerberos._tcp.dc._msdcs.contoso.test') &&
          dns.queries.includes('SRV _kerberos._tcp.contoso.test'),
        dns.queries.join(', '),
      );
      assert.ok(timeouts[0]! > 0 && timeouts[0]! <= 2000);
      assert.ok(
        r.evidence.some((e) => /nltest \/dsgetdc:CONTOSO.TEST: DC kdc1.contoso.test at 127.0.0.1/.test(e)),
        r.evidence.join('\n'),
      );
      // An unknown domain: NXDOMAIN for both, nltest fails (a tool error): nothing found, said why.
      const none = await locateWindowsKdcs('FABRIKAM.TEST', {
        budgetMs: 2000,
        dnsServers: [dns.server],
        run: async () => {
          throw new KerbProbeError('TOOL_FAILED', 'nltest failed (exit 1355)');
        },
      });
      assert.deepEqual(none.kdcs, []);
      assert.ok(
        none.evidence.some((e) => /ENOTFOUND|NXDOMAIN/i.test(e)),
        none.evidence.join('\n'),
      );
      assert.ok(none.evidence.some((e) => /nltest failed/.test(e)));
      // A DC that does not advertise KDC is not a KDC target.
      const nokdc = await locateWindowsKdcs('FABRIKAM.TEST', {
        budgetMs: 2000,
        dnsServers: [dns.server],
        run: async () => ({ stdout: win('nltest-dsgetdc-no-kdc.txt'), stderr: '', exitCode: 0 }),
      });
      assert.deepEqual(nokdc.kdcs, []);
    } finally {
      await dns.close();
    }
  },
);

test('locate: a DNS server that never answers and an nltest that hangs cost the budget, not more', async () => {
  const silent = createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  try {
    const t0 = Date.now();
    const r = await locateWindowsKdcs('CONTOSO.TEST', {
      budgetMs: 400,
      dnsServers: [`127.0.0.1:${silent.address().port}`],
      run: (_c, _a, o) =>
        new Promise((_, reject) =>
          setTimeout(
            () => reject(new KerbProbeError('TOOL_TIMEOUT', `nltest did not finish within ${o.timeoutMs} ms`)),
            o.timeoutMs,
          ),
        ),
    });
    const ms = Date.now() - t0;
    assert.deepEqual(r.kdcs, []);
    assert.ok(ms < 1500, `took ${ms} ms`);
  } finally {
    silent.close();
  }
});
