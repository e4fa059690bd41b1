// Lab ports are reserved across processes: two test files run at once, each with its own labs, and a
// KDC's UDP port picked twice would be shared (krb5kdc binds with SO_REUSEADDR; the later one receives).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { freePort, reservePort } from '../../electron/lab/ports';

const CHILD = `
  import { freePort } from ${JSON.stringify(new URL('../../electron/lab/ports.ts', import.meta.url).pathname)};
  const port = await freePort({ udp: true });
  console.log(port);
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
`;

test('a port another live process picked is not handed out here; it is free again once that process is gone', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const port = Number(line);
    assert.ok(Number.isInteger(port) && port > 0, `the child picked a port (${line})`);
    assert.equal(reservePort(port), false, 'held by the live child');
    child.stdin.end();
    await once(child, 'exit');
    assert.equal(reservePort(port), true, 'the child is gone: the port can be reserved');
    assert.equal(reservePort(port), false, 'and is now held by this process');
  } finally {
    child.kill();
  }
});

test('a process never hands out the same port twice', async () => {
  const ports = new Set<number>();
  for (let i = 0; i < 20; i++) ports.add(await freePort({ udp: i % 2 === 0 }));
  assert.equal(ports.size, 20);
});
