import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDsregcmd } from '../../../electron/engine/environment/dsregcmd';
import { detectInput } from '../../../electron/engine/tickets/detect-input';

const dir = fileURLToPath(new URL('../../fixtures/windows/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');
// Every layout also exists with CRLF line ends; both must read the same.
const variants = (base: string): string[] => [`${base}.txt`, `${base}-crlf.txt`];

for (const f of variants('dsregcmd-hybrid')) {
  test(`${f}: hybrid joined, PRT, on-prem TGT, no cloud TGT`, () => {
    assert.equal(detectInput(read(f)).kind, 'dsregcmd');
    const d = parseDsregcmd(read(f));
    assert.deepEqual([d.device.azureAdJoined, d.device.domainJoined, d.device.enterpriseJoined], [true, true, false]);
    assert.equal(d.device.deviceName, 'LAP117.fabrikam.com');
    assert.deepEqual([d.sso.azureAdPrt, d.sso.onPremTgt, d.sso.cloudTgt], [true, true, false]);
    assert.equal(d.sso.tenantId, '4b1e9a52-0000-0000-0000-7c3d11ab0000');
    assert.equal(d.sso.azureAdPrtUpdateTime, '2027-03-04T06:40:12Z');
    assert.ok(d.sso.kerbTopLevelNames.includes('.windows.net:1433'));
  });
}
