// `lab up --rtt`: a relay in front of each peer named, the client's files pointed at the relays, the relays
// stopped with the lab. MIT kvno (an independent client) gets its service ticket through them, the KDC
// proxy's included (its certificate names the relay's address), and pays the distance asked.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startLab, stopLab, type LabInfo } from '../../electron/lab/lab';
import { isRecordedProcessAlive } from '../../electron/lab/processes';

const RTT = { 'user-kdc': 2, 'cloud-kdc': 30, 'kdc-proxy': 60, sql: 40 };

function kvnoMs(info: LabInfo, pristineCcache: string): number {
  copyFileSync(pristineCcache, info.env.KRB5CCNAME.replace(/^FILE:/, ''));
  const env = { ...process.env, ...info.env };
  const t0 = performance.now();
  execFileSync('kvno', [info.spn], { env, stdio: 'ignore' });
  return performance.now() - t0;
}

describe('lab up --rtt', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-lab-rtt-'));
  after(async () => {
    await stopLab(dir);
    rmSync(dir, { recursive: true, force: true });
  });

  it('puts a relay in front of each peer, points krb5.conf, the hosts file and the proxy URL at them', async () => {
    const info = await startLab({ dir, scenario: 'kdc-proxy', rtt: RTT });
    const relay = info.processes.find((p) => p.role === 'relay');
    assert.ok(relay, 'a relay process is recorded with the lab');
    assert.deepEqual(
      info.relays?.map((r) => `${r.peer} ${r.listenHost}:${r.port} ${r.rttMs}`).sort(),
      [
        `cloud-kdc 127.0.0.2:${info.realms[1]!.kdc.split(':')[1]} 30`,
        `kdc-proxy 127.0.0.2:${new URL(info.realms[1]!.proxyUrl!).port} 60`,
        `sql 127.0.0.2:${info.port} 40`,
        `user-kdc 127.0.0.2:${info.realms[0]!.kdc.split(':')[1]} 2`,
      ].sort(),
    );
    const krb5 = readFileSync(info.env.KRB5_CONFIG, 'utf8');
    assert.match(krb5, new RegExp(`kdc = 127\\.0\\.0\\.2:${info.realms[0]!.kdc.split(':')[1]}\\n`));
    assert.match(krb5, /kdc = https:\/\/127\.0\.0\.2:\d+\/KdcProxy/);
    assert.match(readFileSync(info.env.KERBPROBE_HOSTS, 'utf8'), new RegExp(`^127\\.0\\.0\\.2 ${info.server}$`, 'm'));
    assert.equal(info.address, '127.0.0.2');

    // The trust flow through the proxy: the referral (2 ms: connect + exchange) and the service ticket through
    // MS-KKDCP (60 ms: TCP, TLS, the POST) — at least 3 round trips of the proxy's.
    const pristine = join(dir, 'ccache.pristine');
    copyFileSync(info.env.KRB5CCNAME.replace(/^FILE:/, ''), pristine);
    const times = [0, 1, 2].map(() => kvnoMs(info, pristine)).sort((a, b) => a - b);
    assert.ok(times[1]! >= 3 * RTT['kdc-proxy'], `kvno took ${times[1]!.toFixed(0)} ms through the relays`);

    await stopLab(dir);
    assert.equal(isRecordedProcessAlive(relay), false, 'the relay stops with the lab');
  });

  it('gives a peer whose port is closed no relay: its client sees the refusal', async () => {
    await stopLab(dir);
    const info = await startLab({ dir, scenario: 'sql-down', rtt: { sql: 40, 'user-kdc': 2 } });
    assert.deepEqual(
      info.relays?.map((r) => r.peer),
      ['user-kdc'],
    );
    assert.equal(info.address, '127.0.0.2');
  });
});
