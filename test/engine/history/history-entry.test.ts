// A real lab CheckReport → its history line: every field from the report, the device facts passed in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CheckReportSchema } from '../../../electron/contract/report';
import { HistoryEntrySchema } from '../../../electron/contract/history';
import { historyEntry } from '../../../electron/engine/history/history-entry';
import { siteSubnet, subnetOf } from '../../../electron/engine/history/device-facts';
import { historyPath } from '../../../electron/engine/history/history-path';

const dir = fileURLToPath(new URL('../../fixtures/fleet/lab-reports/', import.meta.url));
const load = (name: string) => CheckReportSchema.parse(JSON.parse(readFileSync(dir + name, 'utf8')));
const facts = { device: 'PC-0042', account: 'CONTOSO\\alice', subnet: '10.20.30.0/24', os: 'win32 10.0.22631' };

test('a passing trust-flow report: user principal, flow, KDC reached, step times, no code', () => {
  const r = load('healthy.json');
  const e = historyEntry(r, facts);
  HistoryEntrySchema.parse(e);
  assert.equal(e.verdict, 'pass');
  assert.equal(e.code, null);
  assert.equal(e.failedStep, null);
  assert.equal(e.flow, 'trust');
  assert.equal(e.user, 'alice@CONTOSO.TEST');
  assert.equal(e.server, r.target.server);
  assert.equal(e.time, new Date(r.startedAt).toISOString());
  assert.match(e.kdc ?? '', /^127\.0\.0\.1:\d+$/);
  assert.equal(e.steps.tcp, r.steps.find((s) => s.id === 'tcp')!.ms);
  assert.equal(e.steps.dns, undefined, 'a skipped step (the address was given) has no time');
  assert.equal(Object.keys(e.steps).length, r.steps.filter((s) => s.status !== 'skip').length);
  assert.equal(e.device, 'PC-0042');
});

test('every lab scenario gives a valid line whose code is the report diagnosis', () => {
  for (const f of readdirSync(dir)) {
    const r = load(f);
    const e = historyEntry(r, facts);
    HistoryEntrySchema.parse(e);
    assert.equal(e.code, r.verdict === 'pass' ? null : r.diagnosis!.code, f);
    if (r.verdict === 'fail' && r.steps.some((s) => s.status === 'fail'))
      assert.equal(e.failedStep, r.steps.find((s) => s.status === 'fail')!.id, f);
  }
});

test('no TGT: the OS account stands for the user; redaction drops the user only', () => {
  const e = historyEntry(load('no-tgt.json'), facts);
  assert.equal(e.user, 'CONTOSO\\alice');
  assert.equal(e.code, 'NO_TGT');
  const red = historyEntry(load('healthy.json'), facts, { redactUser: true });
  assert.equal(red.user, null);
  assert.equal(red.device, 'PC-0042');
});

test('through a KDC proxy, the KDC reached is the proxy URL', () => {
  assert.match(historyEntry(load('kdc-proxy.json'), facts).kdc ?? '', /^127\.0\.0\.1:\d+$|^https:\/\//);
});

test('subnets: IPv4 /24, IPv6 /64, loopback-only devices have none', () => {
  assert.equal(subnetOf('10.1.2.37', 'IPv4'), '10.1.2.0/24');
  assert.equal(subnetOf('2001:db8:1:2::5', 'IPv6'), '2001:db8:1:2::/64');
  assert.equal(subnetOf('2001:db8::1', 'IPv6'), '2001:db8:0:0::/64');
  const lo = {
    family: 'IPv4' as const,
    address: '127.0.0.1',
    internal: true,
    netmask: '255.0.0.0',
    mac: '00:00:00:00:00:00',
    cidr: '127.0.0.1/8',
  };
  assert.equal(siteSubnet({ lo: [lo] }), null);
  assert.equal(siteSubnet({ lo: [lo], eth0: [{ ...lo, address: '192.168.7.9', internal: false }] }), '192.168.7.0/24');
});

test('the history path per OS, and the override', () => {
  const home = () => '/home/u';
  assert.equal(historyPath({ KERBPROBE_HISTORY: '/x/h.jsonl' }, 'win32', home), '/x/h.jsonl');
  assert.equal(
    historyPath({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', home),
    'C:\\Users\\u\\AppData\\Local\\KerbProbe\\history.jsonl',
  );
  assert.equal(historyPath({}, 'linux', home), '/home/u/.local/state/kerbprobe/history.jsonl');
  assert.equal(historyPath({ XDG_STATE_HOME: '/s' }, 'linux', home), '/s/kerbprobe/history.jsonl');
  assert.equal(historyPath({}, 'darwin', home), '/home/u/Library/Logs/KerbProbe/history.jsonl');
});

test('a config chooses what the line leaves out: the server, device, address and KDC are gone, and says so in them', () => {
  const r = load('kdc-proxy.json');
  const full = historyEntry(r, facts);
  assert.ok(full.server && full.kdc && full.subnet, 'the report names a server, a KDC and a subnet');
  const e = historyEntry(r, facts, { redact: ['server', 'device', 'address', 'kdc', 'subnet'] });
  HistoryEntrySchema.parse(e);
  const line = JSON.stringify(e);
  for (const name of [
    r.target.server,
    full.kdc,
    facts.device,
    facts.subnet,
    ...(r.target.address ? [r.target.address] : []),
  ])
    assert.ok(!line.includes(name), `${name} is in ${line}`);
  assert.equal(e.server, 'redacted');
  assert.equal(e.device, 'redacted');
  assert.equal(e.kdc, 'redacted', 'left out, not "none reached"');
  assert.equal(e.subnet, 'redacted');
  assert.deepEqual(Object.keys(e), Object.keys(full), 'the line keeps its fields: every reader reads it as before');
  assert.equal(e.user, full.user, 'the user stays unless chosen');
  assert.equal(e.verdict, full.verdict);
  assert.equal(e.port, full.port, 'the port says which endpoint, not whose');
  const withUser = historyEntry(r, facts, { redactUser: true, redact: ['kdc'] });
  assert.equal(withUser.kdc, 'redacted');
  assert.equal(withUser.user, null);
  assert.equal(withUser.server, full.server);
});
