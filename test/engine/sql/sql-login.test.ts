// sqlLogin against the lab: real KDCs, the real native GSSAPI binding, the lab's TDS server. Every
// scenario of the SQL half reaches its diagnosis, in TDS 7.4 and TDS 8.0 strict, inside the budget.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sqlLogin, type SqlLoginResult } from '../../../electron/engine/sql/sql-login';
import { resolveHost } from '../../../electron/engine/net/resolve';
import { loadHostsOverride } from '../../../electron/engine/net/hosts-override';
import { startLabKerberos, type LabKerberos } from './lab-kerberos';

const BUDGET = 3000;
const SLACK = 700;
const MODES = ['mandatory', 'strict'] as const;

async function run(
  k: LabKerberos,
  encrypt: 'strict' | 'mandatory',
  budgetMs = BUDGET,
): Promise<{ r: SqlLoginResult; ms: number }> {
  const hosts = loadHostsOverride(k.lab.env.KERBPROBE_HOSTS);
  const t = performance.now();
  const r = await sqlLogin({
    server: k.lab.server,
    port: k.lab.port,
    encrypt,
    caPem: readFileSync(k.lab.caFile, 'utf8'),
    budgetMs,
    contextFactory: k.factory(),
    resolveHost: async (host, signal, ms) => {
      const res = await resolveHost(host, { hosts, signal, budgetMs: ms, cname: false });
      assert.ok(res.ok && res.addresses[0], `${host} resolves through the lab's hosts file`);
      return res.addresses[0];
    },
  });
  return { r, ms: performance.now() - t };
}

async function withLab(scenario: string, fn: (k: LabKerberos) => Promise<void>): Promise<void> {
  const k = await startLabKerberos(scenario);
  try {
    await fn(k);
  } finally {
    await k.stop();
  }
}

describe('passing scenarios: auth_scheme KERBEROS and the AP-REP verified', () => {
  for (const scenario of ['healthy', 'modern-flow', 'redirect', 'kdc-proxy']) {
    test(scenario, () =>
      withLab(scenario, async (k) => {
        for (const encrypt of MODES) {
          const { r, ms } = await run(k, encrypt);
          assert.ok(r.ok, `${encrypt}: ${r.ok ? '' : `${r.code}: ${r.evidence.join(' | ')}`}`);
          assert.equal(r.sql.authScheme, 'KERBEROS');
          assert.equal(r.sql.mutualAuth, true);
          assert.equal(r.sql.tdsVersion, encrypt === 'strict' ? '8.0' : '7.4');
          assert.equal(r.sql.login.toLowerCase(), (k.lab.user ?? '').toLowerCase());
          assert.equal(r.tls.trusted, true);
          assert.equal(r.tls.nameMatches, true);
          assert.equal(r.tls.trustServerCertificate, false);
          assert.match(r.tls.protocol ?? '', encrypt === 'strict' ? /TLSv1\.[23]/ : /TLSv1\.2/);
          if (scenario === 'redirect') {
            assert.ok(k.lab.routing);
            assert.deepEqual(r.redirect, {
              from: `${k.lab.server}:${k.lab.port}`,
              to: `${k.lab.routing.server}:${k.lab.routing.port}`,
            });
            assert.match(
              r.tls.subject ?? '',
              new RegExp(k.lab.routing.server.replace(/\./g, '\\.')),
              'TLS checked against the routed name',
            );
          } else {
            assert.equal(r.redirect, null);
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
      withLab(scenario, async (k) => {
        assert.equal(k.lab.expectedCode, code, 'the lab agrees on the expected code');
        for (const encrypt of MODES) {
          const budget = scenario === 'sql-blackhole' ? 2000 : BUDGET;
          const { r, ms } = await run(k, encrypt, budget);
          assert.equal(r.ok, false, `${encrypt}: expected ${code}`);
          if (r.ok) continue;
          assert.equal(r.code, code, `${encrypt}: ${r.evidence.join(' | ')}`);
          assert.ok(ms < budget + SLACK, `${encrypt} took ${Math.round(ms)} ms (budget ${budget})`);
          if (code === 'LOGIN_NOT_MAPPED')
            assert.match(r.evidence.join(' '), new RegExp((k.lab.user ?? '').split('@')[0]!, 'i'));
          if (code === 'TLS_NAME_MISMATCH') assert.equal(r.tls?.nameMatches, false);
          if (code === 'TLS_UNTRUSTED') assert.equal(r.tls?.trusted, false);
          if (code === 'REDIRECT_BLOCKED') {
            assert.ok(r.redirect && k.lab.routing);
            assert.equal(r.redirect.to, `${k.lab.routing.server}:${k.lab.routing.port}`);
          }
        }
      }));
  }
});
