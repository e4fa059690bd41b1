// The server under hostile and foreign clients: malformed bytes never crash it or leak a connection,
// and a good login still works afterwards. Also tedious (an independent TDS 8.0 client) in strict mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { Connection } from 'tedious';
import { openSockets, startTestLab, tsql, type Lab } from '../lab-helpers';
import { TdsProbeClient, errorsOf, kerberosInitiator } from './helpers/tds-probe-client';
import { PACKET_TYPE, writeMessage } from '../../../electron/engine/sql/tds-protocol/packet';
import { ENCRYPT, writePrelogin } from '../../../electron/engine/sql/tds-protocol/prelogin';
import { writeLogin7 } from '../../../electron/engine/sql/tds-protocol/login7';
import { MSG_18452 } from '../../../electron/lab/tds/login-response';

let lab: Lab;
let baseline: number;

before(async () => {
  lab = await startTestLab('healthy');
  process.env.KRB5_CONFIG = lab.info.env.KRB5_CONFIG;
  process.env.KRB5CCNAME = lab.info.env.KRB5CCNAME;
  baseline = openSockets(lab.sqlPid!);
});
after(async () => {
  await lab?.stop();
});

function alive(): boolean {
  try {
    process.kill(lab.sqlPid!, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends bytes on a fresh TCP connection; resolves with whether the server closed it within waitMs. */
function sendRaw(
  chunks: Buffer[],
  opts: { end?: boolean; waitMs?: number } = {},
): Promise<{ closedByServer: boolean; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: lab.info.port });
    socket.on('error', () => undefined);
    socket.resume(); // consume whatever the server answers so its FIN is seen
    let closedByServer = false;
    socket.once('close', () => {
      closedByServer = true;
    });
    const sendThenWait = async (): Promise<void> => {
      for (const c of chunks) {
        if (!socket.destroyed) socket.write(c);
        await sleep(5);
      }
      if (opts.end) socket.end();
      const deadline = Date.now() + (opts.waitMs ?? 1500);
      while (!closedByServer && Date.now() < deadline) await sleep(10);
      socket.destroy();
      resolve({ closedByServer, socket: socket });
    };
    socket.once('connect', () => void sendThenWait());
    socket.once('error', reject);
  });
}

async function socketsBackToBaseline(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const n = openSockets(lab.sqlPid!);
    if (n <= baseline) return n;
    await sleep(20);
  }
  return openSockets(lab.sqlPid!);
}

const prelogin = writeMessage(
  PACKET_TYPE.PRELOGIN,
  writePrelogin({ version: { major: 0, minor: 0, build: 0, subbuild: 0 }, encryption: ENCRYPT.ON }),
);

test('out-of-order, oversized and garbage packets are closed by the server, which keeps running', async () => {
  const oversized = Buffer.from([0x12, 0x01, 0x9c, 0x40, 0, 0, 1, 0]); // 40000-byte packet
  const shortHeader = Buffer.from([0x12, 0x01, 0x00, 0x04, 0, 0, 1, 0]);
  const cases: [string, Buffer[]][] = [
    ['LOGIN7 before PRELOGIN', [writeMessage(PACKET_TYPE.LOGIN7, writeLogin7({ sspi: Buffer.alloc(40, 1) }))]],
    ['SQL batch before login', [writeMessage(PACKET_TYPE.SQL_BATCH, Buffer.from('SELECT 1', 'utf16le'))]],
    ['oversized packet', [oversized]],
    ['length shorter than a header', [shortHeader]],
    ['unknown packet type', [Buffer.from([0x5a, 0x01, 0x00, 0x08, 0, 0, 1, 0])]],
    [
      'a complete PRELOGIN packet of random bytes',
      [Buffer.concat([Buffer.from([0x12, 0x01, 0x01, 0x34, 0, 0, 1, 0]), randomBytes(300)])],
    ],
    [
      'PRELOGIN then a LOGIN7 in clear text instead of TLS',
      [prelogin, writeMessage(PACKET_TYPE.LOGIN7, writeLogin7({}))],
    ],
    ['TLS ClientHello of nonsense', [Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40]), randomBytes(64)])]],
  ];
  for (const [name, chunks] of cases) {
    const reply = await sendRaw(chunks);
    assert.equal(reply.closedByServer, true, `${name}: the server closes the connection`);
    assert.ok(alive(), `${name}: the server survives`);
  }
  assert.equal(await socketsBackToBaseline(), baseline, 'no connection is left open');
  assert.match(lab.log(), /Error: 17828, Severity: 20, State: 3\./);
});

test('a truncated packet, split delivery and a client that goes away leave nothing behind', async () => {
  const half = prelogin.subarray(0, 10);
  const reply = await sendRaw([half], { end: true, waitMs: 1000 });
  assert.equal(reply.closedByServer, true);
  // Byte-at-a-time PRELOGIN still gets its answer.
  const answered = await new Promise<boolean>((resolve) => {
    const writeByteByByte = async (): Promise<void> => {
      for (const b of prelogin) {
        s.write(Buffer.from([b]));
        await sleep(1);
      }
    };
    const s = connect({ host: '127.0.0.1', port: lab.info.port }, () => void writeByteByByte());
    s.once('data', (d: Buffer) => {
      resolve(d[0] === PACKET_TYPE.TABULAR_RESULT);
      s.destroy();
    });
    s.once('error', () => resolve(false));
  });
  assert.equal(answered, true);
  // Ten clients that connect and vanish mid-handshake.
  await Promise.all(
    Array.from({ length: 10 }, () => sendRaw([prelogin, Buffer.from([0x12, 0x01, 0x00, 0x40])], { waitMs: 50 })),
  );
  assert.equal(await socketsBackToBaseline(), baseline);
});

test('LOGIN7 with garbage SSPI (short, random, a 70 000-byte cbSSPILong token) gets 18452, no crash', async () => {
  for (const garbage of [
    Buffer.from([0x60]),
    randomBytes(500),
    Buffer.concat([Buffer.from('6082', 'hex'), randomBytes(70_000)]),
  ]) {
    const client = await TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem });
    await client.prelogin();
    const tokens = await client.login7(garbage, lab.info.server);
    assert.deepEqual(errorsOf(tokens), [{ number: 18452, class: 14, state: 1, message: MSG_18452 }]);
    const done = tokens!.at(-1);
    assert.ok(done?.kind === 'done' && (done.value.status & 0x02) === 0x02);
    assert.equal(await client.closed(), true, 'the server closes after a failed login');
  }
  const log = lab.log();
  assert.match(log, /SSPI handshake failed with error code 0x80090308, state 14/);
  assert.ok(alive());
  assert.equal(await socketsBackToBaseline(), baseline);
});

test('the server log never holds token bytes', async () => {
  const c = await TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem });
  await c.prelogin();
  const gss = await kerberosInitiator(lab.info.server, lab.info.port);
  await c.login7(gss.token, lab.info.server);
  c.close();
  const log = lab.log();
  for (const enc of ['hex', 'base64'] as const) {
    const probe = gss.token.subarray(20, 44).toString(enc);
    assert.ok(!log.includes(probe), `token bytes (${enc}) found in the log`);
  }
});

test('a malformed LOGIN7 ends its own connection only: a session mid-way and the next logins carry on', async () => {
  const target = { port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem };
  const first = await TdsProbeClient.connectStrict(target);
  await first.prelogin();
  assert.deepEqual(
    errorsOf(await first.login7((await kerberosInitiator(lab.info.server, lab.info.port)).token, lab.info.server)),
    [],
  );
  const hostile: [string, (bytes: Buffer) => void][] = [
    ['a name pointing into the fixed part', (b) => b.writeUInt16LE(10, 36)],
    ['a length field past the data', (b) => b.writeUInt32LE(b.length + 100, 0)],
    [
      'a TDS 7.1 version on a 94-byte record whose SSPI runs past the end',
      (b) => {
        b.writeUInt32LE(0x71000001, 4);
        b.writeUInt16LE(0xffff, 80);
      },
    ],
  ];
  for (const [name, mutate] of hostile) {
    const second = await TdsProbeClient.connectStrict(target);
    await second.prelogin();
    const bytes = writeLogin7({ sspi: Buffer.alloc(40, 1), serverName: lab.info.server });
    mutate(bytes);
    assert.equal(await second.login7Raw(bytes), null, `${name}: the server closes that connection`);
    assert.ok(alive(), `${name}: the server process survives`);
  }
  assert.match(lab.log(), /The login packet used to open the connection is structurally invalid/);
  assert.match(lab.log(), /TDS_LOGIN7_INVALID/);
  const rows = await first.batch('SELECT SUSER_SNAME()');
  assert.ok(
    rows.some((t) => t.kind === 'row'),
    'the session that was mid-way still answers',
  );
  first.close();
  const third = await TdsProbeClient.connectStrict(target);
  await third.prelogin();
  assert.deepEqual(
    errorsOf(await third.login7((await kerberosInitiator(lab.info.server, lab.info.port)).token, lab.info.server)),
    [],
  );
  third.close();
  assert.equal(await socketsBackToBaseline(), baseline);
});

test('FreeTDS as a TDS 7.1 client (86-byte LOGIN7, empty fields at offset 0) logs in with Kerberos', async () => {
  const before = lab.log().length;
  const r = tsql(lab, 'SELECT SUSER_SNAME()', { tdsVersion: '7.1' });
  assert.match(r.out, /^alice@contoso\.test$/m, r.out);
  assert.ok(alive());
  const log = lab.log().slice(before);
  assert.match(log, /Login succeeded for user 'alice@contoso\.test'/);
  assert.doesNotMatch(log, /TDS_LOGIN7_INVALID/);
});

test('after all that, a good login still works (tsql and strict)', async () => {
  const r = tsql(lab, 'SELECT SUSER_SNAME()');
  assert.match(r.out, /^alice@contoso\.test$/m, r.out);
  const c = await TdsProbeClient.connectStrict({ port: lab.info.port, fqdn: lab.info.server, caPem: lab.caPem });
  await c.prelogin();
  const tokens = await c.login7((await kerberosInitiator(lab.info.server, lab.info.port)).token, lab.info.server);
  assert.deepEqual(errorsOf(tokens), []);
  c.close();
  assert.equal(await socketsBackToBaseline(), baseline);
});

test("tedious in strict mode (TDS 8.0): TLS first, PRELOGIN, and SQL Server's answer to SQL auth", async () => {
  const err = await new Promise<Error & { code?: string }>((resolve) => {
    const conn = new Connection({
      server: '127.0.0.1',
      authentication: { type: 'default', options: { userName: 'sa', password: 'not-a-lab-secret' } },
      options: {
        port: lab.info.port,
        encrypt: 'strict',
        serverName: lab.info.server,
        cryptoCredentialsDetails: { ca: lab.caPem },
        connectTimeout: 5000,
      },
    });
    conn.connect((e) => {
      conn.close();
      resolve(e ?? new Error('unexpected success'));
    });
  });
  assert.equal(err.code, 'ELOGIN', err.message);
  assert.equal(err.message, "Login failed for user 'sa'.");
  assert.match(lab.log(), /Login failed for user 'sa'\. Reason: Could not find a login matching the name provided\./);
  assert.ok(!lab.log().includes('not-a-lab-secret'));
});
