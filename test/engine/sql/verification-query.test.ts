import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VERIFICATION_COLUMNS,
  VERIFICATION_QUERY,
  verificationRowToResult,
} from '../../../electron/engine/sql/verification-query';
import { SqlProbeError } from '../../../electron/engine/sql/sql-errors';

const values = ['KERBEROS', 'alice@contoso.test', 'sqlmi1', 'Microsoft SQL Azure (RTM) - 12.0', 'TCP', 'TRUE'];

test('the query asks for every proof column', () => {
  for (const c of VERIFICATION_COLUMNS) assert.match(VERIFICATION_QUERY, new RegExp(`AS ${c}\\b`));
  assert.match(VERIFICATION_QUERY, /SUSER_SNAME\(\)/);
});

test('maps the row by name, then by position', () => {
  const named = VERIFICATION_COLUMNS.map((name, i) => ({ name, value: values[i] })).reverse();
  const result = verificationRowToResult(named, { mutualAuth: true, tdsVersion: '8.0' });
  assert.deepEqual(result, {
    authScheme: 'KERBEROS',
    login: 'alice@contoso.test',
    server: 'sqlmi1',
    version: values[3],
    encrypt: 'TRUE',
    netTransport: 'TCP',
    mutualAuth: true,
    tdsVersion: '8.0',
  });
  const unnamed = values.map((value) => ({ name: '', value }));
  assert.equal(verificationRowToResult(unnamed, { mutualAuth: false }).login, 'alice@contoso.test');
});

test('a row without auth_scheme or login is a protocol error', () => {
  assert.throws(
    () => verificationRowToResult([{ name: 'x', value: null }], { mutualAuth: true }),
    (e: unknown) => e instanceof SqlProbeError && e.code === 'PROTOCOL_ERROR',
  );
});
