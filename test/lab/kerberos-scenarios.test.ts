// Each Kerberos failure scenario is a real mechanism: MIT's own tools meet it and say so in their words.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { readTlsCertificate } from '../../electron/engine/net/tls-certificate';
import { join } from 'node:path';
import { probeTcp } from '../../electron/engine/net/tcp';
import { CLOUD_REALM, ONPREM_REALM, type LabInfo } from '../../electron/lab/lab-types';
import { klistServers, labFor, mit } from './lab-helpers';

function kdcPort(info: LabInfo, role: 'onprem' | 'cloud'): number {
  const realm = info.realms.find((r) => r.role === role);
  assert.ok(realm);
  return Number(realm.kdc.split(':')[1]);
}

/** Does a loopback port accept TCP connections? (The engine's own TCP probe.) */
async function tcpAccepts(port: number): Promise<boolean> {
  return (await probeTcp('127.0.0.1', port)).ok;
}

/** klist prints local times as MM/DD/YY HH:MM:SS. */
function klistTime(s: string): number {
  const m = s.match(/^(\d\d)\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d)$/);
  assert.ok(m, s);
  const [mo, d, y, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(2000 + y, mo - 1, d, h, mi, se).getTime();
}

// Scenarios are independent labs; running them side by side keeps the file fast (the blackhole waits
// out MIT's KDC timeouts).
describe('Kerberos scenarios', { concurrency: 4 }, () => {
  test('kdc-blackhole: the on-prem KDC port accepts and never answers; kvno gives up', async () => {
    const { info } = await labFor('kdc-blackhole');
    assert.ok(info.processes.some((p) => p.role === `blackhole:${ONPREM_REALM}`));
    assert.equal(await tcpAccepts(kdcPort(info, 'onprem')), true);
    const r = await mit(info, 'kvno', [info.spn], 120_000);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Cannot contact any KDC for realm 'CONTOSO\.TEST'/);
    assert.ok(r.ms > 2000, `kvno waited for an answer (${Math.round(r.ms)} ms), unlike a closed port`);
  });

  test('no-tgt: there is no credential cache', async () => {
    const { info } = await labFor('no-tgt');
    assert.equal(info.user, null);
    assert.equal(existsSync(join(info.dir, 'ccache')), false);
    const list = await mit(info, 'klist', []);
    assert.equal(list.code, 1);
    assert.match(list.stderr, /No credentials cache found/);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /No credentials cache found/);
  });

  test('expired-tgt: the TGT was issued 12 hours ago for one hour; klist shows it expired', async () => {
    const { info } = await labFor('expired-tgt');
    const list = await mit(info, 'klist', []);
    const line = list.stdout.split('\n').find((l) => l.endsWith(`krbtgt/${ONPREM_REALM}@${ONPREM_REALM}`));
    assert.ok(line, list.stdout);
    const start = klistTime(line.slice(0, 17));
    const end = klistTime(line.slice(19, 36));
    assert.ok(end < Date.now() - 10 * 3600_000, `expired long ago: ${line}`);
    // kinit asks for "till = its now + 1h"; the KDC stamps the start when it answers, a moment later.
    assert.ok(end - start <= 3600_000 && end - start > 3540_000, `a one-hour ticket: ${line}`);
    assert.equal((await mit(info, 'klist', ['-s'])).code, 1, 'klist -s: no valid tickets');
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /Ticket expired while getting credentials/);
  });

  test('kdc-down: a TGT from logon, then the on-prem KDC port is closed', async () => {
    const { info } = await labFor('kdc-down');
    assert.equal((await mit(info, 'klist', ['-s'])).code, 0, 'the TGT itself is valid');
    assert.equal(await tcpAccepts(kdcPort(info, 'onprem')), false);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /Cannot contact any KDC for realm 'CONTOSO\.TEST'/);
  });

  test('cloud-kdc-down: the referral is issued, the cloud KDC cannot be contacted', async () => {
    const { info } = await labFor('cloud-kdc-down');
    assert.equal(await tcpAccepts(kdcPort(info, 'cloud')), false);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /Cannot contact any KDC for realm 'KERBEROS\.MICROSOFTONLINE\.COM'/);
    const list = await mit(info, 'klist', []);
    assert.ok(klistServers(list.stdout).includes(`krbtgt/${CLOUD_REALM}@${ONPREM_REALM}`));
  });

  test('no-trust: the on-prem KDC has no cross-realm principal', async () => {
    const { info } = await labFor('no-trust');
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(
      kvno.stderr,
      /Server krbtgt\/KERBEROS\.MICROSOFTONLINE\.COM@CONTOSO\.TEST not found in Kerberos database/,
    );
  });

  test('trust-key-mismatch: the cloud KDC cannot decrypt the referral ticket', async () => {
    const { info } = await labFor('trust-key-mismatch');
    const secrets = JSON.parse(readFileSync(join(info.dir, 'lab-secrets.json'), 'utf8')) as {
      trust: { onprem: string; cloud: string };
    };
    assert.notEqual(secrets.trust.onprem, secrets.trust.cloud);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /Decrypt integrity check failed/);
    const list = await mit(info, 'klist', []);
    assert.ok(
      klistServers(list.stdout).includes(`krbtgt/${CLOUD_REALM}@${ONPREM_REALM}`),
      'the on-prem side issued the referral',
    );
  });

  test('spn-missing: the cloud KDC does not know the MSSQLSvc principal (the server keeps its keytab)', async () => {
    const { info } = await labFor('spn-missing');
    assert.ok(existsSync(info.keytab));
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.ok(kvno.stderr.includes(`Server ${info.spn} not found in Kerberos database`), kvno.stderr);
  });

  test('clock-skew: the cloud KDC runs 10 minutes ahead under libfaketime', async () => {
    const { info } = await labFor('clock-skew');
    const cloudKdc = info.processes.find((p) => p.role.startsWith(`kdc:${CLOUD_REALM}`));
    assert.ok(cloudKdc);
    assert.match(readFileSync(`/proc/${cloudKdc.pid}/environ`, 'latin1'), /(^|\0)FAKETIME=\+10m(\0|$)/);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /Clock skew too great/);
  });

  test('etype-mismatch: no encryption type both the client and the cloud realm accept', async () => {
    const { info } = await labFor('etype-mismatch');
    assert.match(readFileSync(info.env.KRB5_CONFIG, 'utf8'), /permitted_enctypes = aes128-cts-hmac-sha1-96/);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /KDC has no support for encryption type/);
  });

  test('kdc-proxy: the chain through MS-KKDCP over HTTPS, the proxy really carried it', async () => {
    const { info } = await labFor('kdc-proxy');
    const cloud = info.realms.find((r) => r.role === 'cloud');
    assert.match(cloud?.proxyUrl ?? '', /^https:\/\/localhost:\d+\/KdcProxy$/);
    const conf = readFileSync(info.env.KRB5_CONFIG, 'utf8');
    assert.ok(conf.includes(`kdc = ${cloud?.proxyUrl}`));
    assert.equal(conf.includes(cloud?.kdc ?? '?'), false, 'the client has no direct route to the cloud KDC');
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.equal(kvno.code, 0, kvno.stderr);
    const list = await mit(info, 'klist', []);
    assert.deepEqual(klistServers(list.stdout), [
      `krbtgt/${ONPREM_REALM}@${ONPREM_REALM}`,
      `krbtgt/${CLOUD_REALM}@${ONPREM_REALM}`,
      info.spn,
    ]);
    const log = readFileSync(join(info.dir, 'kdc-proxy', 'kdc-proxy.log'), 'utf8');
    assert.match(log, /"POST \/KdcProxy HTTP\/1\.[01]" 200/);
  });

  test('kdc-proxy-down: the proxy URL answers nothing', async () => {
    const { info } = await labFor('kdc-proxy-down');
    const url = new URL(info.realms.find((r) => r.role === 'cloud')?.proxyUrl ?? 'https://x');
    assert.equal(await tcpAccepts(Number(url.port)), false);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.match(kvno.stderr, /Cannot contact any KDC for realm 'KERBEROS\.MICROSOFTONLINE\.COM'/);
  });

  test('kdc-proxy-inspected: the proxy answers with a certificate from a CA the client does not trust', async () => {
    const { info } = await labFor('kdc-proxy-inspected');
    const url = info.realms.find((r) => r.role === 'cloud')?.proxyUrl ?? 'https://x';
    const c = await readTlsCertificate(url, { anchors: [info.caFile], budgetMs: 5000 });
    assert.ok(c.ok, JSON.stringify(c));
    assert.match(c.issuer ?? '', /^CN=KerbProbe TLS Inspection CA /);
    assert.equal(c.trusted, false);
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.notEqual(kvno.code, 0);
  });

  test('service-key-stale: the KDC issues kvno 2, the keytab holds only kvno 1', async () => {
    const { info } = await labFor('service-key-stale');
    const kvno = await mit(info, 'kvno', [info.spn]);
    assert.equal(kvno.code, 0, kvno.stderr);
    assert.match(kvno.stdout, /kvno = 2/);
    const kt = await mit(info, 'klist', ['-k', info.keytab]);
    assert.match(kt.stdout, /^\s+1 MSSQLSvc\//m);
    assert.doesNotMatch(kt.stdout, /^\s+2 MSSQLSvc\//m);
    const verify = await mit(info, 'kvno', ['-k', info.keytab, info.spn]);
    assert.notEqual(verify.code, 0);
    assert.match(verify.stdout + verify.stderr, /kvno = 2, keytab entry invalid/);
  });

  test('redirect: the routing target has its own SPN in the same keytab and a hosts entry', async () => {
    const { info } = await labFor('redirect');
    assert.ok(info.routing);
    assert.match(info.routing.server, /^sqlmi1-node1\.lab[0-9a-f]{4}\.database\.windows\.net$/);
    assert.notEqual(info.routing.port, info.port);
    assert.equal(info.routing.spn, `MSSQLSvc/${info.routing.server}:${info.routing.port}@${CLOUD_REALM}`);
    assert.ok(readFileSync(info.env.KERBPROBE_HOSTS, 'utf8').includes(`127.0.0.1 ${info.routing.server}\n`));
    for (const spn of [info.spn, info.routing.spn]) {
      const verify = await mit(info, 'kvno', ['-k', info.keytab, spn]);
      assert.equal(verify.code, 0, verify.stderr);
      assert.match(verify.stdout, /keytab entry valid/);
    }
  });
});
