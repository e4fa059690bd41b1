// Real `klist` pastes (test/fixtures/real/klist/): every file recognised, every ticket and field read as its entry in
// corpus.json says, and the analysis ending in the diagnosis written there — or none. The expectations were written
// from reading each paste and Microsoft's documentation before the parsers were run on them (see the fixtures' README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { detectInput } from '../../../electron/engine/tickets/detect-input';
import { ticketsFromKlistText } from '../../../electron/engine/tickets/ticket-source';
import { findKlistFailure } from '../../../electron/engine/tickets/windows-klist-get';
import { parseKlistPurge } from '../../../electron/engine/tickets/windows-klist-purge';
import { toLines } from '../../../electron/engine/tickets/pasted-text';
import { parseCloudDebug } from '../../../electron/engine/environment/windows-cloud-debug';
import type { Ticket } from '../../../electron/contract/report';

interface ExpectedTicket {
  client: string;
  clientRealm: string;
  server: string;
  serverRealm: string;
  start: string | null;
  end: string | null;
  renewUntil: string | null;
  flagsHex: string;
  ticketEnctype: string | null;
  sessionEnctype: string | null;
  cacheFlags?: string;
  kdcCalled: string | null;
  /** The flag names klist printed after `->`, when the paste shows them whole. */
  flagsPrinted?: string;
}

interface Expected {
  declaredCount?: number;
  tickets?: ExpectedTicket[];
  truncated?: { complete: number; cutEntry: number; cutLine: number };
  chainTgtIndex?: number | null;
  findings?: string[];
  /** A diagnosis code, null for none, `not-asserted` where another part of the issue owns it. */
  diagnosis: string | null;
  failure?: { substatusHex: string; statusHex: string };
  target?: string;
  spn?: string;
  logonId?: string;
  purged?: boolean;
  cloudDebug?: { policyEnabled: boolean; cloudPrimaryTgtAvailable: boolean };
  factsMatch?: string[];
  notInAdvice?: string[];
}

interface CorpusEntry {
  file: string;
  command: string;
  language: string;
  kind: string;
  source: { url?: string; kind?: 'github-file'; anchor?: string; note: string };
  expected: Expected;
}

const dir = new URL('../../fixtures/real/klist/', import.meta.url);
const corpus = JSON.parse(readFileSync(new URL('corpus.json', dir), 'utf8')) as CorpusEntry[];
const bytes = (file: string): Buffer => readFileSync(new URL(file, dir));
const TICKET_KINDS = new Set(['windows-klist', 'windows-klist-get', 'windows-klist-tgt']);

/** Windows prints `pre_authent`, `name_canonicalize`; the names read are RFC 4120's with hyphens. */
const printedNames = (printed: string): string[] =>
  printed
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => n.replace(/_/g, '-'));

function assertTicket(actual: Ticket | undefined, want: ExpectedTicket, where: string): void {
  assert.ok(actual, `${where}: no ticket read`);
  const { flagsPrinted, kdcCalled, cacheFlags, ...fields } = want;
  for (const [key, value] of Object.entries(fields))
    assert.deepEqual(actual[key as keyof Ticket] ?? null, value, `${where}: ${key}`);
  assert.equal(actual.kdcCalled ?? null, kdcCalled, `${where}: kdcCalled`);
  if (cacheFlags !== undefined) assert.equal(actual.cacheFlags, cacheFlags, `${where}: cacheFlags`);
  if (flagsPrinted !== undefined)
    assert.deepEqual([...actual.flags].sort(), printedNames(flagsPrinted).sort(), `${where}: flag names`);
}

test('the corpus holds at least 25 real klist-family pastes in at least four languages', () => {
  assert.ok(corpus.length >= 25, `${corpus.length} files`);
  assert.ok(new Set(corpus.map((c) => c.language)).size >= 4);
  for (const c of corpus) assert.ok(c.source.url ?? c.source.note, `${c.file}: a source`);
});

for (const entry of corpus) {
  const { file, expected: want } = entry;
  test(`real ${entry.command} (${entry.language}): ${file}`, () => {
    const content = bytes(file);
    const text = content.toString('utf8');
    const analysis = analyzeInputs([{ name: file, content }], { fallback: 'earliest' });
    const input = analysis.inputs[0];
    assert.ok(input);
    assert.equal(input.kind, entry.kind, 'recognised as');

    if (TICKET_KINDS.has(entry.kind) && want.tickets) {
      assert.equal(detectInput(text).kind, entry.kind);
      const src = ticketsFromKlistText(text, {}, file);
      assert.equal(src.tickets.length, want.tickets.length, 'tickets read');
      want.tickets.forEach((t, i) => assertTicket(src.tickets[i], t, `${file} #${i}`));
      const tgtHop = input.ticketSet?.chain.hops.find((h) => h.kind === 'tgt');
      if (want.chainTgtIndex !== undefined) assert.equal(tgtHop?.ticketIndex ?? null, want.chainTgtIndex, 'chain TGT');
      for (const code of want.findings ?? [])
        assert.ok(
          input.findings.some((f) => f.code === code),
          `finding ${code} among ${input.findings.map((f) => f.code).join(', ')}`,
        );
    }
    if (want.truncated) {
      const note = (input.notes ?? []).join(' ');
      assert.match(note, new RegExp(`ticket #${want.truncated.cutEntry}\\b.*line ${want.truncated.cutLine}\\b`));
      assert.match(note, new RegExp(`${want.truncated.complete} of ${want.declaredCount ?? 0}`));
    }
    if (want.failure) {
      const failure = findKlistFailure(toLines(text, 'KLIST'));
      assert.equal(failure?.substatusHex, want.failure.substatusHex, 'substatus');
      assert.equal(failure?.statusHex, want.failure.statusHex, 'status');
    }
    if (want.purged !== undefined) {
      const purge = parseKlistPurge(text);
      assert.equal(purge.purged, want.purged);
      assert.equal(purge.logonId, want.logonId ?? null);
    }
    if (want.cloudDebug) {
      const c = parseCloudDebug(text);
      assert.equal(c.enabledByPolicy, want.cloudDebug.policyEnabled);
      assert.equal(c.cloudPrimaryTgtAvailable, want.cloudDebug.cloudPrimaryTgtAvailable);
    }
    for (const said of want.factsMatch ?? [])
      assert.ok(
        [...input.facts, ...(input.diagnosis?.evidence ?? [])].some((f) => f.includes(said)),
        `"${said}" said among ${JSON.stringify(input.facts)}`,
      );
    if (want.diagnosis !== 'not-asserted') {
      assert.equal(
        input.diagnosis?.code ?? null,
        want.diagnosis,
        `diagnosis (${input.diagnosis?.evidence.join(' | ')})`,
      );
      assert.equal(analysis.diagnosis?.code ?? null, want.diagnosis, 'combined diagnosis');
    }
    const advice = `${input.diagnosis?.fixUser ?? ''} ${input.diagnosis?.fixHelpdesk ?? ''}`;
    for (const absent of want.notInAdvice ?? []) assert.ok(!advice.includes(absent), `no "${absent}" in: ${advice}`);
  });
}
