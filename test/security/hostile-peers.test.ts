// Hostile KDCs, KDC proxies and TDS servers, all in one process: every probe ends classified inside its
// budget, nothing escapes as an unhandled rejection or uncaught exception, and once the peers are gone the
// process holds exactly as many file descriptors (/proc/self/fd) as before the first case.
// The peers are the module suites' own: the fake KDC and KDC proxy (test/engine/net/fake-kdc*.ts), the TDS
// peer and the real Kerberos token (test/engine/sql/hostile-peer.ts, lab-kerberos.ts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeKdc } from '../../electron/engine/net/kdc';
import { encodeProxyMessage, probeKkdcp } from '../../electron/engine/net/kkdcp';
import { sqlLogin } from '../../electron/engine/sql/sql-login';
import { createCa, issueServerCert } from '../../electron/lab/pki';
import { krbError } from '../engine/krb-wire/token-fixtures';
import { frame, startFakeKdc } from '../engine/net/fake-kdc';
import { startFakeKdcProxy } from '../engine/net/fake-kdc-proxy';
import {
  answerPreloginThenReadLogin,
  PACKET,
  packet,
  preloginResponse,
  startHostilePeer,
  tokens,
  type PeerConn,
} from '../engine/sql/hostile-peer';
import { startLabKerberos, type LabKerberos } from '../engine/sql/lab-kerberos';
import { recordReliability } from './reliability-results';

const KDC_BUDGET = 400;
const KKDCP_BUDGET = 500;
const SQL_BUDGET = 1500;
/** Event-loop and process start-up slack on a shared 2-core machine. */
const SLACK = 600;
const FD_SETTLE_MS = 3000;

const openFds = (): number => readdirSync('/proc/self/fd').length;
const unexpected: unknown[] = [];
const onUnexpected = (e: unknown) => {
  unexpected.push(e);
};

let kerberos: LabKerberos;
let tmp: string;
let caFile: string;
let goodCert: { key: string; cert: string };
let otherCaCert: { key: string; cert: string };

before(async () => {
  process.on('unhandledRejection', onUnexpected);
  process.on('uncaughtException', onUnexpected);
  kerberos = await startLabKerberos('healthy');
  tmp = mkdtempSync(join(tmpdir(), 'kerbprobe-hostile-all-'));
  const ca = await createCa('Hostile Suite CA');
  const other = await createCa('Untrusted CA');
  caFile = join(tmp, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  const leaf = await issueServerCert(ca, {
    commonName: kerberos.lab.server,
    dnsNames: [kerberos.lab.server, 'localhost'],
  });
  goodCert = { key: leaf.keyPem, cert: leaf.certPem };
  const otherLeaf = await issueServerCert(other, { commonName: kerberos.lab.server });
  otherCaCert = { key: otherLeaf.keyPem, cert: otherLeaf.certPem };
});

after(async () => {
  await kerberos?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  process.off('unhandledRejection', onUnexpected);
  process.off('uncaughtException', onUnexpected);
});

interface Case {
  peer: 'kdc' | 'kkdcp' | 'tds';
  name: string;
  expected: string;
  got: string;
  ms: number;
  budgetMs: number;
}

// ---- the peers ------------------------------------------------------------------------------------------
async function withKdc<T>(behave: (c: Socket) => void, fn: (port: number) => Promise<T>): Promise<T> {
  const kdc = await startFakeKdc((c) => behave(c));
  try {
    return await fn(kdc.port);
  } finally {
    await kdc.close();
  }
}

async function withProxy<T>(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const proxy = await startFakeKdcProxy(goodCert, (req, res) => handle(req, res));
  try {
    return await fn(proxy.url);
  } finally {
    await proxy.close();
  }
}

async function withTds<T>(
  script: (c: PeerConn) => Promise<void> | void,
  tls: { key: string; cert: string } | undefined,
  fn: (port: number) => Promise<T>,
): Promise<T> {
  const p = await startHostilePeer({ script, ...(tls ? { tls } : {}) });
  try {
    return await fn(p.port);
  } finally {
    await p.close();
  }
}

const neverAnswer = () => new Promise<void>(() => {});

// ---- the cases --------------------------------------------------------------------------------------------
const kdcCases: [string, (c: Socket) => void, string][] = [
  ['garbage', (c) => c.end(frame(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'))), 'protocol'],
  ['truncated', (c) => c.end(Buffer.concat([Buffer.from([0, 0, 0, 200]), krbError(6).subarray(0, 20)])), 'protocol'],
  ['huge length', (c) => c.write(Buffer.from([0x00, 0xff, 0xff, 0xff, 1, 2, 3])), 'protocol'],
  ['silent', () => undefined, 'timeout'],
  ['closing', (c) => c.destroy(), 'closed'],
];
const proxyCases: [string, (req: IncomingMessage, res: ServerResponse) => void, string][] = [
  [
    'HTML page',
    (_q, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in to the Wi-Fi</body></html>'),
    'protocol',
  ],
  ['garbage', (_q, res) => res.writeHead(200).end(Buffer.from([0x30, 0x03, 0xa0, 0x01])), 'protocol'],
  [
    'bad framing',
    (_q, res) =>
      res.writeHead(200).end(encodeProxyMessage(krbError(6), 'KERBEROS.MICROSOFTONLINE.COM').fill(0xff, 8, 10)),
    'protocol',
  ],
  ['HTTP 502', (_q, res) => res.writeHead(502).end('bad gateway'), 'http'],
  [
    'huge',
    (_q, res) => {
      res.writeHead(200);
      res.end(Buffer.alloc(300_000, 0x30));
    },
    'protocol',
  ],
  ['hangs', () => undefined, 'timeout'],
];
/** The certificate a TLS peer presents: from the trusted CA, from another CA, or none (TDS 7.4 in clear). */
type TdsCase = [
  string,
  (c: PeerConn) => Promise<void> | void,
  'strict' | 'mandatory',
  string,
  'good' | 'other' | undefined,
];
const tdsCases: TdsCase[] = [
  ['accepts, never answers', neverAnswer, 'mandatory', 'SQL_UNREACHABLE', undefined],
  [
    'closes at once',
    (c) => {
      c.socket.destroy();
    },
    'mandatory',
    'SQL_UNREACHABLE',
    undefined,
  ],
  [
    'garbage PRELOGIN',
    async (c) => {
      await c.readMessage();
      c.write(packet(PACKET.REPLY, Buffer.from([0x01, 0xff, 0xff, 0x7f, 0x7f, 0x33, 0x00])));
    },
    'mandatory',
    'PROTOCOL_ERROR',
    undefined,
  ],
  [
    'HTTP instead of TDS',
    async (c) => {
      await c.readMessage();
      c.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    },
    'mandatory',
    'PROTOCOL_ERROR',
    undefined,
  ],
  [
    'truncated packet',
    async (c) => {
      await c.readMessage();
      c.write(packet(PACKET.REPLY, preloginResponse(1), { length: 200 }));
    },
    'mandatory',
    'PROTOCOL_ERROR',
    undefined,
  ],
  [
    'endless packets without EOM',
    async (c) => {
      await c.readMessage();
      const chunk = packet(PACKET.REPLY, Buffer.alloc(4088, 0x41), { eom: false });
      const pump = () => {
        while (!c.socket.destroyed && c.socket.write(chunk));
      };
      c.socket.on('drain', pump);
      pump();
    },
    'mandatory',
    'PROTOCOL_ERROR',
    undefined,
  ],
  [
    'untrusted certificate',
    async (c) => {
      await answerPreloginThenReadLogin(c);
    },
    'strict',
    'TLS_UNTRUSTED',
    'other',
  ],
  [
    '0xED runs past the message',
    async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(packet(PACKET.REPLY, tokens.sspi(Buffer.alloc(10, 1), 400)));
      await c.readMessage();
    },
    'strict',
    'PROTOCOL_ERROR',
    'good',
  ],
  [
    'garbage 0xED then LOGINACK',
    async (c) => {
      await answerPreloginThenReadLogin(c);
      c.write(
        packet(
          PACKET.REPLY,
          Buffer.concat([tokens.sspi(Buffer.from([0x60, 1, 2, 3, 4, 5])), tokens.loginAck(), tokens.done()]),
        ),
      );
      await c.readMessage();
    },
    'strict',
    'MUTUAL_AUTH_FAILED',
    'good',
  ],
  [
    'never answers LOGIN7',
    async (c) => {
      await answerPreloginThenReadLogin(c);
      await neverAnswer();
    },
    'strict',
    'PROTOCOL_ERROR',
    'good',
  ],
  [
    'closes mid-login',
    async (c) => {
      await answerPreloginThenReadLogin(c);
      c.socket.destroy();
    },
    'strict',
    'PROTOCOL_ERROR',
    'good',
  ],
];

test('hostile KDCs, KDC proxies, TDS servers: classified in budget, nothing unhandled, no fd left', async () => {
  const fdBefore = openFds();
  const results: Case[] = [];
  const timed = async (
    peer: Case['peer'],
    name: string,
    expected: string,
    budgetMs: number,
    run: () => Promise<string>,
  ) => {
    const t0 = performance.now();
    const got = await run();
    results.push({ peer, name, expected, got, ms: Math.round(performance.now() - t0), budgetMs });
  };

  for (const [name, behave, failure] of kdcCases) {
    await timed('kdc', name, failure, KDC_BUDGET, () =>
      withKdc(behave, async (port) => {
        const r = await probeKdc({
          realm: 'CONTOSO.TEST',
          host: '127.0.0.1',
          port,
          transport: 'tcp',
          budgetMs: KDC_BUDGET,
        });
        return r.ok ? 'ok' : (r.failure ?? 'unclassified');
      }),
    );
  }
  for (const [name, handle, failure] of proxyCases) {
    await timed('kkdcp', name, failure, KKDCP_BUDGET, () =>
      withProxy(handle, async (url) => {
        const r = await probeKkdcp({
          realm: 'KERBEROS.MICROSOFTONLINE.COM',
          url,
          anchors: [caFile],
          budgetMs: KKDCP_BUDGET,
        });
        return r.ok ? 'ok' : (r.failure ?? 'unclassified');
      }),
    );
  }
  for (const [name, script, encrypt, code, cert] of tdsCases) {
    const tls = cert === 'good' ? goodCert : cert === 'other' ? otherCaCert : undefined;
    await timed('tds', name, code, SQL_BUDGET, () =>
      withTds(script, tls, async (port) => {
        const r = await sqlLogin({
          server: kerberos.lab.server,
          port,
          address: '127.0.0.1',
          encrypt,
          caPem: readFileSync(caFile, 'utf8'),
          budgetMs: SQL_BUDGET,
          contextFactory: kerberos.factory(true),
        });
        return r.ok ? 'ok' : r.code;
      }),
    );
  }

  // Sockets, TLS sessions and timers close on the next turns of the event loop: wait for them, bounded.
  const settleStart = performance.now();
  let fdAfter = openFds();
  while (fdAfter > fdBefore && performance.now() - settleStart < FD_SETTLE_MS) {
    await new Promise((r) => setTimeout(r, 50));
    fdAfter = openFds();
  }
  const settleMs = Math.round(performance.now() - settleStart);

  recordReliability('hostilePeers', {
    cases: results.length,
    fdBefore,
    fdAfter,
    settleMs,
    unhandled: unexpected.length,
    maxOverBudgetMs: Math.max(...results.map((r) => r.ms - r.budgetMs)),
    results,
  });

  for (const outcome of results) {
    assert.equal(outcome.got, outcome.expected, `${outcome.peer} ${outcome.name}`);
    assert.ok(
      outcome.ms < outcome.budgetMs + SLACK,
      `${outcome.peer} ${outcome.name}: ${outcome.ms} ms, budget ${outcome.budgetMs} ms`,
    );
  }
  assert.deepEqual(unexpected, [], 'no unhandled rejection or uncaught exception');
  assert.equal(fdAfter, fdBefore, `open file descriptors: ${fdBefore} before, ${fdAfter} after ${settleMs} ms`);
});
