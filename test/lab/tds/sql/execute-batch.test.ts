import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { executeBatch, type SessionInfo } from '../../../../electron/lab/tds/sql/execute-batch';
import { SqlError } from '../../../../electron/lab/tds/sql/sql-error';

const session = (): SessionInfo => ({
  spid: 52,
  login: 'alice@contoso.test',
  authScheme: 'KERBEROS',
  netTransport: 'TCP',
  encryptOption: 'TRUE',
  clientAddress: '127.0.0.1',
  serverName: 'sqlmi1',
  version: 'Microsoft SQL Azure (RTM) - 12.0.2000.8',
  database: 'master',
  databases: ['master'],
});

function rows(sql: string) {
  const r = executeBatch(sql, session());
  assert.equal(r.error, null, r.error?.message);
  const item = r.items.find((i) => i.kind === 'rows');
  assert.ok(item && item.kind === 'rows');
  return item;
}
function errorOf(sql: string): SqlError {
  const r = executeBatch(sql, session());
  assert.ok(r.error, `expected an error for ${sql}`);
  return r.error;
}

test('the verification query answers from the session, in the order and names asked', () => {
  const r = rows(`SELECT auth_scheme, net_transport, encrypt_option, SUSER_SNAME() AS login,
    @@SERVERNAME AS [server], @@VERSION AS version
    FROM sys.dm_exec_connections WHERE session_id = @@SPID;`);
  assert.deepEqual(
    r.columns.map((c) => c.name),
    ['auth_scheme', 'net_transport', 'encrypt_option', 'login', 'server', 'version'],
  );
  assert.deepEqual(r.rows, [
    ['KERBEROS', 'TCP', 'TRUE', 'alice@contoso.test', 'sqlmi1', 'Microsoft SQL Azure (RTM) - 12.0.2000.8'],
  ]);
});

test('column order, aliases, a table alias and lower case are all understood', () => {
  const r = rows(
    "select login = suser_sname(), c.encrypt_option 'enc', c.auth_scheme " +
      'from master.sys.dm_exec_connections as c where @@spid = c.session_id',
  );
  assert.deepEqual(
    r.columns.map((c) => c.name),
    ['login', 'enc', 'auth_scheme'],
  );
  assert.deepEqual(r.rows, [['alice@contoso.test', 'TRUE', 'KERBEROS']]);
});

test('plain SELECT SUSER_SNAME() returns one unnamed NVARCHAR column', () => {
  const r = rows('SELECT SUSER_SNAME()');
  assert.deepEqual(r.columns, [{ name: '', type: 'nvarchar', maxChars: 128 }]);
  assert.deepEqual(r.rows, [['alice@contoso.test']]);
});

test('another session id matches no row', () => {
  assert.deepEqual(rows('SELECT auth_scheme FROM sys.dm_exec_connections WHERE session_id = 99').rows, []);
});

test("drivers' SET preamble is accepted", () => {
  const r = executeBatch(
    [
      'set textsize 2147483647',
      'set quoted_identifier on',
      'set transaction isolation level read committed',
      'set language us_english',
      'set datefirst 7',
    ].join('\n'),
    session(),
  );
  assert.equal(r.error, null);
  assert.equal(r.items.length, 5);
});

test('everything else gets the error SQL Server gives, with its number', () => {
  const cases: [string, number, string][] = [
    ['SELECT * FROM dbo.users', 208, "Invalid object name 'dbo.users'."],
    ['SELECT auth_scheme', 207, "Invalid column name 'auth_scheme'."],
    ['SELECT nope FROM sys.dm_exec_connections', 207, "Invalid column name 'nope'."],
    ['SELECT 1 FROM', 102, "Incorrect syntax near 'FROM'."],
    ['SELECT FROM x', 156, "Incorrect syntax near the keyword 'FROM'."],
    ['SELECT GETDATEX()', 195, "'GETDATEX' is not a recognized built-in function name."],
    ['SELECT @x', 137, 'Must declare the scalar variable "@x".'],
    ["SELECT 'open", 105, "Unclosed quotation mark after the character string 'open'."],
    ['DROP TABLE t', 156, "Incorrect syntax near the keyword 'DROP'."],
    ['sp_who', 2812, "Could not find stored procedure 'sp_who'."],
    ['USE other', 911, "Database 'other' does not exist. Make sure that the name is entered correctly."],
  ];
  for (const [sql, number, message] of cases) {
    const error = errorOf(sql);
    assert.equal(error.number, number, sql);
    assert.equal(error.message, message, sql);
  }
});

test('fuzz: any text yields rows or a SqlError, never a crash', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (s) => {
      const r = executeBatch(s, session());
      assert.ok(r.error === null || r.error instanceof SqlError);
    }),
    { numRuns: 1000 },
  );
  const words = fc.constantFrom(
    'SELECT',
    'FROM',
    'WHERE',
    'AND',
    '=',
    ',',
    '(',
    ')',
    '@@SPID',
    'SUSER_SNAME()',
    'sys.dm_exec_connections',
    'auth_scheme',
    'AS',
    'x',
    "'s'",
    '1',
    ';',
    'SET',
    'USE',
  );
  fc.assert(
    fc.property(fc.array(words, { maxLength: 12 }), (ws) => {
      const r = executeBatch(ws.join(' '), session());
      assert.ok(r.error === null || r.error instanceof SqlError);
    }),
    { numRuns: 2000 },
  );
});
