import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeParts, nameParts } from '../../renderer/src/lib/name-breaks';
import { splitCode } from '../../electron/contract/code-spans';

test('names wrap between labels, never inside one', () => {
  assert.deepEqual(nameParts('CONTOSO.TEST'), ['CONTOSO.', 'TEST']);
  assert.deepEqual(nameParts('MSSQLSvc/sqlmi1.lab0001.database.windows.net:1433@KERBEROS.MICROSOFTONLINE.COM'), [
    'MSSQLSvc/',
    'sqlmi1.',
    'lab0001.',
    'database.',
    'windows.',
    'net:',
    '1433@',
    'KERBEROS.',
    'MICROSOFTONLINE.',
    'COM',
  ]);
  assert.deepEqual(nameParts('HKLM\\SYSTEM\\CurrentControlSet'), ['HKLM\\', 'SYSTEM\\', 'CurrentControlSet']);
  assert.deepEqual(nameParts('https://login.microsoftonline.com'), ['https://', 'login.', 'microsoftonline.', 'com']);
  assert.deepEqual(nameParts('alice'), ['alice']);
  assert.deepEqual(nameParts(''), []);
  for (const s of ['a.b..c', 'x/', '.lead', 'KdcProxy:login.microsoftonline.com'])
    assert.equal(nameParts(s).join(''), s);
});

test('catalogue text splits into plain text and code spans at backtick pairs', () => {
  assert.deepEqual(splitCode('run `klist purge` then retry'), [
    { code: false, text: 'run ' },
    { code: true, text: 'klist purge' },
    { code: false, text: ' then retry' },
  ]);
  assert.deepEqual(splitCode('an odd ` stays'), [{ code: false, text: 'an odd ` stays' }]);
});

test('diagnosis codes wrap after an underscore only, never inside a word', () => {
  assert.deepEqual(codeParts('KDC_UNREACHABLE'), ['KDC_', 'UNREACHABLE']);
  assert.deepEqual(codeParts('TRUST_KEY_MISMATCH'), ['TRUST_', 'KEY_', 'MISMATCH']);
  assert.deepEqual(codeParts('PASS'), ['PASS']);
  assert.equal(codeParts('KERB_TOP_LEVEL_NAME_MISSING').join(''), 'KERB_TOP_LEVEL_NAME_MISSING');
});
