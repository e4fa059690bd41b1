// Acquisition through the real `kerberos` binding against the real lab (MIT KDCs, trust, proxy, faults).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLab, stopLab, type LabInfo } from '../../../electron/lab/lab';
import { acquireInitialToken } from '../../../electron/engine/kerberos/acquire';
import { createBindingContext, loadBinding } from '../../../electron/engine/kerberos/binding';
import { inspectToken } from '../../../electron/engine/krb-wire/token-inspect';
import { GssError } from '../../../electron/engine/kerberos/gss-error';
import { KerbProbeError } from '../../../electron/engine/errors';
import { parsePrincipalText } from '../../../electron/engine/kerberos/spn';
import { loadProfile } from '../../../electron/engine/net/krb5-profile';
import { realmConfig } from '../../../electron/engine/net/kdc-locations';
import { probeRealmKdcs } from '../../../electron/engine/net/kdc';
import { probeKkdcp } from '../../../electron/engine/net/kkdcp';
import { resolveHost } from '../../../electron/engine/net/resolve';
import { loadHostsOverride } from '../../../electron/engine/net/hosts-override';

const CLOUD = 'KERBEROS.MICROSOFTONLINE.COM';
const root = mkdtempSync(join(tmpdir(), 'kp-binding-lab-'));
const started: string[] = [];

async function lab(scenario: string): Promise<LabInfo> {
  const dir = join(root, scenario);
  started.push(dir);
  return startLab({ dir, scenario });
}
async function down(info: LabInfo): Promise<void> {
  await stopLab(info.dir);
  started.splice(started.indexOf(info.dir), 1);
}

before(async () => {
  await loadBinding();
});
after(async () => {
  for (const d of [...started]) await stopLab(d).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

async function failure(info: LabInfo, budgetMs = 3000): Promise<GssError | KerbProbeError> {
  try {
    await acquireInitialToken({ host: info.server, port: info.port }, { env: info.env, callBudgetMs: budgetMs });
  } catch (e) {
    assert.ok(e instanceof KerbProbeError, String(e));
    return e;
  }
  assert.fail(`${info.scenario}: acquisition unexpectedly succeeded`);
}

test('healthy: the token names the SPN and realm, KDCs answer, mutual auth completes, 20 at once work', async () => {
  const info = await lab('healthy');
  try {
    const want = parsePrincipalText(info.spn);
    const a = await acquireInitialToken(
      { host: info.server, port: info.port },
      { env: info.env, expectedRealm: CLOUD },
    );
    assert.equal(a.inspection?.mechanism, 'krb5');
    assert.deepEqual(a.inspection?.ticket?.components, want.components);
    assert.equal(a.inspection?.ticket?.realm, want.realm);
    assert.equal(a.inspection?.mutualRequired, true);
    assert.equal(a.target.ok, true, a.target.problems.join('; '));
    assert.equal(a.context.complete, false, 'mutual auth needs the server answer');

    // The real acceptor (MIT, with the service keytab) answers; the context verifies its AP-REP.
    process.env.KRB5_KTNAME = info.keytab;
    const kerberos = (await import('kerberos')).default;
    const server = await kerberos.initializeServer(`MSSQLSvc@${info.server}:${info.port}`);
    await server.step(a.token.toString('base64'));
    assert.equal(server.contextComplete, true);
    const apRep = Buffer.from(server.response, 'base64');
    assert.equal(inspectToken(apRep).message, 'ap-rep');
    const last = await a.context.step(apRep);
    assert.equal(last.length, 0);
    assert.equal(a.context.complete, true);
    assert.equal(a.context.mutualAuthVerified, true);
    assert.match(a.context.clientName ?? '', /^alice@CONTOSO\.TEST$/);

    // A forged AP-REP (its cipher changed) is refused at the AP stage.
    const b = await acquireInitialToken({ host: info.server, port: info.port }, { env: info.env });
    const server2 = await kerberos.initializeServer(`MSSQLSvc@${info.server}:${info.port}`);
    await server2.step(b.token.toString('base64'));
    const forged = Buffer.from(server2.response, 'base64');
    forged[forged.length - 3]! ^= 0xff;
    await assert.rejects(b.context.step(forged), (e: unknown) => e instanceof GssError && e.stage === 'ap');
    assert.equal(b.context.mutualAuthVerified, false);

    // The native code reads `options.flags`: without MUTUAL the AP-REQ does not ask for it.
    const b0 = await loadBinding();
    const plain = await acquireInitialToken(
      { host: info.server, port: info.port },
      { env: info.env, flags: b0.GSS_C_REPLAY_FLAG },
    );
    assert.equal(plain.inspection?.mutualRequired, false);

    // 20 concurrent acquisitions with the same environment.
    const t0 = performance.now();
    const all = await Promise.all(
      Array.from({ length: 20 }, () =>
        acquireInitialToken({ host: info.server, port: info.port }, { env: info.env, expectedRealm: CLOUD }),
      ),
    );
    assert.ok(all.every((x) => x.target.ok));
    console.log(`# 20 concurrent acquisitions: ${(performance.now() - t0).toFixed(0)} ms`);

    // A different Kerberos environment while those are in flight is refused, not mixed up.
    const inflight = Array.from({ length: 5 }, () =>
      acquireInitialToken({ host: info.server, port: info.port }, { env: info.env }),
    );
    await assert.rejects(
      createBindingContext(
        { host: info.server, port: info.port },
        { env: { ...info.env, KRB5CCNAME: `FILE:${join(info.dir, 'other-cache')}` } },
      ),
      (e: unknown) => e instanceof KerbProbeError && e.code === 'KRB5_ENV_CONFLICT',
    );
    await Promise.all(inflight);

    const loaded = loadProfile(info.env);
    for (const realm of info.realms) {
      const results = await probeRealmKdcs(realmConfig(realm.name, loaded), { budgetMs: 1500 });
      assert.ok(results.length > 0);
      for (const r of results) {
        assert.equal(r.ok, true, r.detail);
        assert.equal(r.krbError?.name, 'KDC_ERR_C_PRINCIPAL_UNKNOWN');
        assert.equal(r.krbError?.realm, realm.name);
        assert.equal(r.clock?.withinTolerance, true);
      }
    }
    const resolved = await resolveHost(info.server, { hosts: loadHostsOverride(info.env.KERBPROBE_HOSTS) });
    assert.deepEqual(resolved.addresses, ['127.0.0.1']);
    assert.equal(resolved.source, 'hosts-override');
  } finally {
    await down(info);
  }
});

test('kdc-proxy: the MS-KKDCP probe gets a KRB-ERROR through the HTTPS proxy; acquisition uses it', async () => {
  const info = await lab('kdc-proxy');
  try {
    const cloud = info.realms.find((r) => r.role === 'cloud')!;
    const cfg = realmConfig(cloud.name, loadProfile(info.env));
    assert.equal(cfg.proxies[0]?.url, cloud.proxyUrl);
    const r = await probeKkdcp({
      realm: cloud.name,
      url: cfg.proxies[0]!.url,
      anchors: cfg.httpAnchors,
      budgetMs: 2500,
    });
    assert.equal(r.ok, true, r.detail);
    assert.equal(r.krbError?.realm, CLOUD);
    const noCa = await probeKkdcp({ realm: cloud.name, url: cfg.proxies[0]!.url, budgetMs: 2500 });
    assert.equal(noCa.failure, 'tls');
    const a = await acquireInitialToken(
      { host: info.server, port: info.port },
      { env: info.env, expectedRealm: CLOUD },
    );
    assert.equal(a.target.ok, true);
  } finally {
    await down(info);
  }
});

const FAILURES: [scenario: string, raw: RegExp, code: string][] = [
  ['kdc-down', /Cannot contact any KDC for realm 'CONTOSO\.TEST'/, 'KDC_UNREACHABLE'],
  ['clock-skew', /Clock skew too great/, 'CLOCK_SKEW'],
  [
    'spn-missing',
    /Server MSSQLSvc\/[^ ]+@KERBEROS\.MICROSOFTONLINE\.COM not found in Kerberos database/,
    'SPN_UNKNOWN',
  ],
  ['etype-mismatch', /encryption type/, 'ETYPE_UNSUPPORTED'],
  ['no-trust', /krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM@CONTOSO\.TEST not found/, 'NO_CROSS_REALM_TRUST'],
  ['trust-key-mismatch', /Decrypt integrity check failed/, 'TRUST_KEY_MISMATCH'],
];

for (const [scenario, raw, code] of FAILURES) {
  test(`${scenario}: the binding's error keeps the raw GSS text and classifies to ${code}`, async () => {
    const info = await lab(scenario);
    try {
      const e = await failure(info);
      assert.ok(e instanceof GssError, `${e.code}: ${e.message}`);
      assert.match(e.rawMessage, raw);
      assert.equal(e.stage, 'tgs');
      assert.deepEqual(
        e.evidence.map((x) => x.kind),
        ['gss'],
      );
      assert.equal(e.code, code, e.rawMessage);
      if (scenario === 'clock-skew') {
        const [r] = await probeRealmKdcs(realmConfig(CLOUD, loadProfile(info.env)), { budgetMs: 1500 });
        assert.ok(r?.clock && Math.abs(r.clock.skewSeconds - 600) < 5, JSON.stringify(r?.clock));
        assert.equal(r.clock.withinTolerance, false);
      }
      if (scenario === 'kdc-down') {
        const [r] = await probeRealmKdcs(realmConfig('CONTOSO.TEST', loadProfile(info.env)), { budgetMs: 1500 });
        assert.equal(r?.failure, 'refused');
      }
    } finally {
      await down(info);
    }
  });
}

test('kdc-blackhole: the binding gives up within its budget, and so does the KDC probe', async () => {
  const info = await lab('kdc-blackhole');
  try {
    const t0 = performance.now();
    const e = await failure(info, 1200);
    const ms = performance.now() - t0;
    assert.equal(e.code, 'TIMEOUT');
    assert.ok(ms < 1700, `gave up after ${ms} ms`);
    const t1 = performance.now();
    const [r] = await probeRealmKdcs(realmConfig('CONTOSO.TEST', loadProfile(info.env)), { budgetMs: 1500 });
    assert.equal(r?.failure, 'timeout');
    assert.ok(performance.now() - t1 < 2000);
  } finally {
    await down(info);
  }
});

test('realm probes: one verdict per realm, with why it failed and the skew', async () => {
  const { probeRealm, realmTargets } = await import('../../../electron/engine/net/realm-probe');
  const info = await lab('cloud-kdc-down');
  try {
    const user = await probeRealm('CONTOSO.TEST', { budgetMs: 1500, env: info.env });
    assert.equal(user.ok, true, user.detail);
    assert.equal(typeof user.skewSeconds, 'number');
    const cloud = await probeRealm(CLOUD, { budgetMs: 1500, env: info.env });
    assert.equal(cloud.ok, false);
    assert.equal(cloud.failure, 'refused');
    assert.deepEqual(realmTargets(CLOUD, info.env)?.kdcs, [info.realms.find((r) => r.role === 'cloud')!.kdc]);
    const none = await probeRealm('NOWHERE.INVALID', { budgetMs: 800, env: info.env });
    assert.equal(none.ok, false);
    assert.equal(none.failure, 'config');
  } finally {
    await down(info);
  }
});
