import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { createProgram, runCli } from '../../electron/cli/program';
import { captureIo } from './capture-io';
import { runKerbprobe } from './run-kerbprobe';

test('--help prints usage and exits 0', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--help'], io), 0);
  assert.match(io.out, /Usage: kerbprobe/);
});

test('an unknown option exits 2 with a message, no stack trace', async () => {
  const io = captureIo();
  assert.equal(await runCli(['--no-such-flag'], io), 2);
  assert.match(io.err, /unknown option/);
  assert.doesNotMatch(io.err, /\bat .*\.ts:\d+/);
});

test('the built bin runs from the checkout', async () => {
  const r = await runKerbprobe(['--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Usage: kerbprobe/);
});

test('check --server --port 1433: "--port" is refused as the host, exit 2, one line and the hint', async () => {
  const io = captureIo();
  assert.equal(await runCli(['check', '--server', '--port', '1433'], io), 2);
  assert.match(
    io.err,
    /^error: option '--server <fqdn>' argument '--port' is invalid\. "--port" looks like an option, not a value/,
  );
  assert.equal(io.err.trim().split('\n').length, 2, io.err);
  assert.equal(io.out, '');
});

test('an option given no value at all is a usage error', async () => {
  const io = captureIo();
  assert.equal(await runCli(['check', '--server'], io), 2);
  assert.match(io.err, /option '--server <fqdn>' argument missing/);
});

/** Every option of every (sub-)command that takes a value, with the words that reach it. */
function valueOptions(cmd: Command, path: string[] = []): { path: string[]; opt: Option }[] {
  const own = (cmd.options as Option[]).filter((o) => o.required || o.optional).map((opt) => ({ path, opt }));
  return [...own, ...cmd.commands.flatMap((c) => valueOptions(c, [...path, c.name()]))];
}

test('every option that takes a value refuses another option as its value, in either spelling', async () => {
  const options = valueOptions(createProgram(captureIo()));
  assert.ok(options.length >= 12, `found only ${options.length} options with values`);
  for (const { path, opt } of options) {
    for (const args of [[opt.long!, '--json'], [opt.long!, '-x'], [`${opt.long!}=--json`]]) {
      const io = captureIo();
      const argv = [...path, ...args, ...(path[0] === 'analyze' ? ['some-file'] : [])];
      assert.equal(await runCli(argv, io), 2, `${argv.join(' ')}: ${io.err}`);
      assert.match(io.err, /looks like an option, not a value/, argv.join(' '));
    }
  }
});

test("a negative number still reaches the option's own check, and a dashed file name is given as ./-name", async () => {
  const io = captureIo();
  assert.equal(await runCli(['check', '--server', 'sqlmi1.nowhere.invalid', '--port', '-1'], io), 2);
  assert.match(io.err, /the port must be a whole number from 1 to 65535/);
  const file = captureIo();
  assert.equal(await runCli(['tickets', '--from-ccache', './-no-such-cache'], file), 2);
  assert.match(file.err, /cannot read \.\/-no-such-cache.*\[INPUT_UNREADABLE\]/);
});

test('--version --json: the version, the Node it runs on and the pinned packages, as package.json pins them', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
  };
  for (const argv of [
    ['--version', '--json'],
    ['--json', '-V'],
  ]) {
    const io = captureIo();
    assert.equal(await runCli(argv, io), 0);
    const doc = JSON.parse(io.out) as {
      version: string;
      node: string;
      platform: string;
      pinned: Record<string, string>;
    };
    assert.equal(doc.version, pkg.version);
    assert.equal(doc.node, process.versions.node);
    assert.equal(doc.platform, `${process.platform}-${process.arch}`);
    assert.deepEqual(doc.pinned, { tedious: pkg.dependencies.tedious, kerberos: pkg.dependencies.kerberos });
  }
  const plain = captureIo();
  assert.equal(await runCli(['--version'], plain), 0);
  assert.equal(plain.out, `${pkg.version}\n`);
});
