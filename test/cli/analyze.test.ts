import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../electron/cli/program';

const fx = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));
function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, stdout: (s: string) => { io.out += s; }, stderr: (s: string) => { io.err += s; } };
  return io;
}
const AT = ['--at', '2027-03-04T11:30:00'];

const cases: [string, RegExp, number][] = [
  ['windows/klist-get-spn-not-found.txt', /→ SPN_UNKNOWN[\s\S]*evidence: klist get: GetTicket substatus 0x6fb/, 1],
  ['windows/klist-get-kdcproxy-unreachable-crlf.txt', /→ CLOUD_KDC_UNREACHABLE[\s\S]*substatus 0x51f/, 1],
  ['windows/klist-get-etype.txt', /→ ETYPE_UNSUPPORTED/, 1],
  ['windows/klist-get-conditional-access.txt', /→ CONDITIONAL_ACCESS/, 1],
  ['windows/klist-tgt-no-credentials.txt', /→ NO_TGT/, 1],
  ['windows/klist-cloud-debug-disabled.txt', /CLOUD_KERBEROS_POLICY_OFF/, 1],
  ['windows/klist-cloud-debug-enabled.txt', /enabled by policy: YES/, 0],
  ['windows/dsregcmd-hybrid.txt', /incoming trust/, 0],
  ['windows/klist-trust-flow.txt', /chain: trust/, 0],
  ['windows/klist-cloud-flow-utf16.txt', /chain: cloud/, 0],
  ['windows/klist-referral-only.txt', /CHAIN_REFERRAL_WITHOUT_SERVICE/, 1],
  ['windows/klist-get-success-crlf.txt', /a ticket to MSSQLSvc\/sqlmi7\S* was retrieved/, 0],
  ['windows/klist-tgt.txt', /krbtgt\/FABRIKAM\.COM@FABRIKAM\.COM/, 0],
  ['windows/klist-es.txt', /CHAIN_NO_TGT/, 1],
];
for (const [file, expect, exit] of cases) {
  test(`analyze ${file}`, async () => {
    const io = capture();
    const code = await runCli(['analyze', ...AT, fx(file)], io);
    assert.match(io.out, expect);
    assert.equal(code, exit, io.out + io.err);
  });
}

test('analyze a ccache and a MIT klist in one run', async () => {
  const io = capture();
  await runCli(['analyze', '--at', '2026-11-25T10:00:00Z', fx('ccache/trust-v4.ccache'), fx('ccache/cloud-v4.klist')], io);
  assert.match(io.out, /: ccache\n/);
  assert.match(io.out, /: mit-klist\n/);
});

test('analyze never prints the session key of klist tgt', async () => {
  const io = capture();
  await runCli(['analyze', ...AT, fx('windows/klist-tgt.txt')], io);
  assert.doesNotMatch(io.out, /de ad be ef|KeyLength|61 82 04/i);
});

test('analyze of unknown text: INPUT_NOT_RECOGNISED, exit 2', async () => {
  const io = capture();
  assert.equal(await runCli(['analyze', fx('../../README.md')], io), 2);
  assert.match(io.err, /\[INPUT_NOT_RECOGNISED\]/);
});

test('analyze --at garbage is a usage error', async () => {
  const io = capture();
  assert.equal(await runCli(['analyze', '--at', 'yesterday-ish', fx('windows/klist-es.txt')], io), 2);
});
