import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_STATE, MAX_RECENT_SERVERS, StateStore } from '../../electron/main/state-store';

function tmp() {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-state-'));
  return { file: join(dir, 'sub', 'state.json'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('recent servers: newest first, unique per server and port, capped, persisted', (t) => {
  const { file, done } = tmp();
  t.after(done);
  const s = new StateStore(file);
  assert.deepEqual(s.recentServers(), []);
  for (let i = 0; i < MAX_RECENT_SERVERS + 3; i++)
    s.rememberServer({ server: `mi${i}.x.database.windows.net`, port: 1433 });
  s.rememberServer({ server: 'MI5.x.database.windows.net', port: 1433, database: 'sales' });
  const again = new StateStore(file).recentServers();
  assert.equal(again.length, MAX_RECENT_SERVERS);
  assert.deepEqual(again[0], { server: 'MI5.x.database.windows.net', port: 1433, database: 'sales' });
  assert.equal(again.filter((r) => r.server.toLowerCase().startsWith('mi5.')).length, 1);
  if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o077, 0, 'state file is private to the user');
});

test('window bounds persist; impossible bounds are ignored', (t) => {
  const { file, done } = tmp();
  t.after(done);
  const s = new StateStore(file);
  s.setWindow({ width: 1280, height: 900, x: 10, y: 20, maximized: true });
  s.setWindow({ width: 12, height: 9 });
  assert.deepEqual(new StateStore(file).window, { width: 1280, height: 900, x: 10, y: 20, maximized: true });
});

test('a damaged or foreign state file falls back to defaults', (t) => {
  const { file, done } = tmp();
  t.after(done);
  const s = new StateStore(file);
  s.rememberServer({ server: 'a.database.windows.net', port: 1433 });
  for (const bad of [
    '{',
    '[]',
    JSON.stringify({ version: 2 }),
    JSON.stringify({ ...DEFAULT_STATE, recentServers: [{ server: '', port: -1 }] }),
  ]) {
    writeFileSync(file, bad);
    const r = new StateStore(file);
    assert.deepEqual(r.recentServers(), []);
    assert.deepEqual(r.window, DEFAULT_STATE.window);
  }
  assert.ok(readFileSync(file, 'utf8').length > 0);
});
