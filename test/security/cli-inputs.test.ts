// Bad input to the `kerbprobe` process (as a user types it) is refused with exit 2 and one clear line,
// never a stack trace; an existing report file is never touched without --force.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKerbprobe, type KerbprobeRun } from '../cli/run-kerbprobe';
import { recordReliability } from './reliability-results';

const tmp = mkdtempSync(join(tmpdir(), 'kerbprobe-inputs-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function kerbprobe(args: string[]): Promise<KerbprobeRun> {
  // No Kerberos environment: a refused argument must not depend on one, and nothing may reach a network.
  return runKerbprobe(args, { env: { KRB5CCNAME: `FILE:${join(tmp, 'none')}` }, timeoutMs: 30_000 });
}

const SERVER = ['--server', 'sqlmi1.nowhere.invalid'];
const PORT_MESSAGE = /port must be a whole number from 1 to 65535/;

function refusal(stderr: string, message: RegExp, what: string): void {
  assert.match(stderr, message, `${what}: ${stderr}`);
  assert.doesNotMatch(stderr, /^\s+at\s/m, `${what}: stack trace in stderr`);
  assert.doesNotMatch(stderr, /node:internal|\.cjs:\d+|\.ts:\d+|internal error/, `${what}: internals in stderr`);
  assert.ok(stderr.trim().split('\n').length <= 2, `${what}: one message (and the usage hint), got:\n${stderr}`);
}

test('bad arguments are refused with exit 2 and a clear message, no stack trace', async () => {
  const existing = join(tmp, 'existing.html');
  const existingContent = '<!doctype html><p>a report someone keeps</p>\n';
  writeFileSync(existing, existingContent);
  const before = statSync(existing).mtimeMs;
  const notOurs = join(tmp, 'not-ours.json');
  writeFileSync(notOurs, JSON.stringify({ name: 'some other tool', results: [1, 2, 3] }));
  const damaged = join(tmp, 'damaged-report.json');
  writeFileSync(
    damaged,
    JSON.stringify({ schemaVersion: 1, tool: { name: 'kerbprobe', version: '0.1.0' }, verdict: 'maybe' }),
  );
  const binary = join(tmp, 'noise.bin');
  writeFileSync(binary, Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 131 + 7) & 0xff)));

  const cases: [string, string[], RegExp][] = [
    ...['0', '65536', '-1', 'abc', '1e3', '80.5', '', '0x50'].map((p): [string, string[], RegExp] => [
      `--port ${JSON.stringify(p)}`,
      ['check', ...SERVER, '--port', p],
      PORT_MESSAGE,
    ]),
    ['--port=-1', ['check', ...SERVER, '--port=-1'], PORT_MESSAGE],
    ['empty --server', ['check', '--server', ''], /--server must not be empty/],
    ['blank --server', ['check', '--server', '   '], /--server must not be empty/],
    ['no --server', ['check'], /--server/],
    ['--server with no value', ['check', '--server'], /option '--server <fqdn>' argument missing/],
    [
      '--server followed by another option',
      ['check', '--server', '--port', '1433'],
      /argument '--port' is invalid\. "--port" looks like an option/,
    ],
    [
      '--report followed by another option',
      ['check', ...SERVER, '--report', '--json'],
      /argument '--json' is invalid\. "--json" looks like an option/,
    ],
    ['--from-ccache followed by a short option', ['tickets', '--from-ccache', '-h'], /argument '-h' is invalid/],
    ['--at that is not a time', ['analyze', '--at', 'noon', 'x.txt'], /expected an ISO 8601 date and time/],
    [
      'unknown --encrypt',
      ['check', ...SERVER, '--encrypt', 'optional'],
      /--encrypt.*Allowed choices are strict, mandatory/,
    ],
    ['--timeout 0', ['check', ...SERVER, '--timeout', '0'], /timeout must be a number of seconds/],
    ['--timeout abc', ['check', ...SERVER, '--timeout', 'abc'], /timeout must be a number of seconds/],
    [
      '--report with an unknown extension',
      ['check', ...SERVER, '--report', join(tmp, 'report.txt')],
      /--report must name a \.html, \.md or \.json file/,
    ],
    [
      '--report on an existing file',
      ['check', ...SERVER, '--json', '--report', existing],
      /already exists; pass --force to overwrite it/,
    ],
    ['analyze a JSON that is not ours', ['analyze', notOurs], /not a ccache, klist.*KerbProbe report/],
    ['analyze a damaged KerbProbe report', ['analyze', damaged], /REPORT_INVALID|verdict/],
    ['analyze binary noise', ['analyze', binary], /not a ccache/],
    ['analyze a missing file', ['analyze', join(tmp, 'missing.json')], /cannot read .*missing\.json/],
    ['analyze a directory', ['analyze', tmp], /cannot read/],
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown option', ['check', ...SERVER, '--pasword', 'x'], /unknown option '--pasword'/],
  ];

  const results = await Promise.all(
    cases.map(async ([what, args, message]) => ({ what, args, message, r: await kerbprobe(args) })),
  );
  for (const { what, args, message, r } of results) {
    assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.stderr}`);
    refusal(r.stderr, message, what);
    // Under --json stdout is one JSON document: the error object with its stable code; else nothing.
    if (args.includes('--json'))
      assert.equal((JSON.parse(r.stdout) as { error: { code: string } }).error.code, 'USAGE', `${what}: ${r.stdout}`);
    else assert.equal(r.stdout, '', `${what}: nothing on stdout`);
  }
  assert.equal(readFileSync(existing, 'utf8'), existingContent, 'the existing report is unchanged');
  assert.equal(statSync(existing).mtimeMs, before, 'the existing report was not rewritten');
  assert.ok(!existsSync(join(tmp, 'report.txt')), 'no file was created for a refused extension');

  recordReliability('inputs', {
    cases: results.map(({ what, r }) => ({
      input: what,
      exit: r.code,
      message: r.stderr.trim().split('\n')[0],
      ms: Math.round(r.ms),
    })),
  });
});

test('--force is the only way to replace an existing report', async () => {
  const file = join(tmp, 'forced.md');
  writeFileSync(file, 'old\n');
  const r = await kerbprobe(['check', ...SERVER, '--timeout', '5', '--report', file, '--force']);
  assert.equal(r.code, 1, `a diagnosed failure (DNS): ${r.stderr}`);
  const md = readFileSync(file, 'utf8');
  assert.notEqual(md, 'old\n');
  assert.match(md, /DNS_FAILURE/);
});
