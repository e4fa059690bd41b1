import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { parseCloudDebug } from '../../../electron/engine/environment/windows-cloud-debug';
import { detectInput } from '../../../electron/engine/tickets/detect-input';

const dir = fileURLToPath(new URL('../../fixtures/windows/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');
// Every layout also exists with CRLF line ends; both must read the same.
const variants = (base: string): string[] => [`${base}.txt`, `${base}-crlf.txt`];

for (const f of variants('klist-cloud-debug-enabled')) {
  test(`${f}: policy on, cloud TGT available`, () => {
    assert.equal(detectInput(read(f)).kind, 'windows-cloud-debug');
    const d = parseCloudDebug(read(f));
    assert.equal(d.enabledByPolicy, true);
    assert.equal(d.cloudPrimaryTgtAvailable, true);
    assert.equal(d.kdcProxyPresent, true);
    assert.equal(d.asRepCredentialType, 2);
  });
}
for (const f of variants('klist-cloud-debug-disabled')) {
  test(`${f}: policy off, no cloud TGT`, () => {
    const d = parseCloudDebug(read(f));
    assert.equal(d.enabledByPolicy, false);
    assert.equal(d.cloudPrimaryTgtAvailable, false);
  });
}

for (const f of variants('klist-cloud-debug-disabled-variant')) {
  test(`${f}: another layout, the same facts as klist-cloud-debug-disabled.txt; a line another build adds is kept raw`, () => {
    assert.equal(detectInput(read(f)).kind, 'windows-cloud-debug');
    const v = parseCloudDebug(read(f));
    const o = parseCloudDebug(read('klist-cloud-debug-disabled.txt'));
    const { raw: vRaw, ...vFacts } = v;
    const { raw: _oRaw, ...oFacts } = o;
    assert.deepEqual(vFacts, oFacts);
    assert.equal(vRaw['Cloud Kerberos trust cache hydrated'], 1);
    assert.deepEqual(v.unread, []);
  });
}

test('cloud_debug lines that cannot be read are listed with their numbers; the readable ones still count', () => {
  const d = parseCloudDebug(read('klist-cloud-debug-unreadable-fields.txt'));
  assert.equal(d.enabledByPolicy, true);
  assert.equal(d.asRepCallbackReceived, null);
  assert.equal(d.cloudPrimaryTgtAvailable, null);
  assert.deepEqual(
    d.unread.map((u) => [u.line, u.text]),
    [
      [5, 'AS_REP callback received: yes'],
      [6, 'Cloud Primary (Hybrid logon) TGT available: n/a'],
      [7, 'KDC proxy present in cache 1'],
    ],
  );
});

// Issue 22, item 11: a `klist cloud_debug` alone showing the policy off, on a hybrid device holding its hybrid logon
// TGT (Microsoft's support wiki, test/fixtures/real/device/), does not show which flow the device uses: the policy is
// said as what it rules out, never diagnosed as the cause. With a dsregcmd that shows the device is not domain
// joined it is the cause; with one that shows a domain join the trust-based flow needs no such policy.
const HYBRID_POLICY_OFF = 'klist-cloud-debug-hybrid-policy-off-partial-tgt.txt';
const realDevice = (name: string): string =>
  readFileSync(new URL(`../../fixtures/real/device/${name}`, import.meta.url), 'utf8');
const dsregNotDomainJoined = realDevice('dsregcmd-entra-joined-sso-before-device.txt');
const dsregDomainJoined = realDevice('dsregcmd-hybrid-device-state-only.txt');

test('item 11: cloud_debug alone with the policy off and a hybrid logon TGT: no CLOUD_KERBEROS_POLICY_OFF', () => {
  const alone = analyzeInputs([{ name: 'cloud_debug', content: realDevice(HYBRID_POLICY_OFF) }], {
    fallback: 'earliest',
  });
  assert.equal(alone.diagnosis, null);
  assert.equal(alone.failed, false);
  assert.match(
    alone.inputs[0]?.facts[0] ?? '',
    /enabled by policy: NO — this rules out the modern interactive flow .* the incoming trust-based flow needs no such policy/,
  );
  assert.match(alone.inputs[0]?.facts.join('\n') ?? '', /Cloud Primary \(Hybrid logon\) TGT available .*: YES/);
});

test('item 11: with a dsregcmd showing DomainJoined NO the policy is the cause; with DomainJoined YES it is not', () => {
  const both = (dsreg: string) =>
    analyzeInputs(
      [
        { name: 'cloud_debug', content: realDevice(HYBRID_POLICY_OFF) },
        { name: 'dsregcmd', content: dsreg },
      ],
      { fallback: 'earliest' },
    );
  assert.equal(both(dsregNotDomainJoined).diagnosis?.code, 'CLOUD_KERBEROS_POLICY_OFF');
  assert.equal(both(dsregDomainJoined).diagnosis, null);
});
