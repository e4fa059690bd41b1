// A managed instance's names as sql-docs gives them: `<mi>.<dns zone>.database.windows.net` and the public
// endpoint `<mi>.public.<dns zone>.database.windows.net` (azure-sql/managed-instance/public-endpoint-configure.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { managedInstanceName } from '../../electron/contract/azure';

test('the VNet-local and the public endpoint name give the same instance and zone', () => {
  assert.deepEqual(managedInstanceName('SQLMI1.abc123.database.windows.net'), {
    instance: 'sqlmi1',
    zone: 'abc123',
    suffix: 'database.windows.net',
    publicEndpoint: false,
  });
  assert.deepEqual(managedInstanceName('sqlmi1.public.abc123.database.windows.net'), {
    instance: 'sqlmi1',
    zone: 'abc123',
    suffix: 'database.windows.net',
    publicEndpoint: true,
  });
  assert.equal(managedInstanceName('mi.zone.database.usgovcloudapi.net')?.suffix, 'database.usgovcloudapi.net');
});

test('names outside Azure SQL or of another shape have no parts', () => {
  for (const host of ['sql.contoso.com', 'abc123.database.windows.net', 'a.b.c.d.database.windows.net', ''])
    assert.equal(managedInstanceName(host), null, host);
});
