// docs/redaction.md against the tables redaction runs on, and against real outputs. The page's tables are
// regenerated from the field-kind tables (build/redaction-doc.ts) and must equal what is committed; every field a
// table holds must have its "why". Then the real device outputs pasted in public places
// (test/fixtures/real/device/, see its corpus.json) are redacted as a bundle redacts them: a row the page says is
// kept keeps the pasted value unchanged, a row it says is a name loses it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLOUD_DEBUG_WHY,
  DSREGCMD_WHY,
  REDACTION_DOC,
  REG_WHY,
  renderRedactionDoc,
  unexplained,
} from '../../../build/redaction-doc';
import { DSREGCMD_FIELD_KINDS } from '../../../electron/engine/environment/dsregcmd';
import { CLOUD_DEBUG_FIELD_KINDS } from '../../../electron/engine/environment/windows-cloud-debug';
import { redactWith } from '../../../electron/engine/report/redact';
import { REG_KEYS, structureToolOutput } from '../../../electron/engine/report/redact-tool-output';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'real', 'device');
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

test('docs/redaction.md is what the field-kind tables say (npm run docs:redaction rewrites it)', async () => {
  const doc = readFileSync(REDACTION_DOC, 'utf8');
  assert.equal(await renderRedactionDoc(doc), doc);
});

test('every field of every table has its why, and no why explains a field no table holds', () => {
  assert.deepEqual(unexplained(), { missing: [], stale: [] });
});

test('the page names each field as the tool prints it, and that name is the one the table reads', () => {
  for (const [key, [label]] of Object.entries(DSREGCMD_WHY)) assert.equal(norm(label), key, label);
  for (const [key, [label]] of Object.entries(CLOUD_DEBUG_WHY)) assert.equal(norm(label), key, label);
  for (const [key, why] of Object.entries(REG_WHY))
    for (const [name, [label]] of Object.entries(why.values))
      assert.equal(label.toLowerCase(), name, `${key} ${label}`);
  assert.ok(Object.keys(DSREGCMD_WHY).length > 40 && REG_KEYS.length >= 10, 'the tables were read');
});

/** A collected output redacted as collect --redact redacts it (collect-bundle.ts's redactBundle, one output). */
function redacted(command: string, text: string): string {
  const structured = structureToolOutput(command, text);
  return redactWith(null, { named: structured.names, texts: [structured.text] }).texts[0] ?? '';
}

const fixtures = (prefix: string): [string, string][] =>
  readdirSync(FIXTURES)
    .filter((f) => f.startsWith(prefix) && f.endsWith('.txt'))
    .map((f) => [f, readFileSync(join(FIXTURES, f), 'utf8')]);

/**
 * Microsoft's own domains, whose hosts and suffixes say what, not whose (from the pastes: Entra's login hosts,
 * the device registration service, Intune, the KerbTopLevelNames suffixes of
 * https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-setup-incoming-trust-based-flow).
 */
const MICROSOFT = /(?:^|\.)(?:windows\.net|azure\.net|microsoft\.com|microsoftonline\.com)$/i;
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const has = (text: string, value: string): boolean => text.toLowerCase().includes(value.toLowerCase());

test('real dsregcmd pastes: a kept field keeps its value, a name field loses it, a secret is removed', () => {
  const FIELD = /^\s*([A-Za-z][A-Za-z0-9 ._()/-]*?)\s*:(?!\/\/)\s*(.*?)\s*$/;
  let kept = 0;
  let names = 0;
  for (const [file, text] of fixtures('dsregcmd-')) {
    const out = redacted('dsregcmd /status', text);
    const outLines = out.split(/\r?\n/).map((l) => l.trimEnd());
    let inBox = false;
    for (const line of text.split(/\r?\n/)) {
      inBox ||= /^\s*\|\s*[A-Za-z][A-Za-z ]*\|\s*$/.test(line);
      const [, label = '', value = ''] = FIELD.exec(line) ?? [];
      const kind = DSREGCMD_FIELD_KINDS[norm(label)];
      if (!kind || !value || value.startsWith(':')) continue;
      const where = `${file}: ${label} : ${value}`;
      // The page: a line before the first box (a paste of lines only, a prompt) is redacted, whatever it says.
      if (!inBox) {
        assert.ok(!outLines.includes(line.trimEnd()), `redacted before the first box: ${where}`);
        continue;
      }
      if (kind === 'fixed' || /^(?:NO|NONE)$/i.test(value)) {
        assert.ok(outLines.includes(line.trimEnd()), `kept unchanged: ${where}`);
        kept++;
      } else if (kind === 'secret') {
        assert.ok(!has(out, value), `removed: ${where}`);
      } else if (kind === 'url' || kind === 'hosts' || kind === 'host') {
        // Microsoft's hosts stay (they say which service); every other host and every tenant id goes.
        for (const guid of value.match(GUID) ?? []) assert.ok(!has(out, guid), `tenant id gone: ${where}`);
        for (const entry of value.split(/[,;\s]+/)) {
          const host = /^(?:https?:\/\/)?\.?([^/:\s]+)/.exec(entry)?.[1] ?? '';
          if ((host.includes('.') || kind === 'host') && !MICROSOFT.test(host))
            assert.ok(!has(out, host), `host gone: ${where}`);
        }
        names++;
      } else {
        for (const part of kind === 'user' ? value.split(/[\\@,\s]+/).filter((p) => p.length > 2) : [value])
          assert.ok(!has(out, part), `name gone (${kind}): ${where} → ${part}`);
        names++;
      }
    }
  }
  assert.ok(kept > 100 && names > 20, `the pastes were read (${kept} kept, ${names} names)`);
});

test('real klist cloud_debug pastes: every labelled number is kept unchanged', () => {
  for (const [file, text] of fixtures('klist-cloud-debug-')) {
    const out = redacted('klist cloud_debug', text).split(/\r?\n/);
    const lines = text.split(/\r?\n/).filter((l) => CLOUD_DEBUG_FIELD_KINDS[norm(l.split(':')[0] ?? '')]);
    assert.ok(lines.length >= 5, file);
    for (const line of lines) assert.ok(out.includes(line), `${file}: ${line}`);
  }
});

test('real netsh winhttp pastes: the proxy host goes, its port and (none) stay', () => {
  const [[, text] = ['', '']] = fixtures('netsh-winhttp-proxy-no-bypass');
  const out = redacted('netsh winhttp show proxy', text);
  assert.ok(text.includes('10.0.0.1:8080') && !out.includes('10.0.0.1'), out);
  assert.match(out, /Proxy Server\(s\) : {2}ip-1:8080/);
  assert.match(out, /Bypass List {5}: {2}\(none\)/);
});

test('real reg query pastes: REG_DWORD data is kept; a layout the table does not read is redacted, not kept', () => {
  const command =
    'reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters';
  const [[, aes = ''] = [], [, rc4 = ''] = []] = [
    ...fixtures('reg-query-policy-kerberos-parameters-aes'),
    ...fixtures('reg-query-policy-kerberos-rc4-only-indented'),
  ];
  assert.match(redacted(command, aes), /^ {4}SupportedEncryptionTypes {4}REG_DWORD {4}0x7ffffff8$/m);
  assert.doesNotMatch(redacted(command, rc4), /SupportedEncryptionTypes|HKEY_/);
});

test("real whoami /groups pastes: a well-known SID's row is kept whole, an organisation's group name goes", () => {
  let domainRows = 0;
  for (const [file, text] of fixtures('whoami-groups-')) {
    const out = redacted('whoami /groups', text).split(/\r?\n/);
    const rule = text.split(/\r?\n/).find((l) => /^=+( =+)+\s*$/.test(l)) ?? '';
    const width = /^=+/.exec(rule)?.[0].length ?? 0;
    for (const line of text.split(/\r?\n/)) {
      const sid = /\bS-1-\d+(?:-\d+)+\b/.exec(line)?.[0];
      if (!sid || !width) continue;
      if (/^S-1-(?:5-21|12-1)-/.test(sid)) {
        const name = line.slice(0, width).trim();
        // "DOMAIN\group": the whole name and its group part go (a short domain may be another's word).
        assert.ok(!out.some((l) => l.includes(name)), `${file}: ${name}`);
        domainRows++;
      } else if (!/@/.test(line)) {
        assert.ok(out.includes(line), `${file}: kept ${line.trim()}`);
      }
    }
  }
  assert.ok(domainRows >= 3, `domain groups were read (${domainRows})`);
});
