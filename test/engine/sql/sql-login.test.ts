// sqlLogin against the lab: real KDCs, the real native GSSAPI binding, the lab's TDS server. Every
// scenario of the SQL half reaches its diagnosis, in TDS 7.4 and TDS 8.0 strict, inside the budget.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sqlLogin, type SqlLoginResult } from '../../../electron/engine/sql/sql-login';
import { resolveHost } from '../../../electron/engine/net/resolve';
import { loadHostsOverride } from '../../../electron/engine/net/hosts-override';
import { startRelay, type RelayTraceEvent } from '../../../electron/lab/latency/relay';
import { startLabKerberos, type LabKerberos } from './lab-kerberos';

const BUDGET = 3000;
const SLACK = 700;
const MODES = ['mandatory', 'strict'] as const;

async function run(
  kerberos: LabKerberos,
  encrypt: 'strict' | 'mandatory',
  budgetMs = BUDGET,
): Promise<{ result: SqlLoginResult; ms: number }> {
  const hosts = loadHostsOverride(kerberos.lab.env.KERBPROBE_HOSTS);
  const startedAt = performance.now();
  const result = await sqlLogin({
    server: kerberos.lab.server,
    port: kerberos.lab.port,
    encrypt,
    caPem: readFileSync(kerberos.lab.caFile, 'utf8'),
    budgetMs,
    contextFactory: kerberos.factory(),
    resolveHost: async (host, signal, ms) => {
      const res = await resolveHost(host, { hosts, signal, budgetMs: ms, cname: false });
      assert.ok(res.ok && res.addresses[0], `${host} resolves through the lab's hosts file`);
      return res.addresses[0];
    },
  });
  return { result, ms: performance.now() - startedAt };
}

async function withLab(scenario: string, fn: (kerberos: LabKerberos) => Promise<void>): Promise<void> {
  const kerberos = await startLabKerberos(scenario);
  try {
    await fn(kerberos);
  } finally {
    await kerberos.stop();
  }
}

describe('passing scenarios: auth_scheme KERBEROS and the AP-REP verified', () => {
  for (const scenario of ['healthy', 'modern-flow', 'redirect', 'kdc-proxy']) {
    test(scenario, () =>
      withLab(scenario, async (kerberos) => {
        for (const encrypt of MODES) {
          const { result, ms } = await run(kerberos, encrypt);
          assert.ok(result.ok, `${encrypt}: ${result.ok ? '' : `${result.code}: ${result.evidence.join(' | ')}`}`);
          assert.equal(result.sql.authScheme, 'KERBEROS');
          assert.equal(result.sql.mutualAuth, true);
          assert.equal(result.sql.tdsVersion, encrypt === 'strict' ? '8.0' : '7.4');
          assert.equal(result.sql.login.toLowerCase(), (kerberos.lab.user ?? '').toLowerCase());
          assert.equal(result.tls.trusted, true);
          assert.equal(result.tls.nameMatches, true);
          assert.equal(result.tls.trustServerCertificate, false);
          assert.match(result.tls.protocol ?? '', encrypt === 'strict' ? /TLSv1\.[23]/ : /TLSv1\.2/);
          if (scenario === 'redirect') {
            assert.ok(kerberos.lab.routing);
            assert.deepEqual(result.redirect, {
              from: `${kerberos.lab.server}:${kerberos.lab.port}`,
              to: `${kerberos.lab.routing.server}:${kerberos.lab.routing.port}`,
            });
            assert.match(
              result.tls.subject ?? '',
              new RegExp(kerberos.lab.routing.server.replace(/\./g, '\\.')),
              'TLS checked against the routed name',
            );
          } else {
            assert.equal(result.redirect, null);
          }
          assert.ok(ms < BUDGET, `${encrypt} took ${Math.round(ms)} ms`);
        }
      }),
    );
  }
});

describe('failing scenarios reach their code', () => {
  const expected: Record<string, string> = {
    'login-not-mapped': 'LOGIN_NOT_MAPPED',
    'service-key-stale': 'SERVICE_KEY_MISMATCH',
    'tls-untrusted': 'TLS_UNTRUSTED',
    'tls-name-mismatch': 'TLS_NAME_MISMATCH',
    'redirect-blocked': 'REDIRECT_BLOCKED',
    'sql-down': 'SQL_UNREACHABLE',
    'sql-blackhole': 'SQL_UNREACHABLE',
  };
  for (const [scenario, code] of Object.entries(expected)) {
    test(`${scenario} → ${code}`, () =>
      withLab(scenario, async (kerberos) => {
        assert.equal(kerberos.lab.expectedCode, code, 'the lab agrees on the expected code');
        for (const encrypt of MODES) {
          const budget = scenario === 'sql-blackhole' ? 2000 : BUDGET;
          const { result, ms } = await run(kerberos, encrypt, budget);
          assert.equal(result.ok, false, `${encrypt}: expected ${code}`);
          if (result.ok) continue;
          assert.equal(result.code, code, `${encrypt}: ${result.evidence.join(' | ')}`);
          assert.ok(ms < budget + SLACK, `${encrypt} took ${Math.round(ms)} ms (budget ${budget})`);
          if (code === 'LOGIN_NOT_MAPPED')
            assert.match(result.evidence.join(' '), new RegExp((kerberos.lab.user ?? '').split('@')[0]!, 'i'));
          if (code === 'TLS_NAME_MISMATCH') assert.equal(result.tls?.nameMatches, false);
          if (code === 'TLS_UNTRUSTED') assert.equal(result.tls?.trusted, false);
          if (code === 'REDIRECT_BLOCKED') {
            assert.ok(result.redirect && kerberos.lab.routing);
            assert.equal(result.redirect.to, `${kerberos.lab.routing.server}:${kerberos.lab.routing.port}`);
          }
        }
      }));
  }
});

/**
 * What a Kerberos login costs on the wire, counted by a relay between the client and the lab's server (every
 * item each way, per connection): the client's flights — runs of bytes sent before the server's next answer —
 * are its round trips after the TCP handshake. MS-TDS §3.2.5 (the client's states: Sent Initial PRELOGIN Packet,
 * Sent TLS/SSL Negotiation Packet, Sent LOGIN7 Record with SPNEGO Packet, Logged In, Sent Client Request) puts
 * nothing between LOGIN7's answer and the first request: TDS 7.4 is PRELOGIN, the TLS 1.2 handshake's two client
 * flights (RFC 5246 §7.3: ClientHello; ClientKeyExchange, ChangeCipherSpec, Finished) inside PRELOGIN packets,
 * LOGIN7 with the AP-REQ (answered with the AP-REP and LOGINACK in one message), then the verification query —
 * five. TDS 8.0 strict is the TLS 1.3 handshake (RFC 8446 §2: ClientHello; Finished, with the PRELOGIN behind it),
 * LOGIN7, the query — four.
 */
describe('round trips: the login asks for what MS-TDS requires, no more', () => {
  const CLIENT_FLIGHTS = { mandatory: 5, strict: 4 } as const;
  test('healthy, TDS 7.4 and 8.0 strict, through a relay that logs every item', () =>
    withLab('healthy', async (kerberos) => {
      const events: RelayTraceEvent[] = [];
      const relay = await startRelay(
        {
          peer: 'sql',
          listenHost: '127.0.0.2',
          targetHost: '127.0.0.1',
          port: kerberos.lab.port,
          rttMs: 2,
          udp: false,
        },
        (event) => events.push(event),
      );
      try {
        for (const encrypt of MODES) {
          events.length = 0;
          const result = await sqlLogin({
            server: kerberos.lab.server,
            port: kerberos.lab.port,
            address: '127.0.0.2',
            encrypt,
            caPem: readFileSync(kerberos.lab.caFile, 'utf8'),
            budgetMs: BUDGET,
            contextFactory: kerberos.factory(),
          });
          assert.ok(result.ok, `${encrypt}: ${result.ok ? '' : `${result.code}: ${result.evidence.join(' | ')}`}`);
          const data = events.filter((event) => event.what === 'data');
          const connections = new Set(data.map((event) => event.conn));
          assert.equal(connections.size, 1, `${encrypt}: one connection`);
          const flights = data.filter((event, i) => event.dir === 'up' && data[i - 1]?.dir !== 'up').length;
          const shown = data.map((event) => `${event.dir === 'up' ? '→' : '←'}${event.bytes}`).join(' ');
          assert.equal(flights, CLIENT_FLIGHTS[encrypt], `${encrypt}: client flights ${shown}`);
        }
      } finally {
        await relay.close();
      }
    }));
});

// tedious' session options, as its documentation gives their defaults (tediousjs.github.io/tedious/
// api-connection.html: enableAnsiNull … connectionIsolationLevel, abortTransactionOnError), each sent as a
// SET. tedious sends them as a batch of their own and waits; KerbProbe's connection puts them at the head of
// its one batch, the verification query: one round trip less, and the query still runs in a session set up
// as tedious sets it.
const TEDIOUS_SESSION_OPTIONS = [
  'ANSI_NULLS',
  'ANSI_NULL_DFLT_ON',
  'ANSI_PADDING',
  'ANSI_WARNINGS',
  'ARITHABORT',
  'CONCAT_NULL_YIELDS_NULL',
  'DATEFIRST',
  'DATEFORMAT',
  'IMPLICIT_TRANSACTIONS',
  'LANGUAGE',
  'NUMERIC_ROUNDABORT',
  'QUOTED_IDENTIFIER',
  'TEXTSIZE',
  'TRANSACTION ISOLATION LEVEL',
  'XACT_ABORT', // abortTransactionOnError
];

test("one batch reaches the server: tedious' session options, then the verification query", () =>
  withLab('healthy', async (kerberos) => {
    const before = kerberos.log().length;
    const { result } = await run(kerberos, 'mandatory');
    assert.ok(result.ok);
    const batches = kerberos
      .log()
      .slice(before)
      .split('\n')
      .filter((line) => /KerbProbe lab: batch \d+ from /.test(line));
    assert.equal(batches.length, 1, batches.join('\n'));
    const statements = batches[0]!.replace(/^.*KerbProbe lab: batch 1 from \S+: /, '').split('; ');
    assert.deepEqual(statements, [...TEDIOUS_SESSION_OPTIONS.map((o) => `SET ${o}`), 'SELECT']);
  }));
