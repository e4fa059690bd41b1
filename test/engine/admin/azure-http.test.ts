// The transport of every admin check against hostile peers on loopback (a real HTTPS server with a test CA):
// an answer larger than the bound and one that never comes both end as ADMIN_HTTP_FAILED within their limits,
// HTTP is refused, and a service's error text reaches the report neutralised, the token never in a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, type createServer } from 'node:https';
import { z } from 'zod';
import { startHttpsPeer } from '../net/https-test-peer';
import { createAzureHttp } from '../../../electron/engine/admin/azure-http';

const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJoZWxwZGVzayJ9.never-in-a-message-0123456789';

async function hostile(handler: Parameters<typeof createServer>[1]): Promise<{ base: string; agent: Agent }> {
  const { base, caPem } = await startHttpsPeer('KerbProbe admin transport test CA', handler);
  return { base, agent: new Agent({ ca: caPem, keepAlive: false }) };
}

const Anything = z.unknown();

test('an answer over the size bound is cut off: ADMIN_HTTP_FAILED, not a read without end', async () => {
  const { base, agent } = await hostile((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (res.write(chunk));
      res.once('drain', pump);
    };
    pump();
  });
  const http = createAzureHttp({ agent, maxBytes: 1_000_000 });
  await assert.rejects(http({ method: 'GET', url: `${base}/big`, token: TOKEN }, Anything), (err: Error) => {
    assert.equal((err as { code?: string }).code, 'ADMIN_HTTP_FAILED');
    assert.match(err.message, /larger than 1000000 bytes/);
    assert.ok(!err.message.includes(TOKEN));
    return true;
  });
});

test('a peer that never answers ends at the time bound', async () => {
  const { base, agent } = await hostile(() => undefined);
  const http = createAzureHttp({ agent, timeoutMs: 300 });
  const t0 = performance.now();
  await assert.rejects(http({ method: 'GET', url: `${base}/silent`, token: TOKEN }, Anything), {
    code: 'ADMIN_HTTP_FAILED',
  });
  assert.ok(performance.now() - t0 < 5000);
});

test('plain HTTP is refused before a token is sent', async () => {
  await assert.rejects(createAzureHttp()({ method: 'GET', url: 'http://127.0.0.1:9/x', token: TOKEN }, Anything), {
    code: 'USAGE',
  });
});

test("a service's error text is kept as its words, control characters neutralised", async () => {
  const { base, agent } = await hostile((_req, res) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ error: { code: 'Authorization_RequestDenied\u001b[31m', message: 'no\u0007 access\r\nFAKE' } }),
    );
  });
  const answer = await createAzureHttp({ agent })({ method: 'GET', url: `${base}/x`, token: TOKEN }, Anything);
  assert.equal(answer.ok, false);
  if (answer.ok) return;
  assert.equal(answer.error.status, 403);
  assert.doesNotMatch(`${answer.error.code} ${answer.error.message}`, /[\u0000-\u001f]/);
});
