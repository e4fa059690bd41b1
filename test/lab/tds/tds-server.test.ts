// Silent connections cannot lock a real client out of the lab's TDS server: hundreds of TCP connections that
// never send a PRELOGIN, then FreeTDS tsql (an independent client) still logs in within seconds; past the
// lab's connection limit the longest-silent one is closed to admit the new one; and every silent connection
// is closed by the server once its pre-login time is up (LAB_TDS_LIMITS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSockets, startTestLab, tsql, type Lab } from '../lab-helpers';
import { LAB_TDS_LIMITS } from '../../../electron/lab/tds/server-config';

let lab: Lab;
let baseline: number;
const idle: Socket[] = [];
const closedByServer = new WeakSet<Socket>();

before(async () => {
  lab = await startTestLab('healthy');
  baseline = openSockets(lab.sqlPid!);
});
after(async () => {
  for (const socket of idle) socket.destroy();
  await lab?.stop();
});

/** Opens `count` TCP connections that send nothing; resolves once all are connected. */
async function openIdle(count: number): Promise<Socket[]> {
  const opened = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port: lab.info.port }, () => resolve(socket));
          socket.on('error', () => undefined);
          socket.once('error', reject);
          socket.resume(); // read, so the server's FIN is seen
          socket.once('close', () => closedByServer.add(socket));
        }),
    ),
  );
  idle.push(...opened);
  return opened;
}

function timedTsql(): { ms: number; out: string } {
  const t0 = performance.now();
  const run = tsql(lab, 'SELECT SUSER_SNAME()');
  return { ms: performance.now() - t0, out: run.out };
}

test('260 silent connections (more than the 256 that used to lock the server up): tsql still logs in at once', async () => {
  await openIdle(260);
  const run = timedTsql();
  assert.match(run.out, /^alice@contoso\.test$/m, run.out);
  assert.ok(run.ms < 5000, `tsql took ${Math.round(run.ms)} ms`);
});

test("past the lab's connection limit, the longest-silent connection makes room for a new client", async () => {
  const first = idle.length;
  await openIdle(LAB_TDS_LIMITS.maxConnections + 20 - first);
  const run = timedTsql();
  assert.match(run.out, /^alice@contoso\.test$/m, run.out);
  assert.ok(run.ms < 5000, `tsql took ${Math.round(run.ms)} ms`);
  assert.match(lab.log(), /connections open \(the lab's limit\); the connection from 127\.0\.0\.1 that waited longest/);
  await sleep(200);
  assert.ok(
    idle.slice(0, 20).every((socket) => closedByServer.has(socket)),
    'the oldest silent connections were the ones closed',
  );
});

test('the server closes every silent connection once its pre-login time is up', async () => {
  const deadline = performance.now() + LAB_TDS_LIMITS.preloginTimeoutMs + 5000;
  while (openSockets(lab.sqlPid!) > baseline && performance.now() < deadline) await sleep(100);
  assert.equal(openSockets(lab.sqlPid!), baseline, 'the server holds no silent connection');
  assert.match(lab.log(), /sent no PRELOGIN within 5000 ms; closed/);
  const run = timedTsql();
  assert.match(run.out, /^alice@contoso\.test$/m, run.out);
});
