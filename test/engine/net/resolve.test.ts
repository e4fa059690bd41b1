import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveHost } from '../../../electron/engine/net/resolve';
import { loadHostsOverride, parseHostsText } from '../../../electron/engine/net/hosts-override';
import { KerbProbeError } from '../../../electron/engine/errors';

test('the KERBPROBE_HOSTS override answers first, case-insensitively', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kp-hosts-'));
  try {
    const f = join(dir, 'hosts');
    writeFileSync(
      f,
      '# lab\n127.0.0.1 SqlMI1.zone.database.windows.net other\n::1 sqlmi1.zone.database.windows.net\nnot-an-ip foo\n',
    );
    const r = await resolveHost('sqlmi1.ZONE.database.windows.net.', { hosts: loadHostsOverride(f) });
    assert.equal(r.ok, true);
    assert.equal(r.source, 'hosts-override');
    assert.deepEqual(r.addresses, ['127.0.0.1', '::1']);
    assert.deepEqual(r.cnameChain, []);
    assert.equal(parseHostsText('not-an-ip foo').size, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreadable override is a typed error, not a silent fallback', () => {
  assert.throws(
    () => loadHostsOverride('/nonexistent/kerbprobe-hosts'),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'HOSTS_OVERRIDE_UNREADABLE',
  );
});

test('.invalid names fail at once as a DNS failure; literals need no lookup', async () => {
  const t0 = performance.now();
  const r = await resolveHost('mi.zone.database.windows.invalid', { hosts: null });
  assert.equal(r.ok, false);
  assert.equal(r.failure, 'dns');
  assert.ok(performance.now() - t0 < 50);
  const lit = await resolveHost('127.0.0.1', { hosts: null });
  assert.equal(lit.source, 'literal');
  assert.deepEqual(lit.addresses, ['127.0.0.1']);
});

test('the system resolver is used when no override names the host', async () => {
  const r = await resolveHost('localhost', { hosts: new Map(), cname: false, budgetMs: 2000 });
  assert.equal(r.ok, true);
  assert.equal(r.source, 'dns');
  assert.ok(r.addresses.some((a) => a === '127.0.0.1' || a === '::1'));
});
