// The one bounded HTTPS exchange (the KDC proxy probe's and the admin checks'), against hostile peers on loopback
// (a real HTTPS server with a test CA): a body past its bound ends with the caller's own error while the peer is
// still sending, a peer that stops answering ends at the time bound (before the answer or halfway through it),
// and without a time bound the caller's signal ends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { createServer } from 'node:https';
import { startHttpsPeer } from './https-test-peer';
import { boundedHttps, NO_ANSWER_IN_TIME } from '../../../electron/engine/net/bounded-https';

async function peer(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; ca: string }> {
  const { base, caPem } = await startHttpsPeer('KerbProbe bounded HTTPS test CA', handler);
  return { url: `${base}/x`, ca: caPem };
}

class TooLarge extends Error {}
const bounds = (maxBytes: number, timeoutMs?: number) => ({
  maxBytes,
  tooLarge: () => new TooLarge(`past ${maxBytes} bytes`),
  ...(timeoutMs === undefined ? {} : { timeoutMs }),
});

test('an answer within its bound: its status, headers and body, the bound itself included', async () => {
  const { url, ca } = await peer((req, res) => {
    const got: Buffer[] = [];
    req.on('data', (chunk: Buffer) => got.push(chunk));
    req.on('end', () => {
      res.writeHead(201, { 'content-type': 'application/kerberos', date: 'Sun, 06 Nov 1994 08:49:37 GMT' });
      res.end(Buffer.concat([Buffer.from('echo:'), Buffer.concat(got)]));
    });
  });
  const answer = await boundedHttps(url, { method: 'POST', ca, agent: false }, 'hello', bounds(10, 5000));
  assert.equal(answer.status, 201);
  assert.equal(answer.headers['content-type'], 'application/kerberos');
  assert.equal(answer.headers.date, 'Sun, 06 Nov 1994 08:49:37 GMT');
  assert.equal(answer.body.toString(), 'echo:hello');
});

test("a body past its bound ends with the caller's error while the peer is still sending", async () => {
  const { url, ca } = await peer((_req, res) => {
    res.writeHead(200);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    pump();
  });
  const t0 = performance.now();
  await assert.rejects(
    boundedHttps(url, { method: 'GET', ca, agent: false }, undefined, bounds(100_000)),
    (err: Error) => err instanceof TooLarge && err.message === 'past 100000 bytes',
  );
  assert.ok(performance.now() - t0 < 5000);
});

test('a peer that stops answering ends at the time bound, before its answer or halfway through it', async () => {
  const silent = await peer(() => undefined);
  const halfway = await peer((_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('only part of it');
  });
  for (const { url, ca } of [silent, halfway]) {
    const t0 = performance.now();
    await assert.rejects(boundedHttps(url, { method: 'GET', ca, agent: false }, undefined, bounds(1000, 300)), {
      message: NO_ANSWER_IN_TIME,
    });
    const took = performance.now() - t0;
    assert.ok(took >= 250 && took < 3000, `${took} ms`);
  }
});

test("without a time bound of its own, the caller's signal ends the exchange", async () => {
  const { url, ca } = await peer(() => undefined);
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  await assert.rejects(
    boundedHttps(url, { method: 'GET', ca, agent: false, signal: controller.signal }, undefined, bounds(1000)),
    { name: 'AbortError' },
  );
});
