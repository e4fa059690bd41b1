// The lab's healthy world, proven with MIT's own client: the chain TGT → referral → service ticket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab, stopLab, readLabInfo, ALICE, BOB } from '../../electron/lab/lab';
import { CLOUD_REALM, ONPREM_REALM, type LabInfo } from '../../electron/lab/lab-types';
import { KerbProbeError } from '../../electron/engine/errors';
import { klistServers, labFor, mit, procAlive, tempLabDir } from './lab-helpers';

const healthy = labFor('healthy');

test('lab.json describes the lab: env, realms, users, SQL endpoint, keytab, live pids', async () => {
  const { info } = await healthy;
  assert.deepEqual(readLabInfo(info.dir), info);
  assert.equal(info.scenario, 'healthy');
  assert.equal(info.expectedCode, null);
  assert.equal(info.user, ALICE);
  assert.deepEqual(info.users, [
    { principal: ALICE, flow: 'trust' },
    { principal: BOB, flow: 'cloud' },
  ]);
  assert.deepEqual(
    info.realms.map((r) => [r.name, r.role]),
    [
      [ONPREM_REALM, 'onprem'],
      [CLOUD_REALM, 'cloud'],
    ],
  );
  for (const r of info.realms) assert.match(r.kdc, /^127\.0\.0\.1:\d+$/);
  assert.match(info.server, /^sqlmi1\.lab[0-9a-f]{4}\.database\.windows\.net$/);
  assert.equal(info.address, '127.0.0.1');
  assert.equal(info.spn, `MSSQLSvc/${info.server}:${info.port}@${CLOUD_REALM}`);
  assert.equal(info.env.KRB5CCNAME, `FILE:${join(info.dir, 'ccache')}`);
  assert.equal(info.env.KRB5_CONFIG, join(info.dir, 'krb5.conf'));
  assert.equal(info.env.KERBPROBE_HOSTS, join(info.dir, 'hosts'));
  assert.equal('KRB5_KTNAME' in info.env, false, 'the service keytab is not part of the client environment');
  assert.ok(info.pids.length >= 2);
  for (const pid of info.pids) assert.ok(procAlive(pid), `pid ${pid} runs`);
  assert.match(readFileSync(info.caFile, 'utf8'), /^-----BEGIN CERTIFICATE-----/);
  assert.equal(info.routing, undefined);
});

test('the hosts file maps every lab host name to loopback', async () => {
  const { info } = await healthy;
  const lines = readFileSync(info.env.KERBPROBE_HOSTS, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(lines, [`127.0.0.1 ${info.server}`]);
});

test('passwords stay in lab-secrets.json (0600) and nowhere in lab.json or krb5.conf', async () => {
  const { info } = await healthy;
  const secretsFile = join(info.dir, 'lab-secrets.json');
  assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
  const secrets = JSON.parse(readFileSync(secretsFile, 'utf8')) as {
    users: Record<string, string>;
    trust: { onprem: string; cloud: string };
  };
  const values = [...Object.values(secrets.users), secrets.trust.onprem];
  assert.equal(secrets.trust.onprem, secrets.trust.cloud, 'a healthy trust shares one key');
  for (const file of ['lab.json', 'krb5.conf', 'lab-processes.json', 'hosts']) {
    const text = readFileSync(join(info.dir, file), 'utf8');
    for (const v of values) assert.equal(text.includes(v), false, `${file} leaks a secret`);
  }
});

test('client krb5.conf: DNS off, TCP first, domain_realm to the cloud realm, direct capath', async () => {
  const { info } = await healthy;
  const conf = readFileSync(info.env.KRB5_CONFIG, 'utf8');
  for (const line of [
    'dns_lookup_kdc = false',
    'rdns = false',
    'dns_canonicalize_hostname = false',
    'udp_preference_limit = 1',
    `.database.windows.net = ${CLOUD_REALM}`,
    `default_realm = ${ONPREM_REALM}`,
  ]) {
    assert.ok(conf.includes(line), line);
  }
  assert.match(conf, /\[capaths\]\s+CONTOSO\.TEST = \{\s+KERBEROS\.MICROSOFTONLINE\.COM = \.\s+\}/);
});

test('the SQL keytab holds the service key at the kvno the cloud KDC issues with', async () => {
  const { info } = await healthy;
  const kt = await mit(info, 'klist', ['-k', info.keytab]);
  assert.equal(kt.code, 0, kt.stderr);
  assert.match(kt.stdout, new RegExp(`^\\s+1 ${info.spn.replace(/[.$]/g, '\\$&')}$`, 'm'));
});

test('healthy: kvno gets the whole chain and klist lists TGT, referral and service ticket', async () => {
  const { info } = await healthy;
  const kvno = await mit(info, 'kvno', [info.spn]);
  assert.equal(kvno.code, 0, kvno.stderr);
  assert.equal(kvno.stdout.trim(), `${info.spn}: kvno = 1`);
  const list = await mit(info, 'klist', []);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /Default principal: alice@CONTOSO\.TEST/);
  assert.deepEqual(klistServers(list.stdout), [
    `krbtgt/${ONPREM_REALM}@${ONPREM_REALM}`,
    `krbtgt/${CLOUD_REALM}@${ONPREM_REALM}`,
    info.spn,
  ]);
  // The service ticket really is for the keytab's key: MIT verifies it by decrypting with the keytab.
  const verify = await mit(info, 'kvno', ['-k', info.keytab, info.spn]);
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stdout, /kvno = 1, keytab entry valid/);
});

test('modern-flow: a cloud TGT and the service ticket, no on-prem realm involved', async () => {
  const { info } = await labFor('modern-flow');
  assert.equal(info.user, BOB);
  const kvno = await mit(info, 'kvno', [info.spn]);
  assert.equal(kvno.code, 0, kvno.stderr);
  const list = await mit(info, 'klist', []);
  assert.match(list.stdout, /Default principal: bob@KERBEROS\.MICROSOFTONLINE\.COM/);
  assert.deepEqual(klistServers(list.stdout), [`krbtgt/${CLOUD_REALM}@${CLOUD_REALM}`, info.spn]);
});

test('two labs run side by side on their own ports, and lab down stops exactly its own processes', async () => {
  const [a, b] = await Promise.all([
    startLab({ dir: tempLabDir('side-a'), scenario: 'healthy' }),
    startLab({ dir: tempLabDir('side-b'), scenario: 'healthy' }),
  ]);
  const ports = (i: LabInfo) => [...i.realms.map((r) => Number(r.kdc.split(':')[1])), i.port];
  assert.equal(new Set([...ports(a), ...ports(b)]).size, 6, 'no port shared');
  const [ka, kb] = await Promise.all([mit(a, 'kvno', [a.spn]), mit(b, 'kvno', [b.spn])]);
  assert.equal(ka.code, 0, ka.stderr);
  assert.equal(kb.code, 0, kb.stderr);
  // b's ccache cannot reach a's service: a's SPN does not exist in b's cloud realm.
  const cross = await mit(b, 'kvno', [a.spn]);
  assert.match(cross.stderr, /not found in Kerberos database/);

  await stopLab(a.dir);
  for (const pid of a.pids) assert.equal(procAlive(pid), false, `pid ${pid} of lab a is gone`);
  for (const pid of b.pids) assert.ok(procAlive(pid), `pid ${pid} of lab b still runs`);
  await stopLab(a.dir); // idempotent
  await stopLab(b.dir);
  for (const pid of b.pids) assert.equal(procAlive(pid), false, `pid ${pid} of lab b is gone`);
});

test('a directory with a running lab, or with foreign files, is refused with a stable code', async () => {
  const { info } = await healthy;
  await assert.rejects(
    startLab({ dir: info.dir }),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_RUNNING',
  );
  const foreign = tempLabDir('foreign');
  writeFileSync(join(foreign, 'notes.txt'), 'mine');
  await assert.rejects(
    startLab({ dir: foreign }),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_DIR_NOT_EMPTY',
  );
  assert.ok(existsSync(join(foreign, 'notes.txt')));
  await assert.rejects(
    startLab({ dir: tempLabDir('bad'), scenario: 'no-such-thing' }),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_SCENARIO_UNKNOWN',
  );
});

test('two lab up at once in one directory: one lab, the other refused with LAB_BUSY', async () => {
  const dir = tempLabDir('race');
  const results = await Promise.allSettled([startLab({ dir }), startLab({ dir })]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  assert.equal(ok.length, 1);
  assert.equal(refused.length, 1);
  assert.ok(
    refused[0]?.reason instanceof KerbProbeError && refused[0].reason.code === 'LAB_BUSY',
    String(refused[0]?.reason),
  );
  assert.equal(existsSync(join(dir, '.lab-up.lock')), false, 'the lock is released');
});

test('a stopped lab directory can be brought up again', async () => {
  const dir = tempLabDir('again');
  const first = await startLab({ dir, scenario: 'no-tgt' });
  await stopLab(dir);
  for (const pid of first.pids) assert.equal(procAlive(pid), false);
  const second = await startLab({ dir, scenario: 'healthy' });
  assert.equal(second.scenario, 'healthy');
  const kvno = await mit(second, 'kvno', [second.spn]);
  assert.equal(kvno.code, 0, kvno.stderr);
});

test('stopLab on a directory without a lab does nothing', async () => {
  await stopLab(tempLabDir('empty'));
  assert.throws(
    () => readLabInfo(tempLabDir('empty2')),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_NOT_FOUND',
  );
});
