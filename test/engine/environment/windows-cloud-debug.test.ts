import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCloudDebug } from '../../../electron/engine/environment/windows-cloud-debug';
import { detectInput } from '../../../electron/engine/tickets/detect-input';

const dir = fileURLToPath(new URL('../../fixtures/windows/', import.meta.url));
const read = (name: string): string => readFileSync(dir + name, 'utf8');
// Every layout also exists with CRLF line ends; both must read the same.
const variants = (base: string): string[] => [`${base}.txt`, `${base}-crlf.txt`];

for (const f of variants('klist-cloud-debug-enabled')) {
  test(`${f}: policy on, cloud TGT available`, () => {
    assert.equal(detectInput(read(f)).kind, 'windows-cloud-debug');
    const d = parseCloudDebug(read(f));
    assert.equal(d.enabledByPolicy, true);
    assert.equal(d.cloudPrimaryTgtAvailable, true);
    assert.equal(d.kdcProxyPresent, true);
    assert.equal(d.asRepCredentialType, 2);
  });
}
for (const f of variants('klist-cloud-debug-disabled')) {
  test(`${f}: policy off, no cloud TGT`, () => {
    const d = parseCloudDebug(read(f));
    assert.equal(d.enabledByPolicy, false);
    assert.equal(d.cloudPrimaryTgtAvailable, false);
  });
}
