// Every way a TDS peer can misbehave ends in a classified result inside the budget: no crash, no
// unhandled rejection, no socket left open, and never a Kerberos token sent over an unverified channel.
// The token is real (the lab's KDCs and the native GSSAPI binding); only the TDS peer is hostile.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createCa, issueServerCert } from '../../../electron/lab/pki';
import { freePort } from '../../../electron/lab/ports';
import { sqlLogin, type SqlLoginResult } from '../../../electron/engine/sql/sql-login';
import { MAX_BYTES_PER_CONNECTION } from '../../../electron/engine/sql/tedious-kerberos';
import {
  answerPreloginThenReadLogin,
  PACKET,
  packet,
  preloginResponse,
  startHostilePeer,
  tokens,
  type HostilePeer,
  type PeerConn,
} from './hostile-peer';
import { startLabKerberos, type LabKerberos } from './lab-kerberos';

const BUDGET = 1500;
const SLACK = 600;

let kerberos: LabKerberos;
let caPem: string;
let goodCert: { key: string; cert: string };
let otherCaCert: { key: string; cert: string };
let wrongNameCert: { key: string; cert: string };
const peers: HostilePeer[] = [];
const unexpected: unknown[] = [];
const onUnexpected = (e: unknown) => unexpected.push(e);

before(async () => {
  process.on('unhandledRejection', onUnexpected);
  process.on('uncaughtException', onUnexpected);
  kerberos = await startLabKerberos('healthy');
  const ca = await createCa('Hostile Test CA');
  const other = await createCa('Some Other CA');
  caPem = ca.certPem;
  const leaf = await issueServerCert(ca, { commonName: kerberos.lab.server });
  goodCert = { key: leaf.keyPem, cert: leaf.certPem };
  const o = await issueServerCert(other, { commonName: kerberos.lab.server });
  otherCaCert = { key: o.keyPem, cert: o.certPem };
  const w = await issueServerCert(ca, { commonName: 'someone-else.database.windows.net' });
  wrongNameCert = { key: w.keyPem, cert: w.certPem };
});

after(async () => {
  await Promise.all(peers.map((p) => p.close()));
  await kerberos?.stop();
  process.off('unhandledRejection', onUnexpected);
  process.off('uncaughtException', onUnexpected);
});

afterEach(async () => {
  // Let late events (socket close, timers) fire: anything unhandled shows up here.
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(unexpected, [], 'no unhandled rejection or uncaught exception');
});

async function peer(
  script: (c: PeerConn) => Promise<void> | void,
  tls?: { key: string; cert: string },
): Promise<HostilePeer> {
  const p = await startHostilePeer({ script, ...(tls ? { tls } : {}) });
  peers.push(p);
  return p;
}

async function login(
  port: number,
  encrypt: 'strict' | 'mandatory',
  extra: { budgetMs?: number } = {},
): Promise<{ result: SqlLoginResult; ms: number }> {
  const startedAt = performance.now();
  const result = await sqlLogin({
    server: kerberos.lab.server,
    port,
    address: '127.0.0.1',
    encrypt,
    caPem,
    budgetMs: extra.budgetMs ?? BUDGET,
    contextFactory: kerberos.factory(true),
  });
  return { result, ms: performance.now() - startedAt };
}

function expectFailure(x: { result: SqlLoginResult; ms: number }, code: string, budget = BUDGET): void {
  assert.equal(x.result.ok, false, `expected ${code}, got a pass`);
  if (!x.result.ok) assert.equal(x.result.code, code, `evidence: ${x.result.evidence.join(' | ')}`);
  assert.ok(x.ms < budget + SLACK, `took ${Math.round(x.ms)} ms, budget ${budget}`);
}

const neverAnswer = () => new Promise<void>(() => {});
const login7Count = (p: HostilePeer) => p.received.filter((m) => m.type === PACKET.LOGIN7).length;

describe('before TLS (TDS 7.4, PRELOGIN in clear)', () => {
  test('a closed port → SQL_UNREACHABLE at once', async () => {
    const port = await freePort(); // bound and closed again: nothing listens there
    const x = await login(port, 'mandatory');
    expectFailure(x, 'SQL_UNREACHABLE');
    assert.ok(x.ms < 500);
  });

  test('accepts TCP, never answers → SQL_UNREACHABLE within the budget', async () => {
    const p = await peer(neverAnswer);
    expectFailure(await login(p.port, 'mandatory'), 'SQL_UNREACHABLE');
  });

  test('accepts TCP, closes at once → SQL_UNREACHABLE', async () => {
    const p = await peer((c) => {
      c.socket.destroy();
    });
    expectFailure(await login(p.port, 'mandatory'), 'SQL_UNREACHABLE');
  });

  test('garbage PRELOGIN payload → PROTOCOL_ERROR', async () => {
    const p = await peer(async (c) => {
      await c.readMessage();
      c.write(packet(PACKET.REPLY, Buffer.from([0x01, 0xff, 0xff, 0x7f, 0x7f, 0x33, 0x00])));
    });
    expectFailure(await login(p.port, 'mandatory'), 'PROTOCOL_ERROR');
  });

  test('random bytes instead of packets → PROTOCOL_ERROR', async () => {
    const p = await peer(async (c) => {
      await c.readMessage();
      c.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    });
    expectFailure(await login(p.port, 'mandatory'), 'PROTOCOL_ERROR');
  });

  test('packet header with a length below 8 → PROTOCOL_ERROR', async () => {
    const p = await peer(async (c) => {
      await c.readMessage();
      c.write(packet(PACKET.REPLY, Buffer.alloc(4), { length: 3 }));
    });
    expectFailure(await login(p.port, 'mandatory'), 'PROTOCOL_ERROR');
  });

  test('truncated packet (header promises more than arrives) → PROTOCOL_ERROR within the budget', async () => {
    const p = await peer(async (c) => {
      await c.readMessage();
      c.write(packet(PACKET.REPLY, preloginResponse(1), { length: 200 }));
    });
    expectFailure(await login(p.port, 'mandatory'), 'PROTOCOL_ERROR');
  });

  test('an endless stream of packets without end-of-message → PROTOCOL_ERROR, bounded', async () => {
    const p = await peer(async (c) => {
      await c.readMessage();
      const chunk = packet(PACKET.REPLY, Buffer.alloc(4088, 0x41), { eom: false });
      const pump = () => {
        while (!c.socket.destroyed && c.socket.write(chunk));
      };
      c.socket.on('drain', pump);
      pump();
    });
    const x = await login(p.port, 'mandatory');
    expectFailure(x, 'PROTOCOL_ERROR');
    if (!x.result.ok)
      assert.match(x.result.evidence.join(' '), new RegExp(`${MAX_BYTES_PER_CONNECTION}|stopped answering`));
  });

  test('server refuses encryption → PROTOCOL_ERROR, token never sent', async () => {
    const p = await peer(async (c) => {
      await c.readMessage();
      c.write(packet(PACKET.REPLY, preloginResponse(2)));
      await c.readMessage();
    });
    expectFailure(await login(p.port, 'mandatory'), 'PROTOCOL_ERROR');
    assert.equal(login7Count(p), 0);
  });
});

describe('TLS verification (TDS 8.0 strict): the token never leaves over a channel that failed it', () => {
  test('certificate from an untrusted CA → TLS_UNTRUSTED, with the certificate reported', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
    }, otherCaCert);
    const x = await login(p.port, 'strict');
    expectFailure(x, 'TLS_UNTRUSTED');
    assert.equal(login7Count(p), 0);
    assert.equal(x.result.tls?.trusted, false);
    assert.match(x.result.tls?.issuer ?? '', /Some Other CA/);
    assert.equal(x.result.tls?.nameMatches, true);
  });

  test('certificate for another name → TLS_NAME_MISMATCH (not an SPN problem)', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
    }, wrongNameCert);
    const x = await login(p.port, 'strict');
    expectFailure(x, 'TLS_NAME_MISMATCH');
    assert.equal(login7Count(p), 0);
    assert.equal(x.result.tls?.trusted, true);
    assert.equal(x.result.tls?.nameMatches, false);
    assert.match(x.result.tls?.subject ?? '', /someone-else/);
  });

  test('TDS 7.4: untrusted certificate inside PRELOGIN is refused too (no TLS exchange completes)', async () => {
    // The peer does not speak TLS-in-PRELOGIN: the client must still end classified and in budget.
    const p = await peer(async (c) => {
      await c.readMessage();
      c.write(packet(PACKET.REPLY, preloginResponse(1)));
      await c.readMessage();
      c.write(packet(PACKET.PRELOGIN, Buffer.from('not a tls record')));
    });
    const x = await login(p.port, 'mandatory');
    expectFailure(x, 'PROTOCOL_ERROR');
    assert.equal(login7Count(p), 0);
  });
});

describe('LOGIN7 and the 0xED reply (real AP-REQ, hostile answers)', () => {
  test('LOGIN7 carries the SSPI token with fIntSecurity and no user name or password', async () => {
    let login7: Buffer | undefined;
    const hostile = await peer(async (c) => {
      login7 = (await answerPreloginThenReadLogin(c)).payload;
      c.socket.destroy();
    }, goodCert);
    await login(hostile.port, 'strict');
    assert.ok(login7);
    assert.equal(login7[25]! & 0x80, 0x80, 'fIntSecurity');
    assert.equal(login7.readUInt16LE(42), 0, 'cchUserName');
    assert.equal(login7.readUInt16LE(46), 0, 'cchPassword');
    const ib = login7.readUInt16LE(78);
    const cb = login7.readUInt16LE(80);
    assert.ok(cb > 100, 'an AP-REQ is a few hundred bytes at least');
    assert.equal(login7[ib], 0x60, 'a GSS InitialContextToken');
  });

  for (let len = 0; len <= 60; len += len < 8 ? 1 : 4) {
    const expected = len === 0 ? 'PROTOCOL_ERROR' : 'MUTUAL_AUTH_FAILED';
    test(`0xED of ${len} bytes then LOGINACK → classified (${expected})`, async () => {
      const payload = Buffer.alloc(len);
      for (let i = 0; i < len; i++) payload[i] = (i * 37 + len) & 0xff;
      if (len > 1) payload[0] = 0x60; // looks like a GSS token
      const p = await peer(async (c) => {
        await answerPreloginThenReadLogin(c);
        c.write(packet(PACKET.REPLY, Buffer.concat([tokens.sspi(payload), tokens.loginAck(), tokens.done()])));
        await c.readMessage();
      }, goodCert);
      expectFailure(await login(p.port, 'strict'), expected);
    });
  }

  test('0xED whose length runs past the message → PROTOCOL_ERROR', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(packet(PACKET.REPLY, tokens.sspi(Buffer.alloc(10, 1), 400)));
      await c.readMessage();
    }, goodCert);
    expectFailure(await login(p.port, 'strict'), 'PROTOCOL_ERROR');
  });

  test('LOGINACK without any 0xED (login "succeeds" unproven) → MUTUAL_AUTH_FAILED', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(packet(PACKET.REPLY, Buffer.concat([tokens.loginAck(), tokens.done()])));
      await c.readMessage();
    }, goodCert);
    expectFailure(await login(p.port, 'strict'), 'MUTUAL_AUTH_FAILED');
  });

  test('an NTLM CHALLENGE in 0xED → NTLM_FALLBACK', async () => {
    const challenge = Buffer.concat([Buffer.from('NTLMSSP\0', 'latin1'), Buffer.from([2, 0, 0, 0]), Buffer.alloc(48)]);
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(packet(PACKET.REPLY, tokens.sspi(challenge)));
      await c.readMessage();
    }, goodCert);
    expectFailure(await login(p.port, 'strict'), 'NTLM_FALLBACK');
  });

  test('an unknown token type → PROTOCOL_ERROR', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(packet(PACKET.REPLY, Buffer.from([0x5a, 1, 2, 3])));
      await c.readMessage();
    }, goodCert);
    expectFailure(await login(p.port, 'strict'), 'PROTOCOL_ERROR');
  });

  test('closes the connection mid-login → PROTOCOL_ERROR', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.socket.destroy();
    }, goodCert);
    expectFailure(await login(p.port, 'strict'), 'PROTOCOL_ERROR');
  });

  test('never answers LOGIN7 → classified within the budget', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      await neverAnswer();
    }, goodCert);
    expectFailure(await login(p.port, 'strict'), 'PROTOCOL_ERROR');
  });

  test('18452 after a Kerberos token → SERVICE_KEY_MISMATCH', async () => {
    const hostile = await peer(async (conn) => {
      await answerPreloginThenReadLogin(conn);
      conn.write(
        packet(
          PACKET.REPLY,
          Buffer.concat([
            tokens.error(
              18452,
              'Login failed. The login is from an untrusted domain and cannot be used with Integrated authentication.',
            ),
            tokens.done(true),
          ]),
        ),
      );
      conn.socket.end();
    }, goodCert);
    expectFailure(await login(hostile.port, 'strict'), 'SERVICE_KEY_MISMATCH');
  });

  test('18456 → LOGIN_NOT_MAPPED naming the login', async () => {
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(
        packet(
          PACKET.REPLY,
          Buffer.concat([tokens.error(18456, "Login failed for user 'alice@contoso.test'."), tokens.done(true)]),
        ),
      );
      c.socket.end();
    }, goodCert);
    const x = await login(p.port, 'strict');
    expectFailure(x, 'LOGIN_NOT_MAPPED');
    if (!x.result.ok) assert.match(x.result.evidence.join(' '), /alice@contoso\.test/);
  });
});

describe('routing', () => {
  test('routed to a closed port → REDIRECT_BLOCKED with the advice', async () => {
    const closed = await freePort();
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(packet(PACKET.REPLY, Buffer.concat([tokens.routing('127.0.0.1', closed), tokens.done()])));
    }, goodCert);
    const x = await login(p.port, 'strict');
    expectFailure(x, 'REDIRECT_BLOCKED');
    assert.deepEqual(x.result.redirect, { from: `${kerberos.lab.server}:${p.port}`, to: `127.0.0.1:${closed}` });
    if (!x.result.ok) assert.match(x.result.evidence.join(' '), /11000–11999/);
  });

  test('routed to a port that accepts and never answers → REDIRECT_BLOCKED within the budget', async () => {
    const hole = await peer(neverAnswer);
    const p = await peer(async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(packet(PACKET.REPLY, Buffer.concat([tokens.routing('127.0.0.1', hole.port), tokens.done()])));
    }, goodCert);
    expectFailure(await login(p.port, 'strict'), 'REDIRECT_BLOCKED');
  });
});

test('no socket is left open', async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
  await new Promise((r) => setTimeout(r, 100));
  const open = process
    .getActiveResourcesInfo()
    .filter((resource) => resource === 'TCPSocketWrap' || resource === 'TLSWrap' || resource === 'TCPServerWrap');
  assert.deepEqual(open, []);
});
