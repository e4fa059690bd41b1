// The preload exposes named verbs only, each bound to its one channel; failures become errors with codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKerbProbeApi } from '../../electron/preload/build-kerbprobe-api';
import { IPC_CHANNELS, type KerbProbeCallError } from '../../electron/contract/ipc';
import { HEALTHY_REPORT } from '../e2e/fixtures/reports';

function fakeTransport() {
  const sent: [string, unknown][] = [];
  const listeners = new Set<(e: unknown) => void>();
  return {
    sent,
    listeners,
    transport: {
      invoke: async (channel: string, payload: unknown) => {
        sent.push([channel, payload]);
        return { ok: true, value: { channel } };
      },
      subscribe: (l: (e: unknown) => void) => {
        listeners.add(l);
        return () => {
          listeners.delete(l);
        };
      },
    },
  };
}

test('each verb calls its own channel; together they cover the contract', async () => {
  const f = fakeTransport();
  const api = buildKerbProbeApi(f.transport);
  await api.check.run({
    runId: 'run-00000001',
    input: {
      server: 'a.database.windows.net',
      port: 1433,
      encrypt: 'strict',
      trustServerCertificate: false,
      timeoutSeconds: 5,
    },
  });
  await api.check.cancel({ runId: 'run-00000001' });
  await api.tickets.list();
  await api.tickets.purge();
  await api.report.export({ report: HEALTHY_REPORT, format: 'md', redact: false, to: 'text' });
  await api.report.open();
  await api.report.open({ text: '{}', name: 'x.json' });
  await api.analyze.inputs({ inputs: [{ text: 'klist output' }] });
  await api.collect.run({ target: null, redact: true });
  await api.state.recentServers();
  await api.history.recent({ server: 'sqlmi1.contoso.net' });
  await api.fleet.analyze({ again: true });
  await api.fleet.cancel();
  const adminRun = {
    runId: 'run-00000002',
    server: 'a.database.windows.net',
    method: 'device-code',
    tenant: 'contoso.onmicrosoft.com',
    clientId: '00001111-aaaa-2222-bbbb-3333cccc4444',
  } as const;
  await api.admin.run(adminRun);
  await api.admin.cancel();
  await api.admin.open({ text: '{}', name: 'admin.json' });
  assert.deepEqual(
    f.sent.map(([c]) => c),
    [
      'check:run',
      'check:cancel',
      'tickets:list',
      'tickets:purge',
      'report:export',
      'report:open',
      'report:open',
      'analyze:inputs',
      'collect:run',
      'state:recent',
      'history:recent',
      'fleet:analyze',
      'fleet:cancel',
      'admin:run',
      'admin:cancel',
      'admin:open',
    ],
  );
  assert.deepEqual(new Set(f.sent.map(([c]) => c)), new Set(IPC_CHANNELS));
  assert.deepEqual(f.sent[1], ['check:cancel', { runId: 'run-00000001' }]);
  assert.deepEqual(f.sent[5], ['report:open', {}]);
  assert.deepEqual(f.sent[12], ['fleet:cancel', {}]);
  // The form's tenant and client id travel as typed; main reads them (contract/admin-input.ts).
  assert.deepEqual(f.sent[13], ['admin:run', adminRun]);
  assert.deepEqual(f.sent[14], ['admin:cancel', {}]);
});

test('no generic invoke, send or channel access is exposed', () => {
  const api = buildKerbProbeApi(fakeTransport().transport);
  const names: string[] = [];
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'function') names.push(prefix + k);
      else if (v && typeof v === 'object') walk(v, `${prefix}${k}.`);
    }
  };
  walk(api, '');
  assert.deepEqual(names.sort(), [
    'admin.cancel',
    'admin.open',
    'admin.run',
    'analyze.inputs',
    'check.cancel',
    'check.run',
    'collect.run',
    'fleet.analyze',
    'fleet.cancel',
    'history.recent',
    'onProgress',
    'report.export',
    'report.open',
    'state.recentServers',
    'tickets.list',
    'tickets.purge',
  ]);
});

test('a failed call rejects with the stable code; progress listeners can unsubscribe', async () => {
  const f = fakeTransport();
  f.transport.invoke = async () => ({ ok: false, error: { code: 'NO_TGT', message: 'no ticket' } }) as never;
  const api = buildKerbProbeApi(f.transport);
  await assert.rejects(api.tickets.list(), (e: KerbProbeCallError) => e.code === 'NO_TGT' && e.message === 'no ticket');
  f.transport.invoke = async () => 'garbage' as never;
  await assert.rejects(api.tickets.list(), (e: KerbProbeCallError) => e.code === 'INTERNAL');
  const seen: unknown[] = [];
  const off = api.onProgress((e) => seen.push(e));
  for (const l of f.listeners) l({ runId: 'r', kind: 'started', id: 'tcp', title: 'TCP' });
  off();
  assert.equal(f.listeners.size, 0);
  assert.equal(seen.length, 1);
});
