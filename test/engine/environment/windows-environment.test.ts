// The Windows environment step, fed with reg.exe / dsregcmd / klist outputs in their real layouts
// (Windows tools cannot run here; these are format-faithful fixtures).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { dword, parseRegQuery } from '../../../electron/engine/environment/reg-query';
import { windowsEnvironment } from '../../../electron/engine/environment/windows-environment';
import { ParseError } from '../../../electron/engine/errors';
import { KerbProbeError } from '../../../electron/engine/errors';

const reg = (f: string) => readFileSync(new URL(`../../fixtures/windows-registry/${f}`, import.meta.url), 'utf8');
const win = (f: string) => readFileSync(new URL(`../../fixtures/windows/${f}`, import.meta.url), 'utf8');

test('reg query values: key, name with spaces, type, data; CRLF; absent key gives nothing', () => {
  const v = parseRegQuery(reg('cloud-kerberos-enabled.txt'));
  assert.equal(v.length, 1);
  assert.match(v[0]!.key, /Kerberos\\Parameters$/);
  assert.equal(dword(v, 'CloudKerberosTicketRetrievalEnabled'), 1);
  const p = parseRegQuery(reg('kdc-proxy-servers.txt'));
  assert.equal(p[0]?.name, 'KERBEROS.MICROSOFTONLINE.COM');
  assert.match(p[0]?.data ?? '', /^<https login\.microsoftonline\.com:443:.*\/kerberos \/>$/);
  assert.deepEqual(parseRegQuery(reg('not-found.txt')), []);
  assert.deepEqual(parseRegQuery('    Orphan    REG_SZ    value'), [], 'a value outside a key is not read');
});

test('reg query parser: arbitrary text is a result or a typed error', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 500 }), (s) => {
      try {
        parseRegQuery(s);
      } catch (e) {
        assert.ok(e instanceof ParseError);
      }
    }),
    { numRuns: 2000, seed: 20261125 },
  );
});

test('the Windows environment reads join state, cloud_debug, both policy paths and the KDC proxy policy', async () => {
  const outputs: Record<string, string> = {
    'dsregcmd /status': win('dsregcmd-hybrid.txt'),
    'klist cloud_debug': win('klist-cloud-debug-disabled.txt'),
    [`reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\Parameters /v CloudKerberosTicketRetrievalEnabled`]:
      reg('cloud-kerberos-enabled.txt'),
    [`reg query HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\Kerberos\\Parameters /v CloudKerberosTicketRetrievalEnabled`]:
      reg('not-found.txt'),
    [`reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\Kerberos\\KdcProxy\\ProxyServers`]:
      reg('kdc-proxy-servers.txt'),
  };
  const env = await windowsEnvironment({}, async (c, a) => {
    const out = outputs[[c, ...a].join(' ')];
    if (out === undefined) throw new Error(`unexpected ${c} ${a.join(' ')}`);
    return { stdout: out };
  });
  assert.equal(env.cloudTgt, false);
  assert.equal(env.cloudKerberosPolicy, false, 'klist cloud_debug is the effective value and wins');
  assert.ok(
    env.evidence.some((e) => /Policies\\System\\Kerberos\\Parameters\\CloudKerberosTicketRetrievalEnabled = 1/.test(e)),
  );
  assert.ok(
    env.evidence.some((e) => /Lsa\\Kerberos\\Parameters\\CloudKerberosTicketRetrievalEnabled = not set/.test(e)),
  );
  assert.ok(
    env.evidence.some((e) =>
      /KDC proxy servers by policy: KERBEROS\.MICROSOFTONLINE\.COM → <https login\.microsoftonline\.com/.test(e),
    ),
  );
  assert.deepEqual(
    env.facts?.map((f) => f.kind),
    ['dsregcmd', 'cloud-debug'],
  );
  assert.deepEqual(env.warnings, []);
});

test('a missing or hanging tool is a warning, never a failure of the check', async () => {
  const env = await windowsEnvironment({}, async (c) => {
    throw new KerbProbeError('TOOL_TIMEOUT', `${c} did not finish in 3000 ms`);
  });
  assert.ok(env.warnings.some((w) => /dsregcmd \/status could not be read: dsregcmd did not finish/.test(w)));
  assert.equal(env.cloudKerberosPolicy, null);
});

test('a dsregcmd or cloud_debug the parsers cannot read is a warning naming the lines, never a crash of the check', async () => {
  const outputs: Record<string, string> = {
    'dsregcmd /status': win('dsregcmd-unreadable-fields.txt'),
    'klist cloud_debug': 'klist: this build prints something else entirely',
  };
  const env = await windowsEnvironment({}, async (c, a) => {
    const out = outputs[[c, ...a].join(' ')];
    if (out === undefined) throw new Error('not found');
    return { stdout: out };
  });
  assert.ok(
    env.warnings.some((w) =>
      /^recognised as dsregcmd \/status, but 4 lines could not be read: line 8 "DomainJoined = YES"/.test(w),
    ),
    env.warnings.join('\n'),
  );
  assert.ok(env.warnings.some((w) => /klist cloud_debug could not be read \[CLOUD_DEBUG_NOT_RECOGNISED\]/.test(w)));
  assert.ok(
    env.evidence.some((e) => /CloudTgt not printed by this build .*OnPremTgt not printed by this build/.test(e)),
  );
  assert.deepEqual(
    env.facts?.map((f) => f.kind),
    ['dsregcmd'],
  );
});
