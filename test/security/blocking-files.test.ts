// A path that blocks on open (a named pipe with no writer: what a stale network path does too) given wherever
// the CLI or the engine reads a file: refused at once with a stable code, and the process exits. Real FIFOs
// (mkfifo), the built CLI, and for KRB5_CONFIG / KRB5CCNAME the real lab: MIT's library opens those itself,
// so the engine checks them before it calls the library.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckReportSchema } from '../../electron/contract/report';
import { labCheckArgs } from '../../electron/lab/lab';
import { runKerbprobe } from '../cli/run-kerbprobe';
import { labFor } from '../lab/lab-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'kerbprobe-fifo-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const fifo = join(tmp, 'pipe');
execFileSync('mkfifo', [fifo]);
/** Long enough for a cold start on a busy machine; a read that waits for a writer never ends. */
const LIMIT_MS = 20_000;

test('every file argument and variable that names a FIFO is refused at once, exit 2, with a stable code', async () => {
  const config = join(tmp, 'config.json');
  writeFileSync(config, '{}');
  const cases: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
    ['analyze FILE', ['analyze', fifo], {}, /\[INPUT_NOT_A_FILE\]/],
    ['tickets --from-ccache', ['tickets', '--from-ccache', fifo], {}, /\[INPUT_NOT_A_FILE\]/],
    ['tickets --from-klist', ['tickets', '--from-klist', fifo], {}, /\[INPUT_NOT_A_FILE\]/],
    ['history --file', ['history', '--file', fifo], {}, /\[INPUT_NOT_A_FILE\]/],
    ['check --config', ['check', '--config', fifo], {}, /\[INPUT_NOT_A_FILE\]/],
    [
      'check --ca',
      ['check', '--server', 'sqlmi1.nowhere.invalid', '--ca', fifo, '--no-history'],
      {},
      /named pipe \(FIFO\), not a regular file \[INPUT_CA_UNREADABLE\]/,
    ],
    [
      'KERBPROBE_HOSTS',
      ['check', '--server', 'sqlmi1.nowhere.invalid', '--no-history'],
      { KERBPROBE_HOSTS: fifo },
      /named pipe \(FIFO\), not a regular file\. \[HOSTS_OVERRIDE_UNREADABLE\]/,
    ],
  ];
  for (const [what, args, env, message] of cases) {
    const r = await runKerbprobe(args, { env, timeoutMs: LIMIT_MS });
    assert.equal(r.code, 2, `${what}: ${r.stderr}`);
    assert.match(r.stderr, message, what);
    assert.match(r.stderr, /named pipe/, what);
  }
});

test('analyze --fleet lists a FIFO as unreadable and goes on', async () => {
  const r = await runKerbprobe(['analyze', '--fleet', fifo, '--json'], { timeoutMs: LIMIT_MS });
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as { unreadable: { path: string; problem: string }[] };
  assert.deepEqual(summary.unreadable, [
    { path: fifo, problem: `cannot read ${fifo}: it is a named pipe (FIFO), not a regular file [INPUT_NOT_A_FILE]` },
  ]);
});

test('KRB5_CONFIG or KRB5CCNAME a FIFO: the check ends with KERBEROS_FILE_UNUSABLE and the process exits', async () => {
  const lab = await labFor('healthy');
  for (const [variable, value] of [
    ['KRB5_CONFIG', fifo],
    ['KRB5_CONFIG', `${lab.info.env.KRB5_CONFIG}:${fifo}`],
    ['KRB5CCNAME', `FILE:${fifo}`],
    ['KRB5CCNAME', fifo],
  ] as const) {
    const r = await runKerbprobe([...labCheckArgs(lab.info), '--timeout', '8', '--no-history'], {
      env: { ...lab.info.env, [variable]: value },
      timeoutMs: LIMIT_MS,
    });
    assert.equal(r.code, 1, `${variable}=${value}: ${r.stderr}`);
    const report = CheckReportSchema.parse(JSON.parse(r.stdout));
    assert.equal(report.diagnosis?.code, 'KERBEROS_FILE_UNUSABLE', `${variable}=${value}`);
    assert.ok(
      report.diagnosis.evidence.some((line) => line.includes(fifo) && /named pipe \(FIFO\)/.test(line)),
      report.diagnosis.evidence.join('\n'),
    );
    // Refused before any wait: far from the 8 s budget.
    assert.ok(r.ms < 6000, `${variable}: ${Math.round(r.ms)} ms`);
  }
});

test('history --file and analyze --fleet: a 2 GB sparse file and /dev/zero are refused by their bounds', async () => {
  const sparse = join(tmp, 'big.jsonl');
  writeFileSync(sparse, '');
  truncateSync(sparse, 2_000_000_000); // took 7.8 s and grew linearly, read whole
  const history = await runKerbprobe(['history', '--file', sparse], { timeoutMs: LIMIT_MS });
  assert.equal(history.code, 2, history.stderr);
  assert.match(
    history.stderr,
    /is larger than 1 GB, the most KerbProbe reads as one history file\. \[INPUT_TOO_LARGE\]/,
  );
  const fleet = await runKerbprobe(['analyze', '--fleet', sparse, '/dev/zero', '--json'], { timeoutMs: LIMIT_MS });
  assert.equal(fleet.code, 0, fleet.stderr);
  const summary = JSON.parse(fleet.stdout) as { unreadable: { path: string; problem: string }[] };
  assert.deepEqual(
    summary.unreadable.map((u) => [u.path, /\[(\w+)\]$/.exec(u.problem)?.[1]]),
    [
      [sparse, 'INPUT_TOO_LARGE'],
      ['/dev/zero', 'INPUT_NOT_A_FILE'],
    ],
  );
  const help = await runKerbprobe(['analyze', '--help']);
  assert.match(help.stdout.replace(/\s+/g, ' '), /at most 100000 files, 1 GB and 60 s each/);
});
