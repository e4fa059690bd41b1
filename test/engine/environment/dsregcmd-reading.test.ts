// What a pasted `dsregcmd /status` says, held to real pastes (test/fixtures/real/device/) and Microsoft's
// documentation: the old layout's PRT under User State, a section that was not pasted said as not pasted, an
// unknown join state said as unknown, a missing PRT with its diagnostics as the diagnosis (AADSTS explained), and the
// PRT's expiry judged at the time the output was captured (issue 22, items 6-10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { parseDsregcmd } from '../../../electron/engine/environment/dsregcmd';

const real = (name: string): string =>
  readFileSync(new URL(`../../fixtures/real/device/${name}`, import.meta.url), 'utf8');
const analyze = (name: string, at: string | null = null) =>
  analyzeInputs([{ name, content: real(name), capturedAt: at ? new Date(at) : null }], { fallback: 'earliest' });
const factsOf = (r: ReturnType<typeof analyze>): string => r.inputs[0]?.facts.join('\n') ?? '';

test('item 6: the old layout prints AzureAdPrt under User State; that is the PRT, read as YES', () => {
  const d = parseDsregcmd(real('dsregcmd-old-layout-user-state-prt.txt'));
  assert.equal(d.sso.azureAdPrt, true);
  assert.equal(d.sso.azureAdPrtSection, 'User State');
  assert.equal(d.sso.tenantId, '7d70ab4b-48d4-4686-9846-af262b6ae1e1', "the old layout's TenantId is in Device State");
  const r = analyze('dsregcmd-old-layout-user-state-prt.txt');
  assert.match(factsOf(r), /^PRT: YES — printed under User State/m);
  assert.doesNotMatch(factsOf(r), /PRT: not shown/);
  assert.equal(r.diagnosis, null);
});

test('item 7: a paste without the SSO State section says the section was not pasted, not a build', () => {
  const r = analyze('dsregcmd-hybrid-device-state-only.txt');
  const facts = factsOf(r);
  assert.match(facts, /PRT, CloudTgt, OnPremTgt not known: the SSO State section was not pasted/);
  assert.doesNotMatch(facts, /build before Windows 11 21H2/);
  // The old layout has no SSO State either, but printed its PRT: its cloud tickets are not shown, for that reason.
  assert.match(
    factsOf(analyze('dsregcmd-old-layout-user-state-prt.txt')),
    /CloudTgt \/ OnPremTgt not shown: this output has no SSO State section/,
  );
});

test('item 8: no "not the incoming trust flow" drawn from a DomainJoined line that is not there', () => {
  const facts = factsOf(analyze('dsregcmd-sso-only-prt-yes-2019.txt', '2019-01-24T20:00:00Z'));
  assert.doesNotMatch(facts, /not the incoming trust flow \(DomainJoined/);
  assert.match(facts, /incoming trust flow unknown \(the Device State section was not pasted\)/);
  assert.match(facts, /^join state not known: the Device State section was not pasted$/m);
  // A Device State without the DomainJoined line: unknown too, for that reason.
  const text = real('dsregcmd-hybrid-device-state-only.txt').replace(/^ *DomainJoined : YES\n/m, '');
  const r = analyzeInputs([{ name: 'x', content: text }], { fallback: 'earliest' });
  assert.match(factsOf(r), /incoming trust flow unknown \(no DomainJoined line\)/);
});

test('item 9: AzureAdPrt NO with its diagnostics is the diagnosis, the AADSTS code explained from Microsoft', () => {
  const r = analyze('dsregcmd-prt-no-aadsts50126-lines-only.txt', '2020-09-18T21:00:00Z');
  assert.equal(r.inputs[0]?.kind, 'dsregcmd', 'the SSO State lines without their box are read');
  assert.equal(r.diagnosis?.code, 'PRT_MISSING');
  const evidence = r.diagnosis?.evidence.join('\n') ?? '';
  assert.match(evidence, /no usable PRT \(AzureAdPrt NO\)/);
  assert.match(evidence, /Attempt Status 0xc000006d \(STATUS_LOGON_FAILURE/);
  assert.match(evidence, /HTTP 400, invalid_grant, AADSTS50126 \(InvalidUserNameOrPassword/);
  assert.match(r.diagnosis?.fixHelpdesk ?? '', /reference-error-codes/);
  assert.match(r.diagnosis?.fixHelpdesk ?? '', /troubleshoot-primary-refresh-token/);
  const tenant = analyze('dsregcmd-hybrid-prt-no-aadsts90002-trimmed.txt');
  assert.equal(tenant.diagnosis?.code, 'PRT_MISSING');
  assert.match(tenant.diagnosis?.evidence.join('\n') ?? '', /AADSTS90002 \(InvalidTenantName/);
  // Its Device State was not pasted: the evidence says so rather than "absent" join lines (item 7).
  assert.match(tenant.diagnosis?.evidence[0] ?? '', /^dsregcmd \/status: Device State not pasted, AzureAdPrt NO/);
  // A cloud ticket held (CloudTgt YES) is another way in: the missing PRT is said, not diagnosed.
  const held = analyze('dsregcmd-sso-prt-no-aadsts50126-cloudtgt-yes.txt', '2020-07-18T21:00:00Z');
  assert.equal(held.diagnosis, null);
  assert.match(factsOf(held), /last PRT attempt failed: at 2020-07-18T20:10:33Z/);
});

test('item 9: no PRT on a device that is not Entra joined is expected, not a finding', () => {
  const r = analyze('dsregcmd-ws2022-domain-joined-system-context.txt');
  assert.equal(r.diagnosis, null);
  assert.match(factsOf(r), /PRT: NO — expected: only a Microsoft Entra joined or hybrid joined device gets one/);
});

test('item 10: the PRT expiry is judged at the time the output was captured (--at / the injected clock)', () => {
  const file = 'dsregcmd-entra-joined-prt-yes-uneven-spacing.txt';
  assert.equal(analyze(file, '2025-06-02T06:00:00Z').diagnosis, null, 'valid when printed');
  const late = analyze(file, '2026-12-07T00:00:00Z');
  assert.equal(late.diagnosis?.code, 'PRT_MISSING');
  assert.match(
    late.diagnosis?.evidence[0] ?? '',
    /AzureAdPrt YES, but it expired at 2025-06-16T05:57:28Z \(judged at 2026-12-07T00:00:00\.000Z\)/,
  );
  assert.equal(late.inputs[0]?.judgedAt, '2026-12-07T00:00:00.000Z');
  assert.equal(late.inputs[0]?.judgedAtSource, 'given');
  // The CLI's clock (its documented default without --at) judges the same way.
  const byClock = analyzeInputs([{ name: file, content: real(file) }], {
    fallback: { at: new Date('2026-12-07T00:00:00Z') },
  });
  assert.equal(byClock.diagnosis?.code, 'PRT_MISSING');
  // Without any time, nothing is called expired.
  assert.equal(analyze(file).diagnosis, null);
});

test('item 10: a PRT not refreshed for more than four hours is said (Microsoft: a refresh problem is likely)', () => {
  const r = analyze('dsregcmd-sso-only-prt-yes-enterprise-prt.txt', '2020-07-13T08:00:00Z');
  assert.match(factsOf(r), /not refreshed for 9 hours at 2020-07-13T08:00:00\.000Z/);
  assert.equal(r.diagnosis, null, 'still valid: a fact, not a failure');
});

test("a dsregcmd's own Client Time is when it was printed: it judges the output when no time is given", () => {
  const r = analyze('dsregcmd-ws2022-domain-joined-system-context.txt');
  assert.equal(r.inputs[0]?.judgedAt, '2022-11-07T15:51:42.000Z');
  assert.equal(r.inputs[0]?.judgedAtSource, 'input');
});
