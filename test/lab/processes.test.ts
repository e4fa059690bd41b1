import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isRecordedProcessAlive,
  logOffset,
  spawnDetached,
  stopProcesses,
  waitForReady,
} from '../../electron/lab/processes';
import { KerbProbeError } from '../../electron/engine/errors';
import { freePort } from '../../electron/lab/ports';
import { procAlive } from './lab-helpers';

const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-proc-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('a detached process is recorded with its start time and stopped, even one that ignores SIGTERM', async () => {
  // It says 'ready' (and listens) only once its SIGTERM handler is installed.
  const port = await freePort();
  const script =
    `process.on('SIGTERM', () => {}); require('node:net').createServer().listen(${port}, ` +
    `'127.0.0.1', () => console.log('ready'))`;
  const stubborn = await spawnDetached(process.execPath, ['-e', script], {
    role: 'stubborn',
    env: { PATH: process.env.PATH },
    logFile: join(dir, 'a.log'),
  });
  const plain = await spawnDetached('sleep', ['60'], {
    role: 'sleep',
    env: { PATH: process.env.PATH },
    logFile: join(dir, 'b.log'),
  });
  assert.ok(stubborn.startTicks !== null && plain.startTicks !== null);
  assert.ok(isRecordedProcessAlive(stubborn) && isRecordedProcessAlive(plain));
  await waitForReady({ proc: stubborn, port, logFile: join(dir, 'a.log'), offset: 0, readyLine: /^ready$/m });
  await stopProcesses([stubborn, plain], 300);
  assert.equal(procAlive(stubborn.pid), false);
  assert.equal(procAlive(plain.pid), false);
  await stopProcesses([stubborn, plain], 300); // idempotent
});

test('a pid whose start time differs (a recycled pid) is never signalled', async () => {
  const other = await spawnDetached('sleep', ['60'], {
    role: 'other',
    env: { PATH: process.env.PATH },
    logFile: join(dir, 'c.log'),
  });
  const recycled = { ...other, startTicks: (other.startTicks ?? 0) + 12345 };
  assert.equal(isRecordedProcessAlive(recycled), false);
  await stopProcesses([recycled]);
  assert.ok(procAlive(other.pid), 'the process that now owns the pid survives');
  await stopProcesses([other]);
  assert.equal(procAlive(other.pid), false);
});

test('a missing program and a server that dies before listening give typed errors', async () => {
  await assert.rejects(
    spawnDetached('/nonexistent/kdc', [], { role: 'ghost', env: {}, logFile: join(dir, 'd.log') }),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_TOOL_MISSING',
  );
  const log = join(dir, 'e.log');
  const dies = await spawnDetached(process.execPath, ['-e', "console.error('config broken'); process.exit(3)"], {
    role: 'dies',
    env: { PATH: process.env.PATH },
    logFile: log,
  });
  await assert.rejects(
    waitForReady({ proc: dies, port: 1, logFile: log, offset: 0, readyLine: /listening/ }),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_START_FAILED' && /config broken/.test(e.message),
  );
});

test("readiness is the server's own line: a port someone else holds is LAB_PORT_TAKEN, not ready", async () => {
  const { createServer } = await import('node:net');
  const squatter = createServer();
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r));
  const port = (squatter.address() as { port: number }).port;
  try {
    const log = join(dir, 'f.log');
    const offset = logOffset(log);
    const script = `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`;
    const proc = await spawnDetached(process.execPath, ['-e', script], {
      role: 'late',
      env: { PATH: process.env.PATH },
      logFile: log,
    });
    await assert.rejects(
      waitForReady({ proc, port, logFile: log, offset, readyLine: /^listening$/m }),
      (e: unknown) => e instanceof KerbProbeError && e.code === 'LAB_PORT_TAKEN',
    );
  } finally {
    squatter.close();
  }
});
