import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type CliIo } from '../../electron/cli/program';
import { runKerbprobe } from './run-kerbprobe';

function capture(): CliIo & { out: string; err: string } {
  const io = { out: '', err: '', isTTY: false, stdout: (s: string) => { io.out += s; }, stderr: (s: string) => { io.err += s; } };
  return io;
}

test('--help prints usage and exits 0', async () => {
  const io = capture();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.out, /Usage: kerbprobe/);
});

test('an unknown option exits 2 with a message, no stack trace', async () => {
  const io = capture();
  assert.equal(await runCli(['--no-such-flag'], io), 2);
  assert.match(io.err, /unknown option/);
  assert.doesNotMatch(io.err, /\bat .*\.ts:\d+/);
});

test('the built bin runs from the checkout', async () => {
  const r = await runKerbprobe(['--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Usage: kerbprobe/);
});
