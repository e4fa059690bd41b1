// Orchestration only (order, concurrency, budgets, cancellation, where evidence goes) with small fakes of
// the platform ports; the diagnosis is the real diagnose/. The real hops run against the lab in the CLI
// fault matrix (test/cli/check-matrix.test.ts) and the e2e tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../../electron/engine/check/run-check';
import { normalizeTarget } from '../../../electron/engine/check/target';
import { PIPELINE, type CheckDeps } from '../../../electron/engine/check/pipeline';
import type { StepProgress } from '../../../electron/contract/ipc';
import type { Chain, Ticket } from '../../../electron/contract/index';
import { KerbProbeError } from '../../../electron/engine/errors';

const SPN = 'MSSQLSvc/sqlmi1.lab.database.windows.net:1433';
// A fixed clock: the fake tickets are judged against it, never against the wall clock.
const NOW = new Date('2026-06-01T12:00:00Z');
const now = () => NOW;
const future = new Date(NOW.getTime() + 3600_000).toISOString();
const past = new Date(NOW.getTime() - 3600_000).toISOString();
const chain: Chain = {
  flow: 'trust',
  userRealm: 'CONTOSO.TEST',
  targetRealm: 'KERBEROS.MICROSOFTONLINE.COM',
  targetSpn: SPN,
  hops: [],
  findings: [],
};
function ticket(server: string, serverRealm: string, end = future): Ticket {
  return {
    client: 'alice@CONTOSO.TEST',
    server,
    serverRealm,
    start: past,
    end,
    renewUntil: null,
    flags: [],
    ticketEnctype: 'aes256-cts-hmac-sha1-96',
    sessionEnctype: 'aes256-cts-hmac-sha1-96',
  };
}
const probeOk = { ok: true, ms: 1, detail: 'KRB-ERROR 6', evidence: [], skewSeconds: 0.2, results: [] };

function fakeDeps(over: Partial<CheckDeps> = {}): CheckDeps & { calls: string[] } {
  const calls: string[] = [];
  let acquiredOnce = false;
  const deps: CheckDeps = {
    environment: async () => ({ os: 'linux', detail: 'linux', evidence: [], warnings: [] }),
    resolve: async () => ({
      ok: true,
      addresses: ['127.0.0.1'],
      source: 'hosts-override',
      cnameChain: [],
      detail: 'ok',
      evidence: [],
    }),
    tcp: async (address, port) => ({ ok: true, ms: 1, detail: 'open', evidence: [], address, port }),
    realmForHost: () => 'KERBEROS.MICROSOFTONLINE.COM',
    kdcTargets: (realm) => ({ realm, kdcs: ['127.0.0.1:88'], proxy: false }),
    probeKdc: async () => probeOk,
    readTickets: async () => ({
      source: 'FILE:/tmp/cc',
      defaultPrincipal: 'alice@CONTOSO.TEST',
      chain,
      tickets: [
        ticket('krbtgt/CONTOSO.TEST', 'CONTOSO.TEST'),
        ...(acquiredOnce
          ? [ticket('krbtgt/KERBEROS.MICROSOFTONLINE.COM', 'CONTOSO.TEST'), ticket(SPN, 'KERBEROS.MICROSOFTONLINE.COM')]
          : []),
      ],
    }),
    acquire: async () => {
      calls.push('acquire');
      acquiredOnce = true;
      return {
        token: Buffer.alloc(4),
        context: null,
        inspection: {
          mechanism: 'krb5',
          serverName: SPN,
          realm: 'KERBEROS.MICROSOFTONLINE.COM',
          detail: 'krb5 AP-REQ',
        },
      };
    },
    explain: async () => [],
    // The Windows device checks: off (a Linux check), as on the MIT path.
    windows: false,
    windowsTool: async () => {
      throw new Error('no Windows tools in this test');
    },
    kdcProxyPolicy: async () => ({ mappings: [] }),
    entraKdcProxyUrl: () => null,
    kdcProxyIssuers: [],
    certificate: async () => ({ ok: false, error: 'no proxy in this test' }),
    kkdcp: async () => ({ ok: false, detail: 'no proxy in this test' }),
    // The login's ticket-free part (TCP, PRELOGIN, TLS) starts at once ('connect'); LOGIN7 waits for the token.
    sqlLogin: async (_target, acquired) => {
      calls.push('connect');
      if (!(await acquired))
        return {
          ok: false,
          code: 'UNKNOWN',
          evidence: [],
          stage: 'login',
          tls: null,
          redirect: null,
          ms: { total: 1 },
        };
      calls.push('login7');
      return {
        ok: true,
        sql: {
          authScheme: 'KERBEROS',
          login: 'alice@contoso.test',
          server: 'sqlmi1',
          version: 'x',
          encrypt: 'TRUE',
          mutualAuth: true,
        },
        tls: {
          protocol: 'TLSv1.3',
          subject: 's',
          issuer: 'i',
          validTo: 'v',
          nameMatches: true,
          trusted: true,
          trustServerCertificate: false,
        },
        redirect: null,
        ms: { total: 1 },
      };
    },
    ...over,
  };
  return Object.assign(deps, { calls });
}
const step = (r: { steps: { id: string; status: string }[] }, id: string) => r.steps.find((s) => s.id === id);
/** What a check asked of the KDCs and sent in LOGIN7: the SQL connection's ticket-free start left out. */
const ticketCalls = (deps: { calls: string[] }) => deps.calls.filter((call) => call !== 'connect');

test('every hop comes after the hops it needs, so the pipeline cannot wait on itself', () => {
  const seen = new Set<unknown>();
  for (const hop of PIPELINE) {
    for (const need of hop.needs) assert.ok(seen.has(need), `${hop.name} needs ${need.name}, which must come earlier`);
    seen.add(hop);
  }
  assert.equal(new Set(PIPELINE.map((h) => h.name)).size, PIPELINE.length);
});

test('a healthy path passes, every step is recorded once, progress is reported', async () => {
  const events: StepProgress[] = [];
  const deps = fakeDeps();
  const r = await runCheck({ server: 'SQLMI1.lab.database.windows.net' }, deps, {
    now,
    onProgress: (e) => events.push(e),
  });
  assert.equal(r.verdict, 'pass');
  assert.equal(r.diagnosis, null);
  assert.equal(r.target.spn, SPN);
  assert.equal(r.startedAt, NOW.toISOString());
  const ids = r.steps.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of [
    'environment',
    'dns',
    'tcp',
    'tgt',
    'kdc-user',
    'kdc-cloud',
    'clock',
    'referral',
    'service-ticket',
    'token',
    'tls',
    'login',
    'query',
  ])
    assert.ok(ids.includes(id as never), id);
  assert.equal(step(r, 'referral')?.status, 'pass');
  assert.equal(r.tickets.length, 3, 'the report shows the cache as re-read after the acquisition');
  assert.ok(events.filter((e) => e.kind === 'finished').length >= r.steps.length);
  assert.deepEqual(ticketCalls(deps), ['acquire', 'login7']);
  assert.ok(deps.calls.indexOf('connect') < deps.calls.indexOf('login7'), 'the SQL connection starts before LOGIN7');
});

test('the SQL connection starts before the ticket is in hand, and LOGIN7 waits for it', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const base = fakeDeps();
  const deps = fakeDeps({
    acquire: async (...args) => {
      await held;
      return base.acquire(...args);
    },
  });
  const check = runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps, { now });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(deps.calls, ['connect'], 'connecting while the ticket is being obtained, no LOGIN7 yet');
  release();
  assert.equal((await check).verdict, 'pass');
  assert.deepEqual(deps.calls, ['connect', 'login7']);
});

test('the ticket lifetimes are judged by the injected clock, not the wall clock', async () => {
  const deps = fakeDeps();
  const later = await runCheck({ server: 'a.database.windows.net' }, deps, {
    now: () => new Date(NOW.getTime() + 2 * 3600_000),
  });
  assert.equal(later.diagnosis?.code, 'TGT_EXPIRED');
  const earlier = await runCheck({ server: 'a.database.windows.net' }, fakeDeps(), { now });
  assert.equal(earlier.verdict, 'pass');
});

test('an unreachable on-prem KDC is the diagnosis; no native acquisition is started that could not be stopped', async () => {
  const calls: string[] = [];
  const deps = fakeDeps({
    // What an acquisition does against a silent KDC: nothing, until it is abandoned — and its thread then holds the
    // process at exit until the library gives up, so it must not be started when a probe finds the KDC silent.
    acquire: (_target, _budget, signal) =>
      new Promise((_resolve, reject) => {
        calls.push('acquire');
        signal.addEventListener('abort', () => {
          calls.push('abandoned');
          reject(signal.reason as Error);
        });
      }),
    probeKdc: async (realm) =>
      realm === 'CONTOSO.TEST'
        ? {
            ok: false,
            ms: 1500,
            detail: 'no answer',
            evidence: ['no reply from 127.0.0.1:88 in 1500 ms'],
            failure: 'timeout',
            results: [],
          }
        : probeOk,
  });
  const r = await runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps, { now });
  assert.equal(r.verdict, 'fail');
  assert.equal(r.diagnosis?.code, 'KDC_UNREACHABLE');
  assert.deepEqual(calls, []);
  assert.deepEqual(ticketCalls(deps), []);
  assert.equal(step(r, 'service-ticket')?.status, 'skip');
  assert.equal(step(r, 'kdc-user')?.status, 'fail');
});

test('a silent KDC with a still-valid service ticket cached does not fail the check', async () => {
  const deps = fakeDeps({
    probeKdc: async () => ({ ok: false, ms: 1500, detail: 'no answer', evidence: [], failure: 'timeout', results: [] }),
    readTickets: async () => ({
      source: 'FILE:x',
      defaultPrincipal: 'alice@CONTOSO.TEST',
      chain,
      tickets: [ticket('krbtgt/CONTOSO.TEST', 'CONTOSO.TEST'), ticket(SPN, 'KERBEROS.MICROSOFTONLINE.COM')],
    }),
  });
  const r = await runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps, { now });
  assert.equal(r.verdict, 'pass');
  assert.deepEqual(ticketCalls(deps), ['acquire', 'login7']);
});

test('the root cause is the failure nearest the user, not the last symptom', async () => {
  const deps = fakeDeps({
    tcp: async (address, port) => ({
      ok: false,
      ms: 2,
      detail: 'refused',
      evidence: ['ECONNREFUSED'],
      failure: 'refused',
      errno: 'ECONNREFUSED',
      address,
      port,
    }),
    acquire: async () => {
      throw new KerbProbeError(
        'GSS',
        'Server MSSQLSvc/x:1433@KERBEROS.MICROSOFTONLINE.COM not found in Kerberos database',
      );
    },
  });
  const r = await runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps, { now });
  assert.equal(r.diagnosis?.code, 'SPN_UNKNOWN');
  assert.equal(step(r, 'tcp')?.status, 'fail');
  assert.equal(step(r, 'login')?.status, 'skip');
  assert.equal(step(r, 'referral')?.status, 'fail', 'no referral was obtained: the referral hop is where it broke');
  assert.equal(step(r, 'service-ticket')?.status, 'skip');
});

test('with the referral in the cache after a failure, the trust worked and the service ticket failed', async () => {
  let calls = 0;
  const deps = fakeDeps({
    readTickets: async () => ({
      source: 'FILE:x',
      defaultPrincipal: 'alice@CONTOSO.TEST',
      chain,
      tickets: [
        ticket('krbtgt/CONTOSO.TEST', 'CONTOSO.TEST'),
        ...(calls++ > 0 ? [ticket('krbtgt/KERBEROS.MICROSOFTONLINE.COM', 'CONTOSO.TEST')] : []),
      ],
    }),
    acquire: async () => {
      throw new KerbProbeError(
        'GSS',
        'Server MSSQLSvc/x:1433@KERBEROS.MICROSOFTONLINE.COM not found in Kerberos database',
      );
    },
  });
  const r = await runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps, { now });
  assert.equal(r.diagnosis?.code, 'SPN_UNKNOWN');
  assert.equal(step(r, 'referral')?.status, 'pass');
  assert.equal(step(r, 'service-ticket')?.status, 'fail');
});

test('an expired TGT is TGT_EXPIRED; an unreadable cache is NO_TGT', async () => {
  const expired = fakeDeps({
    readTickets: async () => ({
      source: 'FILE:x',
      defaultPrincipal: 'alice@CONTOSO.TEST',
      chain,
      tickets: [ticket('krbtgt/CONTOSO.TEST', 'CONTOSO.TEST', past)],
    }),
  });
  assert.equal((await runCheck({ server: 'a.database.windows.net' }, expired, { now })).diagnosis?.code, 'TGT_EXPIRED');
  const none = fakeDeps({
    readTickets: async () => {
      throw new KerbProbeError('NO_CCACHE', 'No credentials cache found');
    },
  });
  const r = await runCheck({ server: 'a.database.windows.net' }, none, { now });
  assert.equal(r.diagnosis?.code, 'NO_TGT');
  assert.deepEqual(ticketCalls(none), []);
});

test("a missing TGT is explained by the environment's facts (Windows: cloud Kerberos policy off)", async () => {
  const deps = fakeDeps({
    environment: async () => ({
      os: 'Windows',
      detail: 'w',
      evidence: [],
      warnings: [],
      facts: [{ kind: 'cloud-debug', policyEnabled: false, cloudTgtAvailable: false }],
    }),
    readTickets: async () => ({
      source: 'klist',
      defaultPrincipal: 'bob@KERBEROS.MICROSOFTONLINE.COM',
      chain,
      tickets: [],
    }),
  });
  assert.equal(
    (await runCheck({ server: 'a.database.windows.net' }, deps, { now })).diagnosis?.code,
    'CLOUD_KERBEROS_POLICY_OFF',
  );
});

test('an NTLM token and a non-Kerberos session are both NTLM_FALLBACK, decided by diagnose', async () => {
  const ntlm = fakeDeps({
    acquire: async () => ({
      token: Buffer.from('NTLMSSP\0'),
      context: null,
      inspection: { mechanism: 'ntlm', detail: 'NTLMSSP NEGOTIATE' },
    }),
  });
  const a = await runCheck({ server: 'a.database.windows.net' }, ntlm, { now });
  assert.equal(a.diagnosis?.code, 'NTLM_FALLBACK');
  assert.equal(step(a, 'token')?.status, 'fail');
  assert.deepEqual(ticketCalls(ntlm), []);
  const session = fakeDeps({
    sqlLogin: async () => ({
      ok: true,
      sql: { authScheme: 'NTLM', login: 'x', server: 's', version: 'v', encrypt: 'TRUE', mutualAuth: false },
      tls: {
        protocol: 'TLSv1.3',
        subject: 's',
        issuer: 'i',
        validTo: 'v',
        nameMatches: true,
        trusted: true,
        trustServerCertificate: false,
      },
      redirect: null,
      ms: { total: 1 },
    }),
  });
  const b = await runCheck({ server: 'a.database.windows.net' }, session, { now });
  assert.equal(b.diagnosis?.code, 'NTLM_FALLBACK');
  assert.equal(step(b, 'query')?.status, 'fail');
});

test('a clock beyond the tolerance that still worked warns; with a failed exchange it is the cause', async () => {
  const skewed = { ...probeOk, skewSeconds: 600 };
  const ok = await runCheck({ server: 'a.database.windows.net' }, fakeDeps({ probeKdc: async () => skewed }), { now });
  assert.equal(ok.verdict, 'pass');
  assert.equal(step(ok, 'clock')?.status, 'warn');
  const failed = await runCheck(
    { server: 'a.database.windows.net' },
    fakeDeps({
      probeKdc: async () => skewed,
      acquire: async () => {
        throw new Error('the exchange failed');
      },
    }),
    { now },
  );
  assert.equal(failed.diagnosis?.code, 'CLOCK_SKEW');
});

test('DNS failure without an address override is DNS_FAILURE; with --address DNS is skipped', async () => {
  const deps = fakeDeps({
    resolve: async () => ({
      ok: false,
      addresses: [],
      source: null,
      cnameChain: [],
      detail: 'nowhere.invalid does not resolve (ENOTFOUND).',
      evidence: [],
      failure: 'dns',
    }),
  });
  assert.equal((await runCheck({ server: 'nowhere.invalid' }, deps, { now })).diagnosis?.code, 'DNS_FAILURE');
  const r = await runCheck(
    { server: 'nowhere.invalid', address: '127.0.0.1' },
    fakeDeps({
      resolve: async () => {
        throw new Error('must not resolve');
      },
    }),
    { now },
  );
  assert.equal(step(r, 'dns')?.status, 'skip');
});

test('a hop that hangs is cut off by the check budget; a cancel rejects at once', async () => {
  const hang: Partial<CheckDeps> = {
    sqlLogin: (_t, _a, _budget, signal) =>
      new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
  };
  const t = performance.now();
  const r = await runCheck({ server: 'a.database.windows.net', timeoutSeconds: 1 }, fakeDeps(hang), { now });
  assert.ok(performance.now() - t < 2500);
  assert.equal(r.diagnosis?.code, 'SQL_UNREACHABLE');
  const cancel = new AbortController();
  const p = runCheck({ server: 'a.database.windows.net', timeoutSeconds: 5 }, fakeDeps(hang), {
    now,
    signal: cancel.signal,
  });
  setTimeout(() => cancel.abort(), 50);
  const t2 = performance.now();
  await assert.rejects(p, { code: 'CANCELLED' });
  assert.ok(performance.now() - t2 < 1000);
});

test('bad targets are usage errors, with the bounds the CLI, IPC and the form share', () => {
  assert.throws(() => normalizeTarget({ server: '' }), { code: 'INPUT_SERVER_MISSING' });
  assert.throws(() => normalizeTarget({ server: 'a', port: 70000 }), {
    code: 'USAGE',
    message: /port must be a whole number from 1 to 65535/,
  });
  assert.throws(() => normalizeTarget({ server: 'a', address: 'not-an-ip' }), { code: 'USAGE', message: /IP address/ });
  assert.throws(() => normalizeTarget({ server: 'a b' }), { code: 'INPUT_SERVER_INVALID' });
  assert.throws(() => normalizeTarget({ server: 'a', timeoutSeconds: 0 }), { code: 'USAGE', message: /from 1 to 600/ });
  assert.deepEqual(normalizeTarget({ server: 'MI.Zone.database.windows.net.' }), {
    server: 'mi.zone.database.windows.net',
    port: 1433,
    encrypt: 'mandatory',
    spn: 'MSSQLSvc/mi.zone.database.windows.net:1433',
    trustServerCertificate: false,
    timeoutSeconds: 15,
  });
});

test('hostile or SSMS-style targets are judged before any hop runs: no traffic, no report, no chain', async () => {
  const untouched = (): CheckDeps & { touched: string[] } => {
    const touched: string[] = [];
    const deps = fakeDeps();
    for (const k of Object.keys(deps) as (keyof CheckDeps)[]) {
      const real = deps[k] as (...a: unknown[]) => unknown;
      if (typeof real === 'function')
        (deps as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
          touched.push(k);
          return real(...a);
        };
    }
    return Object.assign(deps, { touched });
  };
  const cases: [string, Parameters<typeof runCheck>[0], string][] = [
    [
      'an escape sequence',
      { server: 'sqlmi1\x1b]0;pwned\x07.lab.database.windows.net' },
      'INPUT_SERVER_CONTROL_CHARACTER',
    ],
    ['a bidi override', { server: 'sqlmi1.lab\u202e.database.windows.net' }, 'INPUT_SERVER_CONTROL_CHARACTER'],
    ['a Cyrillic o', { server: 'sqlmi1.lab.databas\u0435.windows.net' }, 'INPUT_SERVER_NOT_ASCII'],
    ['a fullwidth letter', { server: 'sqlmi1.lab.database.\uff57indows.net' }, 'INPUT_SERVER_NOT_ASCII'],
    [
      'host:port against another port',
      { server: 'sqlmi1.lab.database.windows.net:1433', port: 3342 },
      'INPUT_SERVER_PORT_CONFLICT',
    ],
    [
      'tcp:host,port against another port',
      { server: 'tcp:sqlmi1.lab.database.windows.net,3342', port: 1433 },
      'INPUT_SERVER_PORT_CONFLICT',
    ],
    [
      'a port out of range in the text',
      { server: 'sqlmi1.lab.database.windows.net:70000' },
      'INPUT_SERVER_PORT_INVALID',
    ],
    [
      'a missing CA file',
      { server: 'sqlmi1.lab.database.windows.net', caFile: '/nonexistent/kerbprobe/ca.pem' },
      'INPUT_CA_MISSING',
    ],
    [
      'a CA file that is not PEM',
      { server: 'sqlmi1.lab.database.windows.net', caFile: new URL(import.meta.url).pathname },
      'INPUT_CA_NOT_PEM',
    ],
    [
      'a CA path that is a directory',
      { server: 'sqlmi1.lab.database.windows.net', caFile: '/tmp' },
      'INPUT_CA_UNREADABLE',
    ],
  ];
  for (const [what, input, code] of cases) {
    const deps = untouched();
    await assert.rejects(runCheck(input, deps, { now }), (err: KerbProbeError) => {
      assert.equal(err.code, code, `${what}: ${err.message}`);
      assert.doesNotMatch(err.message, /\x1b|\u202e/, `${what}: the message does not carry the raw character`);
      return true;
    });
    assert.deepEqual(deps.touched, [], `${what}: nothing ran`);
  }
});

test('what SSMS users type is understood: tcp:host,port and host:port give the server and the port', async () => {
  for (const [server, port] of [
    ['tcp:SQLMI1.lab.database.windows.net,3342', undefined],
    ['sqlmi1.lab.database.windows.net:3342', 3342],
    ['sqlmi1.lab.database.windows.net, 3342', undefined],
  ] as const) {
    assert.deepEqual(
      normalizeTarget({ server, ...(port ? { port } : {}) }).spn,
      'MSSQLSvc/sqlmi1.lab.database.windows.net:3342',
      server,
    );
  }
  assert.equal(normalizeTarget({ server: '[fd00::4]:1500' }).server, 'fd00::4');
  assert.equal(normalizeTarget({ server: 'fd00::4' }).port, 1433, 'an IPv6 address alone is not host:port');
});

test("Windows' own klist get substatus joins the evidence of a failed acquisition", async () => {
  const asked: string[][] = [];
  const deps = fakeDeps({
    acquire: async () => {
      throw new Error('InitializeSecurityContext: ');
    },
    explain: async (tickets) => {
      asked.push(tickets);
      return [{ kind: 'klist-substatus', hex: '0x51f', target: tickets[0]! }];
    },
  });
  const r = await runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps, { now });
  assert.deepEqual(asked, [[SPN, 'krbtgt/KERBEROS.MICROSOFTONLINE.COM']]);
  assert.notEqual(r.diagnosis?.code, 'UNKNOWN');
  assert.ok(
    r.diagnosis?.evidence.some((e) => /0x51f/.test(e)),
    JSON.stringify(r.diagnosis),
  );
});
