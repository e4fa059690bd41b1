// The offline analysis that the CLI's `analyze` and the app's Helpdesk view share: each kind of pasted
// evidence reaches the same classifier as the live check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeInput } from '../../../electron/engine/analyze/analyze-input';

const fx = (p: string) => readFileSync(new URL(`../../fixtures/windows/${p}`, import.meta.url));
const at = new Date('2027-03-04T11:30:00');

const cases: [string, string | null, string][] = [
  ['klist-get-spn-not-found.txt', 'SPN_UNKNOWN', 'windows-klist-get'],
  ['klist-get-kdcproxy-unreachable-crlf.txt', 'CLOUD_KDC_UNREACHABLE', 'windows-klist-get'],
  ['klist-get-etype.txt', 'ETYPE_UNSUPPORTED', 'windows-klist-get'],
  ['klist-get-conditional-access.txt', 'CONDITIONAL_ACCESS', 'windows-klist-get'],
  ['klist-tgt-no-credentials.txt', 'NO_TGT', 'windows-klist-error'],
  ['klist-cloud-debug-disabled.txt', 'CLOUD_KERBEROS_POLICY_OFF', 'windows-cloud-debug'],
  ['klist-cloud-debug-enabled.txt', null, 'windows-cloud-debug'],
  ['dsregcmd-hybrid.txt', null, 'dsregcmd'],
  ['klist-trust-flow.txt', null, 'windows-klist'],
];

for (const [file, code, kind] of cases) {
  test(`${file} → ${code ?? 'no diagnosis'}`, () => {
    const a = analyzeInput(fx(file), { name: file, now: at });
    assert.equal(a.kind, kind);
    assert.deepEqual(a.diagnoses.map((d) => d.code), code ? [code] : []);
  });
}

test('a ticket list yields the chain; a saved report comes back as it was', () => {
  const a = analyzeInput(fx('klist-trust-flow.txt'), { now: at });
  assert.equal(a.ticketSet?.chain.flow, 'trust');
  assert.equal(a.timeZone, 'local');
});

test('text that is none of the supported kinds is a typed error', () => {
  assert.throws(() => analyzeInput('hello world', { now: at }), { code: 'INPUT_NOT_RECOGNISED' });
});
