// Every status a `klist get` (or `klist`) failure prints in Microsoft's documentation or in the real pastes
// (test/fixtures/real/klist/) is named in the table, with its Win32 / SSPI / NTSTATUS name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lookupWindowsStatus } from '../../../electron/engine/diagnose/windows-status';
import { findKlistFailure } from '../../../electron/engine/tickets/windows-klist-get';
import { toLines } from '../../../electron/engine/tickets/pasted-text';

// Documented for `klist get` failures: 0x6fb/0xc000018b, 0x51f/0xc000005e, 0x52f/0xc000006e
// (https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot),
// 0x80090342/0xc00002fd (Microsoft's Kerberos encryption-type troubleshooting, event 4769 KDC_ERR_ETYPE_NOTSUPP),
// 0x8009030e for `klist tgt` without credentials; 0x35 and 0x520 from the real pastes, named by the System Error
// Codes pages (https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--0-499-,
// https://learn.microsoft.com/en-us/windows/win32/debug/system-error-codes--1300-1699-).
const DOCUMENTED: [number, string][] = [
  [0x6fb, 'ERROR_NO_TRUST_SAM_ACCOUNT'],
  [0xc000018b, 'STATUS_NO_TRUST_SAM_ACCOUNT'],
  [0x51f, 'ERROR_NO_LOGON_SERVERS'],
  [0xc000005e, 'STATUS_NO_LOGON_SERVERS'],
  [0x52f, 'ERROR_ACCOUNT_RESTRICTION'],
  [0xc000006e, 'STATUS_ACCOUNT_RESTRICTION'],
  [0x80090342, 'SEC_E_KDC_UNKNOWN_ETYPE'],
  [0xc00002fd, 'STATUS_KDC_UNKNOWN_ETYPE'],
  [0x8009030e, 'SEC_E_NO_CREDENTIALS'],
  [0x35, 'ERROR_BAD_NETPATH'],
  [0x520, 'ERROR_NO_SUCH_LOGON_SESSION'],
  [0xc000005f, 'STATUS_NO_SUCH_LOGON_SESSION'],
  [0x80090303, 'SEC_E_TARGET_UNKNOWN'],
];

for (const [status, name] of DOCUMENTED)
  test(`0x${status.toString(16)} is named ${name}`, () => {
    assert.equal(lookupWindowsStatus(status)?.name, name);
  });

test('every status in the real klist failures is in the table', () => {
  const dir = new URL('../../fixtures/real/klist/', import.meta.url);
  const corpus = JSON.parse(readFileSync(new URL('corpus.json', dir), 'utf8')) as { file: string }[];
  let seen = 0;
  for (const { file } of corpus) {
    const failure = findKlistFailure(toLines(readFileSync(new URL(file, dir), 'utf8'), 'KLIST'));
    for (const n of [failure?.substatus, failure?.status]) {
      if (n === null || n === undefined) continue;
      seen++;
      assert.ok(lookupWindowsStatus(n), `${file}: 0x${n.toString(16)}`);
    }
  }
  assert.ok(seen >= 14, `${seen} statuses`);
});
