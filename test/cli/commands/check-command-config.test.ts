// `check --config FILE` refuses a bad file before any check runs: exit 2, one line, a stable code.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/program';
import { CheckConfigSchema } from '../../../electron/contract/check-config';
import { captureIo } from '../capture-io';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const instance = { server: 'sqlmi1.abc123.database.windows.net' };

const CASES: [string, string, RegExp][] = [
  ['not JSON', file('a.json', 'instances: [x]'), /not UTF-8 JSON \[CONFIG_INVALID\]/],
  ['not UTF-8', file('b.json', Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), /not UTF-8 JSON \[CONFIG_INVALID\]/],
  ['no version', file('c.json', JSON.stringify({ instances: [instance] })), /version: .*\[CONFIG_INVALID\]/],
  [
    'no instance',
    file('d.json', JSON.stringify({ version: 1, instances: [] })),
    /lists no instance \[CONFIG_INVALID\]/,
  ],
  [
    'an unknown key',
    file('e.json', JSON.stringify({ version: 1, instances: [instance], shell: 'calc.exe' })),
    /\[CONFIG_INVALID\]/,
  ],
  [
    'a bad port',
    file('f.json', JSON.stringify({ version: 1, instances: [{ ...instance, port: 70000 }] })),
    /instances\.0\.port: the port must be a whole number/,
  ],
  [
    'an instance key the CLI does not take',
    file('g.json', JSON.stringify({ version: 1, instances: [{ ...instance, password: 'x' }] })),
    /instances\.0: .*\[CONFIG_INVALID\]/,
  ],
  [
    'timeouts over the whole budget',
    file(
      'h.json',
      JSON.stringify({
        version: 1,
        instances: [
          { ...instance, timeoutSeconds: 400 },
          { ...instance, timeoutSeconds: 300 },
        ],
      }),
    ),
    /add up to more than 600 s/,
  ],
  [
    'too many instances',
    file('i.json', JSON.stringify({ version: 1, instances: Array(21).fill({ ...instance, timeoutSeconds: 1 }) })),
    /at most 20 instances/,
  ],
  ['a huge file', file('j.json', ' '.repeat(100_001)), /larger than 100 kB.*\[INPUT_TOO_LARGE\]/],
  ['an endless device', '/dev/zero', /a device, not a regular file \[INPUT_NOT_A_FILE\]/],
  ['a missing file', join(dir, 'none.json'), /\[INPUT_UNREADABLE\]/],
];

for (const [what, path, message] of CASES) {
  test(`a config with ${what} is refused with exit 2`, async () => {
    const io = captureIo();
    assert.equal(await runCli(['check', '--config', path], io), 2);
    assert.match(io.err, message);
    assert.equal(io.err.trim().split('\n').length, 1, io.err);
    assert.equal(io.out, '');
    // Unattended (--json): stdout is still one JSON document, the error with its stable code.
    const json = captureIo();
    assert.equal(await runCli(['check', '--config', path, '--json'], json), 2);
    const doc = JSON.parse(json.out) as { error: { code: string; message: string } };
    assert.equal(doc.error.code, /\[([A-Z_]+)\]/.exec(io.err)![1]);
  });
}

test('--config with --server, --report, or neither is a usage error', async () => {
  const good = file('good.json', JSON.stringify({ version: 1, instances: [instance] }));
  for (const [args, message] of [
    [['check', '--config', good, '--server', 'x.example.net'], /either --server or --config/],
    [['check', '--config', good, '--report', join(dir, 'r.html')], /with --config use --json/],
    [['check'], /--server is required/],
  ] as [string[], RegExp][]) {
    const io = captureIo();
    assert.equal(await runCli(args, io), 2);
    assert.match(io.err, message);
  }
});

test('a valid config: defaults applied as on the command line, server normalised', () => {
  const c = CheckConfigSchema.parse({
    version: 1,
    instances: [
      { server: ' SQLMI1.abc.database.windows.net. ' },
      { server: 'b.example.net', port: 3342, encrypt: 'strict' },
    ],
  });
  assert.deepEqual(c.instances[0], {
    server: 'sqlmi1.abc.database.windows.net',
    port: 1433,
    encrypt: 'mandatory',
    trustServerCertificate: false,
    timeoutSeconds: 15,
  });
  assert.equal(c.instances[1]!.port, 3342);
  assert.equal(c.redactUser, false);
});
