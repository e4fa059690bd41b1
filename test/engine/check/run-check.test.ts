// Orchestration logic only (order, concurrency, budgets, root cause) with small fakes of the hops.
// The real hops are exercised against the lab in check-lab.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck, normalizeTarget, pickRootCause } from '../../../electron/engine/check/run-check';
import type { CheckDeps, ProgressEvent } from '../../../electron/engine/check/types';
import type { Chain, Ticket } from '../../../electron/contract/index';
import { KerbProbeError } from '../../../electron/engine/errors';

const SPN = 'MSSQLSvc/sqlmi1.lab.database.windows.net:1433';
const future = new Date(Date.now() + 3600_000).toISOString();
const past = new Date(Date.now() - 3600_000).toISOString();
const chain: Chain = { flow: 'trust', userRealm: 'CONTOSO.TEST', targetRealm: 'KERBEROS.MICROSOFTONLINE.COM', targetSpn: SPN, hops: [], findings: [] };
function ticket(server: string, serverRealm: string, end = future): Ticket {
  return { client: 'alice@CONTOSO.TEST', server, serverRealm, start: past, end, renewUntil: null, flags: [], ticketEnctype: 'aes256-cts-hmac-sha1-96', sessionEnctype: 'aes256-cts-hmac-sha1-96' };
}

function fakeDeps(over: Partial<CheckDeps> = {}): CheckDeps & { calls: string[] } {
  const calls: string[] = [];
  let acquiredOnce = false;
  const deps: CheckDeps = {
    environment: async () => ({ os: 'linux', detail: 'linux', evidence: [], warnings: [] }),
    resolve: async () => ({ addresses: ['127.0.0.1'], source: 'hosts file' }),
    tcp: async () => ({ ok: true, ms: 1, detail: 'open', evidence: [] }),
    realmForHost: () => 'KERBEROS.MICROSOFTONLINE.COM',
    kdcTargets: (realm) => ({ realm, kdcs: ['127.0.0.1:88'], proxy: false }),
    probeKdc: async () => ({ ok: true, ms: 1, detail: 'KRB-ERROR 6', evidence: [], skewSeconds: 0.2 }),
    readTickets: async () => ({
      source: 'FILE:/tmp/cc', defaultPrincipal: 'alice@CONTOSO.TEST', chain,
      tickets: [ticket('krbtgt/CONTOSO.TEST', 'CONTOSO.TEST'), ...(acquiredOnce ? [ticket('krbtgt/KERBEROS.MICROSOFTONLINE.COM', 'CONTOSO.TEST'), ticket(SPN, 'KERBEROS.MICROSOFTONLINE.COM')] : [])],
    }),
    acquire: async () => {
      calls.push('acquire');
      acquiredOnce = true;
      return { token: Buffer.alloc(4), context: null, inspection: { mechanism: 'krb5', serverName: SPN, realm: 'KERBEROS.MICROSOFTONLINE.COM', detail: 'krb5 AP-REQ' } };
    },
    sqlLogin: async () => {
      calls.push('sqlLogin');
      return { ok: true, sql: { authScheme: 'KERBEROS', login: 'alice@contoso.test', server: 'sqlmi1', version: 'x', encrypt: 'TRUE', mutualAuth: true }, tls: null, redirect: null, ms: {} };
    },
    classify: (ev) => { const last = ev.at(-1); const text = last && 'text' in last ? String(last.text) : ''; return { code: /not found in Kerberos database/.test(text) ? 'SPN_UNKNOWN' : 'UNKNOWN', evidence: [text] }; },
    diagnosisFor: (code, evidence) => ({ code, title: code, cause: 'c', fixUser: 'u', fixHelpdesk: 'h', evidence }),
    ...over,
  };
  return Object.assign(deps, { calls });
}

test('a healthy path passes, every step is recorded once, progress is reported', async () => {
  const events: ProgressEvent[] = [];
  const deps = fakeDeps();
  const r = await runCheck({ server: 'SQLMI1.lab.database.windows.net' }, deps, { onProgress: (e) => events.push(e) });
  assert.equal(r.verdict, 'pass');
  assert.equal(r.diagnosis, null);
  assert.equal(r.target.spn, SPN);
  const ids = r.steps.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ['environment', 'dns', 'tcp', 'tgt', 'kdc-user', 'kdc-cloud', 'clock', 'referral', 'service-ticket', 'token', 'tls', 'login', 'query']) assert.ok(ids.includes(id as never), id);
  assert.equal(events.filter((e) => e.type === 'step-end').length, r.steps.length);
  assert.deepEqual(deps.calls, ['acquire', 'sqlLogin']);
});

test('an unreachable on-prem KDC is the diagnosis, and acquisition is never attempted', async () => {
  const deps = fakeDeps({ probeKdc: async (realm, role) => (role === 'user' ? { ok: false, ms: 1500, detail: 'no answer', evidence: ['no reply from 127.0.0.1:88 in 1500 ms'], code: 'KDC_UNREACHABLE' } : { ok: true, ms: 1, detail: 'ok', evidence: [] }) });
  const r = await runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps);
  assert.equal(r.verdict, 'fail');
  assert.equal(r.diagnosis?.code, 'KDC_UNREACHABLE');
  assert.deepEqual(deps.calls, []);
});

test('the root cause is the failure nearest the user, not the last symptom', async () => {
  const deps = fakeDeps({
    tcp: async () => ({ ok: false, ms: 2, detail: 'refused', evidence: ['ECONNREFUSED'], code: 'SQL_UNREACHABLE' }),
    acquire: async () => { throw new KerbProbeError('GSS', 'Server MSSQLSvc/x:1433@KERBEROS.MICROSOFTONLINE.COM not found in Kerberos database'); },
  });
  const r = await runCheck({ server: 'sqlmi1.lab.database.windows.net' }, deps);
  assert.equal(r.diagnosis?.code, 'SPN_UNKNOWN');
  assert.equal(r.steps.find((s) => s.id === 'tcp')?.status, 'fail');
  assert.equal(r.steps.find((s) => s.id === 'login')?.status, 'skip');
});

test('an expired TGT is TGT_EXPIRED; an empty cache is NO_TGT', async () => {
  const expired = fakeDeps({ readTickets: async () => ({ source: 'FILE:x', defaultPrincipal: 'alice@CONTOSO.TEST', chain, tickets: [ticket('krbtgt/CONTOSO.TEST', 'CONTOSO.TEST', past)] }) });
  assert.equal((await runCheck({ server: 'a.database.windows.net' }, expired)).diagnosis?.code, 'TGT_EXPIRED');
  const none = fakeDeps({ readTickets: async () => { throw new KerbProbeError('NO_CCACHE', 'No credentials cache found'); } });
  const r = await runCheck({ server: 'a.database.windows.net' }, none);
  assert.equal(r.diagnosis?.code, 'NO_TGT');
  assert.deepEqual(none.calls, []);
});

test('DNS failure without an address override is DNS_FAILURE; with --address DNS is skipped', async () => {
  const deps = fakeDeps({ resolve: async () => { throw new KerbProbeError('DNS_FAILURE', 'getaddrinfo ENOTFOUND'); } });
  assert.equal((await runCheck({ server: 'nowhere.invalid' }, deps)).diagnosis?.code, 'DNS_FAILURE');
  const r = await runCheck({ server: 'nowhere.invalid', address: '127.0.0.1' }, fakeDeps({ resolve: async () => { throw new Error('must not resolve'); } }));
  assert.equal(r.steps.find((s) => s.id === 'dns')?.status, 'skip');
});

test('a hop that hangs is cut off by the check budget', async () => {
  const deps = fakeDeps({ sqlLogin: (_t, _a, budget, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))) });
  const t = performance.now();
  const r = await runCheck({ server: 'a.database.windows.net', timeoutSeconds: 0.3 }, deps);
  assert.ok(performance.now() - t < 1500);
  assert.equal(r.diagnosis?.code, 'SQL_UNREACHABLE');
  const cancel = new AbortController();
  const p = runCheck({ server: 'a.database.windows.net', timeoutSeconds: 5 }, deps, { signal: cancel.signal });
  setTimeout(() => cancel.abort(), 50);
  await assert.rejects(p);
});

test('bad targets are usage errors', () => {
  assert.throws(() => normalizeTarget({ server: '' }), { code: 'USAGE' });
  assert.throws(() => normalizeTarget({ server: 'a', port: 70000 }), { code: 'USAGE' });
  assert.throws(() => normalizeTarget({ server: 'a', address: 'not-an-ip' }), { code: 'USAGE' });
  assert.throws(() => normalizeTarget({ server: 'a b' }), { code: 'USAGE' });
});

test('pickRootCause orders by hop, not by arrival', () => {
  assert.equal(pickRootCause([{ stage: 'login', code: 'LOGIN_NOT_MAPPED', evidence: [] }, { stage: 'tgt', code: 'NO_TGT', evidence: [] }])?.code, 'NO_TGT');
  assert.equal(pickRootCause([]), null);
});
