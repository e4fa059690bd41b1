import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_CALL_BUDGET_MS,
  abandonedCalls,
  createBindingContext,
  loadBinding,
  requestFlags,
} from '../../../electron/engine/kerberos/binding';
import { KerbProbeError } from '../../../electron/engine/errors';

test('flags: mutual, replay and sequence everywhere; INTEG only where it means integrity (not SSPI)', async () => {
  const b = await loadBinding();
  assert.equal(
    requestFlags(b, 'linux'),
    b.GSS_C_MUTUAL_FLAG | b.GSS_C_REPLAY_FLAG | b.GSS_C_SEQUENCE_FLAG | b.GSS_C_INTEG_FLAG,
  );
  // On Windows the value goes straight into InitializeSecurityContext: 32 would be ISC_REQ_USE_SESSION_KEY.
  assert.equal(requestFlags(b, 'win32') & 32, 0);
  assert.equal(requestFlags(b, 'win32') & 2, 2);
  assert.ok(DEFAULT_CALL_BUDGET_MS <= 5000);
  assert.equal(abandonedCalls(), 0);
});

test('bad targets are refused before the native code is called', async () => {
  await assert.rejects(
    createBindingContext({ host: 'bad host', port: 1433 }),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'INVALID_TARGET',
  );
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(
    createBindingContext({ host: 'mi.zone.database.windows.net', port: 1433 }, { signal: ctl.signal }),
    (e: unknown) => e instanceof KerbProbeError && e.code === 'CANCELLED',
  );
});
