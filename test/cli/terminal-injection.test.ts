// Text from outside never drives the terminal: a SQL server's error text with escape sequences and bidi
// controls, a `--server` value with an escape — through the built CLI, as a user runs it, stdout a file;
// a pasted klist and an opened report through `analyze`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab, stopLab } from '../../electron/lab/lab';
import type { LabInfo } from '../../electron/lab/lab-types';
import { createCa, issueServerCert } from '../../electron/lab/pki';
import { CheckReportSchema } from '../../electron/contract/index';
import {
  answerPreloginThenReadLogin,
  PACKET,
  packet,
  startHostilePeer,
  tokens,
  type HostilePeer,
} from '../engine/sql/hostile-peer';
import { runKerbprobe } from './run-kerbprobe';
import { runCli } from '../../electron/cli/program';
import { captureIo } from './capture-io';
import { failingReport } from '../engine/report/sample-report';

/** A window title, a clear screen, a forged green PASS line, and a right-to-left override. */
export const HOSTILE =
  '\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[32m✔ PASS  Kerberos works end to end\x1b[0m \u009b31m \u202egnp.exe';

/** What may not reach a terminal raw: ESC, BEL, CSI, bidi controls. */
const RAW = /[\x1b\x07\u009b\u202a-\u202e\u2066-\u2069]/;

const PEER_HOST = '127.0.0.2';

let base: string;
let info: LabInfo;
let peer: HostilePeer;
let caFile: string;

before(async () => {
  base = mkdtempSync(join(tmpdir(), 'kerbprobe-inject-'));
  info = await startLab({ dir: join(base, 'lab'), scenario: 'healthy' });
  const ca = await createCa('Injection Test CA');
  caFile = join(base, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  const leaf = await issueServerCert(ca, { commonName: info.server });
  peer = await startHostilePeer({
    tls: { key: leaf.keyPem, cert: leaf.certPem },
    host: PEER_HOST,
    port: info.port, // the SPN names the lab's port; the peer stands beside the lab's server, at another address
    script: async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(
        packet(
          PACKET.REPLY,
          Buffer.concat([tokens.error(18456, `Login failed for user 'x'. ${HOSTILE}`), tokens.done(true)]),
        ),
      );
      await c.readMessage();
    },
  });
});

after(async () => {
  await peer?.close();
  if (info) await stopLab(info.dir);
  if (base) rmSync(base, { recursive: true, force: true });
});

const checkArgs = () => [
  'check',
  '--server',
  info.server,
  '--port',
  String(info.port),
  '--address',
  PEER_HOST,
  '--encrypt',
  'strict',
  '--ca',
  caFile,
];

test('check: a server error text with escapes and U+202E is neutralised in the steps and the summary', async () => {
  const r = await runKerbprobe(checkArgs(), { env: info.env });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, RAW, JSON.stringify(r.stdout));
  assert.doesNotMatch(r.stderr, RAW, JSON.stringify(r.stderr));
  // The text is still there, visibly marked, on the step line that carries it.
  assert.match(r.stdout, /\\u\{1b\}\]0;pwned\\u\{7\}/);
  assert.match(r.stdout, /\\u\{202e\}gnp\.exe/);
  // Nobody's forged PASS is a verdict: the one verdict line is KerbProbe's FAIL.
  assert.doesNotMatch(r.stdout, /^PASS/m);
  assert.match(r.stdout, /^FAIL /m);
});

test('check --json: the values stay exact, the characters a terminal obeys are escaped', async () => {
  const r = await runKerbprobe([...checkArgs(), '--json'], { env: info.env });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, RAW);
  const report = CheckReportSchema.parse(JSON.parse(r.stdout));
  assert.ok(
    report.steps.some((s) => s.detail.includes('\u202egnp.exe')),
    'the JSON value keeps the text exactly',
  );
});

test('check --server with an escape: the value is never written raw', async () => {
  const r = await runKerbprobe([
    'check',
    '--server',
    'sqlmi1\x1b]0;owned\x07\x1b[2J.nowhere.invalid',
    '--timeout',
    '5',
  ]);
  // Refused before any traffic (issue 14, item 6), and the refusal names the character without writing it.
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.stdout + r.stderr, RAW, JSON.stringify(r.stdout + r.stderr));
  assert.match(r.stderr, /invisible character U\+001B.*\[INPUT_SERVER_CONTROL_CHARACTER\]/);
});

// --- analyze: a pasted klist and an opened report, in process (the same writer as the built CLI) ---

const fixture = (p: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url)), 'utf8');

test('analyze: a klist whose names carry escapes and bidi controls is printed neutralised', async () => {
  const file = join(base, 'klist-hostile.txt');
  // Conceal (8m) would hide what follows; U+202E would reorder it.
  writeFileSync(
    file,
    fixture('windows/klist-trust-flow.txt').replace(
      'Kdc Called: DC02.fabrikam.com',
      'Kdc Called: DC02\x1b[8m.evil.example\x1b[0m\u202e.fabrikam.com',
    ),
  );
  const io = captureIo();
  await runCli(['analyze', '--at', '2027-03-04T11:30:00', file], io);
  assert.doesNotMatch(io.out + io.err, RAW, JSON.stringify(io.out));
  assert.match(io.out, /\\u\{1b\}\[8m\.evil\.example/);
});

test('analyze: a report whose texts carry escapes and bidi controls is printed neutralised', async () => {
  const file = join(base, 'report-hostile.json');
  const r = failingReport();
  r.steps[0]!.detail = `ok ${HOSTILE}`;
  r.target.server = `sqlmi1\u202e.evil`;
  writeFileSync(file, JSON.stringify(r));
  const io = captureIo(() => new Date('2026-11-25T10:00:00Z'));
  await runCli(['analyze', file], io);
  assert.doesNotMatch(io.out + io.err, RAW, JSON.stringify(io.out));
  assert.match(io.out, /\\u\{202e\}gnp\.exe/);
});
