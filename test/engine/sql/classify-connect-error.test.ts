import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyConnectError, type ConnectAttempt } from '../../../electron/engine/sql/classify-connect-error';
import { SqlProbeError } from '../../../electron/engine/sql/sql-errors';

const base: ConnectAttempt = {
  target: 'sqlmi1.x.database.windows.net:1433 (10.0.0.5)',
  phase: 'tcp',
  bytesReceived: 0,
  tlsHandshake: false,
  routed: false,
  budgetExpired: false,
  cancelled: false,
  elapsedMs: 12,
  mechanism: 'krb5',
};
const sys = (code: string) => Object.assign(new Error(`connect ${code}`), { code, syscall: 'connect', errno: -111 });
const wrapped = (cause: Error) =>
  Object.assign(new Error(`Failed to connect - ${cause.message}`, { cause }), { code: 'ESOCKET' });

test('refused or filtered TCP: SQL_UNREACHABLE, or REDIRECT_BLOCKED on the routed hop', () => {
  assert.equal(classifyConnectError(wrapped(sys('ECONNREFUSED')), base).code, 'SQL_UNREACHABLE');
  assert.equal(classifyConnectError(new Error('x'), { ...base, budgetExpired: true }).code, 'SQL_UNREACHABLE');
  const r = classifyConnectError(wrapped(sys('ECONNREFUSED')), { ...base, routed: true });
  assert.equal(r.code, 'REDIRECT_BLOCKED');
  assert.equal(r.stage, 'redirect');
  assert.match(r.evidence.join(' '), /11000–11999/);
});

test('silence after TCP is unreachable; silence after the server spoke is a protocol problem', () => {
  assert.equal(
    classifyConnectError(new Error('t'), { ...base, phase: 'prelogin', budgetExpired: true }).code,
    'SQL_UNREACHABLE',
  );
  assert.equal(
    classifyConnectError(new Error('t'), { ...base, phase: 'login', tlsHandshake: true, budgetExpired: true }).code,
    'PROTOCOL_ERROR',
  );
  assert.equal(
    classifyConnectError(new Error('t'), { ...base, phase: 'prelogin', bytesReceived: 20, budgetExpired: true }).code,
    'PROTOCOL_ERROR',
  );
});

test('a classified error inside tedious wrapping keeps its code; a user cancel is not a diagnosis', () => {
  const inner = new SqlProbeError('TLS_NAME_MISMATCH', 'the certificate does not name x');
  const r = classifyConnectError(wrapped(inner), { ...base, phase: 'tls' });
  assert.equal(r.code, 'TLS_NAME_MISMATCH');
  assert.equal(r.stage, 'tls');
  assert.equal(classifyConnectError(new Error('aborted'), { ...base, cancelled: true }).code, 'UNKNOWN');
});

test('closed mid-login → PROTOCOL_ERROR; EENCRYPT → PROTOCOL_ERROR at the TLS stage', () => {
  assert.equal(
    classifyConnectError(wrapped(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', syscall: 'read' })), {
      ...base,
      phase: 'login',
      tlsHandshake: true,
    }).code,
    'PROTOCOL_ERROR',
  );
  const e = classifyConnectError(
    Object.assign(new Error('Server did not negotiate encryption'), { code: 'EENCRYPT' }),
    { ...base, phase: 'tls', bytesReceived: 30 },
  );
  assert.deepEqual([e.code, e.stage], ['PROTOCOL_ERROR', 'tls']);
});
