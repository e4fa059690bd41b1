import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckInputSchema, validateCheckInput } from '../../electron/contract/check-input';
import { IPC } from '../../electron/contract/ipc';

test('one validation for the CLI, IPC and the form: hostile servers are refused with their stable code', () => {
  const cases: [unknown, string][] = [
    [{ server: 'sqlmi1\x1b]0;x\x07.abc.database.windows.net' }, 'INPUT_SERVER_CONTROL_CHARACTER'],
    [{ server: 'sqlmi1.\u0430bc.database.windows.net' }, 'INPUT_SERVER_NOT_ASCII'],
    [{ server: 'tcp:sqlmi1.abc.database.windows.net,3342', port: 1433 }, 'INPUT_SERVER_PORT_CONFLICT'],
    [{ server: '../../etc/passwd' }, 'INPUT_SERVER_INVALID'],
    [{ server: '   ' }, 'INPUT_SERVER_MISSING'],
    [{ server: 'a', port: 0 }, 'USAGE'],
  ];
  for (const [input, code] of cases) {
    const v = validateCheckInput(input);
    assert.equal(v.ok ? 'ok' : v.code, code, JSON.stringify(input));
    // The IPC request schema is the same schema: a compromised page cannot send what the form refuses.
    assert.equal(IPC['check:run'].request.safeParse({ runId: 'run-0001', input }).success, false);
  }
  assert.equal(
    IPC['check:run'].request.safeParse({ runId: 'run-0001', input: { server: 'sqlmi1.abc.database.windows.net' } })
      .success,
    true,
  );
});

test('SSMS forms are normalised, with a note; a normalised request reads the same again', () => {
  const v = validateCheckInput({ server: 'tcp:SQLMI1.abc.database.windows.net,3342' });
  assert.ok(v.ok);
  assert.equal(v.request.server, 'sqlmi1.abc.database.windows.net');
  assert.equal(v.request.port, 3342);
  assert.deepEqual(v.notes, [
    'read "tcp:SQLMI1.abc.database.windows.net,3342" as server sqlmi1.abc.database.windows.net, port 3342 ' +
      '(tcp: is implied)',
  ]);
  assert.deepEqual(CheckInputSchema.parse(v.request), v.request, 'idempotent: IPC re-validates what the form sent');
  assert.deepEqual(
    validateCheckInput({ server: 'sqlmi1.abc.database.windows.net' }).ok &&
      validateCheckInput({ server: 'sqlmi1.abc.database.windows.net' }),
    { ok: true, request: CheckInputSchema.parse({ server: 'sqlmi1.abc.database.windows.net' }), notes: [] },
  );
});
