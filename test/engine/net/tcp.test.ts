import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { probeTcp } from '../../../electron/engine/net/tcp';

function listen(s: Server): Promise<number> {
  return new Promise((res) => s.listen(0, '127.0.0.1', () => res((s.address() as { port: number }).port)));
}

test('a listening port passes; a closed one is classified as refused', async () => {
  const s = createServer((c) => c.destroy());
  const port = await listen(s);
  try {
    const ok = await probeTcp('127.0.0.1', port, { budgetMs: 1000 });
    assert.equal(ok.ok, true);
  } finally {
    await new Promise((r) => s.close(r));
  }
  const refused = await probeTcp('127.0.0.1', port, { budgetMs: 1000 });
  assert.equal(refused.ok, false);
  assert.equal(refused.failure, 'refused');
  assert.equal(refused.errno, 'ECONNREFUSED');
});

test('the caller’s signal ends the probe as a timeout within its budget', async () => {
  const s = createServer();
  const port = await listen(s);
  try {
    const ctl = new AbortController();
    ctl.abort();
    const r = await probeTcp('127.0.0.1', port, { budgetMs: 1000, signal: ctl.signal });
    assert.equal(r.ok, false);
    assert.equal(r.failure, 'timeout');
    const z = await probeTcp('127.0.0.1', port, { budgetMs: 0 });
    assert.ok(z.ms < 200);
  } finally {
    await new Promise((r) => s.close(r));
  }
});
