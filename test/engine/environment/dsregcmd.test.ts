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

// Layout variants (tabs, no spaces around the colon, CRLF, trailing spaces, titles in another case, sections
// reordered, extra and missing) read to the same facts as the original layout.
for (const f of variants('dsregcmd-hybrid-variant')) {
  test(`${f}: another layout, the same facts as dsregcmd-hybrid.txt, nothing unread`, () => {
    assert.equal(detectInput(read(f)).kind, 'dsregcmd');
    const v = parseDsregcmd(read(f));
    const o = parseDsregcmd(read('dsregcmd-hybrid.txt'));
    assert.deepEqual(v.device, o.device);
    assert.deepEqual(v.sso, o.sso);
    assert.deepEqual(v.unread, [], 'the prompt before the first box and the trailer after the last one are not fields');
  });
}

test('a build before Windows 11 21H2 prints no OnPremTgt / CloudTgt: null (does not say), never NO', () => {
  const d = parseDsregcmd(read('dsregcmd-entra-before-21h2.txt'));
  assert.equal(d.sso.onPremTgt, null);
  assert.equal(d.sso.cloudTgt, null);
  assert.deepEqual(d.sso.kerbTopLevelNames, []);
  assert.equal(d.sso.azureAdPrt, true);
  assert.deepEqual(d.unread, []);
});

test('fields of a recognised output that cannot be read are listed with their line numbers, not read as absent', () => {
  const d = parseDsregcmd(read('dsregcmd-unreadable-fields.txt'));
  assert.equal(d.device.domainJoined, null);
  assert.equal(d.sso.onPremTgt, null);
  assert.equal(d.sso.cloudTgt, null);
  assert.equal(d.sso.azureAdPrtUpdateTime, null);
  assert.deepEqual(
    d.unread.map((u) => u.line),
    [8, 16, 17, 18],
  );
  assert.equal(d.unread[0]?.text, 'DomainJoined = YES');
  assert.equal(d.unread[2]?.text, 'OnPremTgt : ERROR (0x80070005)');
});

test('unread lines are bounded and stripped of control characters', () => {
  const noise = Array.from({ length: 500 }, (_, i) => `\u0007garbage line ${i} ${'x'.repeat(300)}`).join('\n');
  const d = parseDsregcmd(`| SSO State |\n${noise}`);
  assert.equal(d.unread.length, 50);
  assert.ok(d.unread.every((u) => u.text.length <= 120 && !/[\u0000-\u001f]/.test(u.text)));
});
