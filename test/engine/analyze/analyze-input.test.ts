// The offline analysis that the CLI's `analyze` and the app's Helpdesk view share: each kind of pasted
// evidence reaches the same classifier as the live check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeInput } from '../../../electron/engine/analyze/analyze-input';

const fx = (p: string) => readFileSync(new URL(`../../fixtures/windows/${p}`, import.meta.url));
const at = new Date('2027-03-04T11:30:00');

const cases: [string, string | null, string][] = [
  ['klist-get-spn-not-found.txt', 'SPN_UNKNOWN', 'windows-klist-get'],
  ['klist-get-kdcproxy-unreachable-crlf.txt', 'CLOUD_KDC_UNREACHABLE', 'windows-klist-get'],
  ['klist-get-etype.txt', 'ETYPE_UNSUPPORTED', 'windows-klist-get'],
  ['klist-get-conditional-access.txt', 'CONDITIONAL_ACCESS', 'windows-klist-get'],
  ['klist-tgt-no-credentials.txt', 'NO_TGT', 'windows-klist-error'],
  // Alone, the policy off says what it rules out, not the cause: the join state is not shown (issue 22, item 11).
  ['klist-cloud-debug-disabled.txt', null, 'windows-cloud-debug'],
  ['klist-cloud-debug-enabled.txt', null, 'windows-cloud-debug'],
  ['dsregcmd-hybrid.txt', null, 'dsregcmd'],
  ['klist-trust-flow.txt', null, 'windows-klist'],
];

for (const [file, code, kind] of cases) {
  test(`${file} → ${code ?? 'no diagnosis'}`, () => {
    const a = analyzeInput(fx(file), { name: file, now: at });
    assert.equal(a.kind, kind);
    assert.deepEqual(
      a.diagnoses.map((d) => d.code),
      code ? [code] : [],
    );
  });
}

test('a ticket list yields the chain; a saved report comes back as it was', () => {
  const a = analyzeInput(fx('klist-trust-flow.txt'), { now: at });
  assert.equal(a.ticketSet?.chain.flow, 'trust');
  assert.equal(a.timeZone, 'local');
});

test('text that is none of the supported kinds is a typed error', () => {
  assert.throws(() => analyzeInput('hello world', { now: at }), { code: 'INPUT_NOT_RECOGNISED' });
});

test('dsregcmd: OnPremTgt YES does not claim the trust flow; the flow wording names what shows it', () => {
  const a = analyzeInput(fx('dsregcmd-hybrid.txt'), { now: at });
  const flow = a.facts.find((f) => f.startsWith('flow this session can use:')) ?? '';
  assert.doesNotMatch(flow, /incoming trust \(on-prem TGT/);
  assert.match(
    flow,
    /not the modern flow \(CloudTgt NO\); incoming trust possible \(DomainJoined YES\) — shown only by a TGT from a domain controller in `klist`/,
  );
  const old = analyzeInput(fx('dsregcmd-entra-before-21h2.txt'), { now: at });
  assert.ok(
    old.facts.some((f) =>
      /CloudTgt \(cloud Kerberos ticket for cloud resources\): not printed \(a build before Windows 11 21H2 does not say, or the line was not pasted\)/.test(
        f,
      ),
    ),
    old.facts.join('\n'),
  );
  assert.ok(
    old.facts.some((f) =>
      /modern flow not shown \(no CloudTgt line\); not the incoming trust flow \(DomainJoined NO\)/.test(f),
    ),
  );
  assert.deepEqual(old.diagnoses, [], 'an absent CloudTgt is not NO');
});

test("a klist with a TGT from a domain controller says it is the trust flow's first ticket", () => {
  const a = analyzeInput(fx('klist-trust-flow.txt'), { now: at });
  assert.ok(
    a.facts.some((f) => /^TGT from a domain controller: krbtgt\/FABRIKAM\.COM/.test(f)),
    a.facts.join('\n'),
  );
  const cloud = analyzeInput(fx('klist-cloud-flow.txt'), { now: at });
  assert.ok(!cloud.facts.some((f) => /TGT from a domain controller/.test(f)), 'a cloud TGT is not a DC-issued one');
});

test('recognised but unread lines are said, with their numbers, never silently "not shown"', () => {
  const d = analyzeInput(fx('dsregcmd-unreadable-fields.txt'), { now: at });
  assert.deepEqual(
    d.unread.map((u) => u.line),
    [8, 16, 17, 18],
  );
  assert.ok(
    d.facts.some(
      (f) =>
        f ===
        'recognised as dsregcmd /status, but 4 lines could not be read: line 8 "DomainJoined = YES"; line 16 "AzureAdPrtUpdateTime : 04/03/2027 06:40:12"; line 17 "OnPremTgt : ERROR (0x80070005)"; line 18 "CloudTgt NO"',
    ),
    d.facts.join('\n'),
  );
  const c = analyzeInput(fx('klist-cloud-debug-unreadable-fields.txt'), { now: at });
  assert.ok(c.facts.some((f) => /^recognised as klist cloud_debug, but 3 lines could not be read: line 5 /.test(f)));
  const k = analyzeInput(fx('klist-trust-flow-unreadable-line.txt'), { now: at });
  assert.ok(
    k.facts.some((f) =>
      /^recognised as klist output, but 1 line could not be read: line 14 "<<< garbled by the remote session >>>"/.test(
        f,
      ),
    ),
    k.facts.join('\n'),
  );
  assert.deepEqual(analyzeInput(fx('dsregcmd-hybrid-variant.txt'), { now: at }).unread, []);
});

test('an unread line is shown sanitized: no key bytes, bounded', () => {
  const bytes = Array.from({ length: 24 }, (_, i) => ((i * 7) % 256).toString(16).padStart(2, '0')).join(' ');
  const a = analyzeInput(`| SSO State |\n  AzureAdPrt : YES\n  session ${bytes}\n`, { now: at });
  const said = a.facts.find((f) => f.startsWith('recognised as dsregcmd')) ?? '';
  assert.match(said, /\[bytes removed\]/);
  assert.doesNotMatch(said, new RegExp(bytes.slice(0, 20)));
});

test('`klist get krbtgt/KERBEROS.MICROSOFTONLINE.COM` asks for the referral: no service ticket is expected beside it', () => {
  // Microsoft's troubleshooting asks for exactly this command to see the referral step on its own
  // (https://learn.microsoft.com/en-us/azure/azure-sql/managed-instance/winauth-azuread-troubleshoot); run before
  // the service ticket is asked for, its list holds the TGT and the referral only. Built from the real layout of
  // klist-get-success.txt: the retrieval line names the referral and the service ticket (#2) is not there yet.
  const success = fx('klist-get-success.txt').toString('utf8');
  const referralOnly = success
    .replace(/A ticket to \S+ has been/, 'A ticket to krbtgt/KERBEROS.MICROSOFTONLINE.COM has been')
    .replace('Cached Tickets: (3)', 'Cached Tickets: (2)')
    .replace(/\n#2>[\s\S]*$/, '\n');
  assert.doesNotMatch(referralOnly, /MSSQLSvc/);
  const a = analyzeInput(referralOnly, { name: 'klist get krbtgt', now: at });
  assert.equal(a.kind, 'windows-klist-get');
  assert.deepEqual(
    a.diagnoses.map((d) => d.code),
    [],
  );
  // The same list asked for the service instead is a referral without its service ticket: still a failure.
  const asService = analyzeInput(referralOnly.replace('krbtgt/KERBEROS.MICROSOFTONLINE.COM has', 'x has'), {
    name: 'klist',
    spn: 'MSSQLSvc/sqlmi7.f00dcafe1234.database.windows.net:1433',
    now: at,
  });
  assert.deepEqual(
    asService.diagnoses.map((d) => d.code),
    ['UNKNOWN'],
  );
});
