// The defects real klist pastes showed (issue 22, items 1-5 and 12-14), each held to the paste that showed it
// (test/fixtures/real/klist/, sources in corpus.json), through the analysis the CLI's `analyze` and the Helpdesk
// view use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { ticketsFromKlistText } from '../../../electron/engine/tickets/ticket-source';
import { ParseError } from '../../../electron/engine/errors';

const real = (file: string) => ({
  name: file,
  content: readFileSync(new URL(`../../fixtures/real/klist/${file}`, import.meta.url)),
});
const analyze = (file: string) => analyzeInputs([real(file)], { fallback: 'earliest' });
const only = (file: string) => {
  const input = analyze(file).inputs[0];
  assert.ok(input);
  return input;
};

test('1: a paste cut inside ticket #2 of 6 is read as far as complete (the RC4 referral among them), the cut said', () => {
  const input = only('klist-en-truncated-cross-forest.txt');
  assert.deepEqual(
    input.ticketSet?.tickets.map((t) => `${t.server}@${t.serverRealm}`),
    ['krbtgt/fabrikam.com@contoso.com', 'krbtgt/contoso.com@contoso.com'],
  );
  assert.ok(input.findings.some((f) => f.code === 'TICKET_RC4' && f.ticketIndex === 0));
  assert.match((input.notes ?? []).join(' '), /ticket #2 \(from line 30\).*2 of 6 announced tickets read/);
});

test('3: a ticket with empty names (Client: @, Server: krbtgt/) is read, with a loud finding', () => {
  const r = analyze('klist-en-golden-ticket-empty-names.txt');
  const input = r.inputs[0];
  assert.equal(input?.ticketSet?.tickets[0]?.client, '');
  assert.equal(input?.ticketSet?.tickets[0]?.server, 'krbtgt/');
  const loud = input?.findings.find((f) => f.code === 'TICKET_NAMES_EMPTY');
  assert.equal(loud?.severity, 'error');
  assert.match(loud?.message ?? '', /empty names.*RC4.*3650 days/);
  assert.ok(input?.findings.some((f) => f.code === 'TICKET_LIFETIME_LONG'));
  assert.equal(r.diagnosis?.code, 'UNKNOWN');
  assert.ok(r.diagnosis?.evidence.some((e) => /TICKET_NAMES_EMPTY/.test(e)));
});

for (const file of [
  'klist-purge-en-docs.txt',
  'klist-purge-en-tab-indented.txt',
  'klist-purge-fr.txt',
  'klist-purge-de.txt',
])
  test(`4: klist purge output is recognised in any language (${file})`, () => {
    const r = analyze(file);
    assert.equal(r.inputs[0]?.kind, 'windows-klist-purge');
    assert.equal(r.failed, false);
    assert.match(r.inputs[0]?.facts[0] ?? '', /^klist purge: the tickets of logon session 0:0x[0-9a-f]+ were deleted/);
  });

test('5: a decimal substatus (ShowTickets substatus: 1312) is read as 0x520, in one wording for tickets and analyze', () => {
  const file = 'klist-en-no-logon-session-decimal.txt';
  const input = only(file);
  const said = input.facts[0] ?? '';
  assert.match(said, /substatus 0x520 ERROR_NO_SUCH_LOGON_SESSION, status 0xc000005f STATUS_NO_SUCH_LOGON_SESSION/);
  assert.equal(input.diagnosis?.code, 'NO_TGT');
  assert.throws(
    () => ticketsFromKlistText(real(file).content.toString('utf8')),
    (e: unknown) => e instanceof ParseError && e.code === 'KLIST_FAILED' && e.message === said,
  );
});

for (const file of ['klist-es-service-ticket-only.txt', 'klist-en-service-ticket-only-des-session.txt'])
  test(`12: only service tickets, no TGT, gives the diagnosis of an empty cache, NO_TGT (${file})`, () => {
    const r = analyze(file);
    assert.ok(r.inputs[0]?.findings.some((f) => f.code === 'CHAIN_NO_TGT'));
    assert.equal(r.inputs[0]?.diagnosis?.code, 'NO_TGT');
    assert.equal(r.diagnosis?.code, 'NO_TGT');
    assert.equal(analyze('klist-en-empty-then-tickets.txt').diagnosis?.code, 'NO_TGT');
  });

test('13: klist get cifs/… failing with 0x35 names ERROR_BAD_NETPATH and gives no SQL advice', () => {
  const r = analyze('klist-get-en-cifs-bad-netpath.txt');
  const input = r.inputs[0];
  assert.ok(input?.facts.some((f) => f.includes('substatus 0x35 ERROR_BAD_NETPATH')));
  assert.equal(input?.diagnosis?.code, 'SPN_UNKNOWN');
  for (const d of [input?.diagnosis, r.diagnosis]) {
    const said = `${d?.cause} ${d?.fixUser} ${d?.fixHelpdesk}`;
    assert.ok(!/1433|managed instance|MSSQLSvc\//.test(said), said);
    assert.match(said, /cifs\/contosofiles\.file\.core\.windows\.net/);
  }
});

for (const file of ['klist-ru-forwarded-tgt-first.txt', 'klist-fr-forwarded-tgt-first-fenced.txt'])
  test(`14: the chain's TGT is the PRIMARY initial one (#1), not the forwarded one at #0 (${file})`, () => {
    const input = only(file);
    const tgt = input.ticketSet?.chain.hops.find((h) => h.kind === 'tgt');
    assert.equal(tgt?.ticketIndex, 1);
    assert.equal(input.ticketSet?.tickets[1]?.cacheFlags, '0x1 -> PRIMARY');
  });
