// Outside input is refused by size before it is read, with the limit in the message, in bounded memory:
// the built CLI in its own process, its peak RSS measured by /usr/bin/time. The limits are the ones the
// app's IPC schemas and its drop/paste checks use (electron/contract/limits.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_INPUT_BYTES, tooLargeMessage } from '../../electron/contract/limits';
import { contentSizeProblem } from '../../renderer/src/lib/input-limits';
import { labFor } from '../lab/lab-helpers';
import { labTargetArgs } from '../../electron/lab/lab';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TIME = '/usr/bin/time';
const skip = existsSync(TIME) ? false : 'no /usr/bin/time to measure the peak RSS with';
/** Well above a bare CLI start (~70 MB) and far below what reading the input whole costs. */
const RSS_CEILING_KB = 100 * 1024;

interface Measured {
  code: number;
  stderr: string;
  stdout: string;
  ms: number;
  maxRssKb: number;
}

function measure(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      TIME,
      ['-f', 'MAXRSS_KB=%M', process.execPath, 'bin/kerbprobe.cjs', ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
        timeout: 60_000,
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        const m = /MAXRSS_KB=(\d+)/.exec(stderr);
        if (!m) return reject(new Error(`no RSS figure in: ${stderr}`));
        resolve({
          code: err ? Number(err.code) : 0,
          stdout,
          stderr: stderr.replace(/(Command exited with non-zero status \d+\n)?MAXRSS_KB=\d+\n?/, ''),
          ms: performance.now() - t0,
          maxRssKb: Number(m[1]),
        });
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-limits-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

test(
  'analyze refuses a 200 MB (sparse) file before reading it: fast, low RSS, the limit in the message',
  { skip },
  async () => {
    const big = join(dir, 'huge-klist.txt');
    writeFileSync(big, '');
    truncateSync(big, 200_000_000);
    const r = await measure(['analyze', big]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `kerbprobe: ${tooLargeMessage('report', big)} [INPUT_TOO_LARGE]\n`);
    assert.match(r.stderr, /larger than 10 MB/);
    assert.ok(r.maxRssKb < RSS_CEILING_KB, `peak RSS ${r.maxRssKb} KB`);
    assert.ok(r.ms < 15_000, `${r.ms} ms`);
    console.log(`analyze 200 MB sparse: ${Math.round(r.ms)} ms, peak RSS ${Math.round(r.maxRssKb / 1024)} MB`);
  },
);

test('tickets --from-klist and --from-ccache refuse /dev/zero before reading a byte', { skip }, async () => {
  for (const [flag, kind] of [
    ['--from-klist', 'text'],
    ['--from-ccache', 'ccache'],
  ] as const) {
    const r = await measure(['tickets', flag, '/dev/zero']);
    assert.equal(r.code, 2, r.stderr);
    // A device, not a regular file: refused by its type (it used to be read to the kind's limit, then refused).
    assert.equal(
      r.stderr,
      'kerbprobe: cannot read /dev/zero: it is a device, not a regular file [INPUT_NOT_A_FILE]\n',
      kind,
    );
    assert.ok(r.maxRssKb < RSS_CEILING_KB, `${flag}: peak RSS ${r.maxRssKb} KB`);
  }
});

test("analyze holds klist text to the same limit as the app's paste and drop", { skip }, async () => {
  const at = join(dir, 'klist-at-limit.txt');
  const over = join(dir, 'klist-over-limit.txt');
  writeFileSync(at, 'x'.repeat(MAX_INPUT_BYTES.text));
  writeFileSync(over, 'x'.repeat(MAX_INPUT_BYTES.text + 1));
  const ok = await measure(['analyze', at]);
  assert.doesNotMatch(ok.stderr, /INPUT_TOO_LARGE/);
  const r = await measure(['analyze', over]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    `kerbprobe: ${contentSizeProblem('x'.repeat(MAX_INPUT_BYTES.text + 1), over)} [INPUT_TOO_LARGE]\n`,
  );
});

test(
  'check --ca /dev/zero is refused before the check, with the limit in the message, in bounded memory',
  { skip },
  async () => {
    const lab = await labFor('healthy');
    const r = await measure(['check', ...labTargetArgs(lab.info, '/dev/zero'), '--json'], lab.info.env);
    // A CA file is read before any traffic: a usage error (exit 2) with its stable code, as JSON under --json.
    assert.equal(r.code, 2, r.stdout);
    const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    assert.equal(doc.error.code, 'INPUT_CA_UNREADABLE');
    assert.equal(doc.error.message, 'the CA file /dev/zero: it is a device, not a regular file');
    assert.ok(r.maxRssKb < RSS_CEILING_KB, `peak RSS ${r.maxRssKb} KB`);
    assert.ok(r.ms < 30_000, `${r.ms} ms`);
    console.log(`check --ca /dev/zero: ${Math.round(r.ms)} ms, peak RSS ${Math.round(r.maxRssKb / 1024)} MB`);
  },
);
