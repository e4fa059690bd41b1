// The real device corpus (test/fixtures/real/device/): outputs people pasted in public places, each read the way
// its entry in corpus.json says — the reading was written from the paste and Microsoft's documentation before
// KerbProbe read the file. Every file goes through its parser (every field the entry names) and through the
// helpdesk's analysis (kind, facts, findings, the diagnosis or none). A paste KerbProbe cannot read fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { analyzeInput } from '../../../electron/engine/analyze/analyze-input';
import { analyzeEvidence } from '../../../electron/engine/diagnose/classify';
import { parseDsregcmd, type DsregStatus } from '../../../electron/engine/environment/dsregcmd';
import { parseCloudDebug } from '../../../electron/engine/environment/windows-cloud-debug';
import { isElevated, isInteractive, parseWhoamiGroups } from '../../../electron/engine/environment/whoami-groups';
import { parseWinHttpProxy } from '../../../electron/engine/environment/winhttp-proxy';
import { dword, parseRegQuery } from '../../../electron/engine/environment/reg-query';

const DIR = new URL('../../fixtures/real/device/', import.meta.url);

interface PrtAttemptExpected {
  time: string | null;
  status: string;
  httpStatus: number;
  serverErrorCode: string;
  aadsts: string;
}

interface Expected {
  kind: string;
  dsregcmd?: {
    azureAdJoined?: boolean | null;
    domainJoined?: boolean | null;
    domainName?: string;
    azureAdPrt?: boolean | null;
    prtFrom?: string;
    prtUpdateTime?: string;
    prtExpiryTime?: string;
    cloudTgt?: boolean | null;
    onPremTgt?: boolean | null;
    tenantId?: string | null;
    kerbTopLevelNames?: number;
    prtAttempt?: PrtAttemptExpected;
    sections?: string[];
  };
  cloudDebug?: Record<string, unknown> & { unread?: number };
  session?: { interactive: boolean; elevated: boolean; integrity: string; logon: string[] };
  winhttp?: { direct: boolean; servers: string[]; bypass?: string[] };
  reg?: { values: number; supportedEncryptionTypes: number | null; cloudKerberosTicketRetrievalEnabled: number | null };
  facts?: string[];
  notFacts?: string[];
  findings: string[];
  diagnosis: string | null;
  unread?: number;
}

interface Entry {
  file: string;
  command: string;
  language: string;
  source: string;
  at?: string;
  reading: string;
  expect: Expected;
}

const corpus = JSON.parse(readFileSync(new URL('corpus.json', DIR), 'utf8')) as { entries: Entry[] };
const read = (file: string): string => readFileSync(new URL(file, DIR), 'utf8');

/** The sections KerbProbe reads; an entry's `sections` lists those pasted (and may name others beside them). */
const READ_SECTIONS = ['Device State', 'User State', 'SSO State'];

function checkDsregcmd(d: DsregStatus, x: NonNullable<Expected['dsregcmd']>): void {
  const has = (k: keyof typeof x): boolean => Object.hasOwn(x, k);
  if (has('azureAdJoined')) assert.equal(d.device.azureAdJoined, x.azureAdJoined, 'AzureAdJoined');
  if (has('domainJoined')) assert.equal(d.device.domainJoined, x.domainJoined, 'DomainJoined');
  if (has('domainName')) assert.equal(d.device.domainName, x.domainName, 'DomainName');
  if (has('azureAdPrt')) assert.equal(d.sso.azureAdPrt, x.azureAdPrt, 'AzureAdPrt');
  if (has('prtFrom')) assert.equal(d.sso.azureAdPrtSection, x.prtFrom, 'the section the PRT line was in');
  if (has('prtUpdateTime')) assert.equal(d.sso.azureAdPrtUpdateTime, x.prtUpdateTime, 'AzureAdPrtUpdateTime');
  if (has('prtExpiryTime')) assert.equal(d.sso.azureAdPrtExpiryTime, x.prtExpiryTime, 'AzureAdPrtExpiryTime');
  if (has('cloudTgt')) assert.equal(d.sso.cloudTgt, x.cloudTgt, 'CloudTgt');
  if (has('onPremTgt')) assert.equal(d.sso.onPremTgt, x.onPremTgt, 'OnPremTgt');
  if (has('tenantId')) assert.equal(d.sso.tenantId, x.tenantId, 'tenant id');
  if (has('kerbTopLevelNames')) assert.equal(d.sso.kerbTopLevelNames.length, x.kerbTopLevelNames);
  if (x.prtAttempt) {
    const a = d.sso.prtAttempt;
    assert.ok(a, 'the PRT diagnostics are read');
    assert.deepEqual(
      {
        time: a.time,
        status: a.status,
        httpStatus: a.httpStatus,
        serverErrorCode: a.serverErrorCode,
        aadsts: a.aadsts,
      },
      x.prtAttempt,
    );
  }
  if (x.sections) {
    for (const s of x.sections) assert.ok(d.pasted.includes(s), `section ${s} is read as pasted`);
    assert.deepEqual(
      READ_SECTIONS.filter((s) => d.pasted.includes(s)),
      READ_SECTIONS.filter((s) => x.sections?.includes(s)),
      'exactly these of the sections KerbProbe reads were pasted',
    );
  }
}

function checkParsed(text: string, x: Expected): void {
  if (x.dsregcmd) {
    const d = parseDsregcmd(text);
    checkDsregcmd(d, x.dsregcmd);
    if (x.unread !== undefined) assert.equal(d.unread.length, x.unread, JSON.stringify(d.unread));
  }
  if (x.cloudDebug) {
    const { unread, ...fields } = x.cloudDebug;
    const c = parseCloudDebug(text);
    for (const [k, v] of Object.entries(fields)) assert.equal(c[k as keyof typeof c], v, k);
    if (unread !== undefined) assert.equal(c.unread.length, unread, JSON.stringify(c.unread));
  }
  if (x.session) {
    const s = parseWhoamiGroups(text);
    assert.deepEqual(
      { interactive: isInteractive(s), elevated: isElevated(s), integrity: s.integrity, logon: s.logon },
      x.session,
    );
  }
  if (x.winhttp) {
    const w = parseWinHttpProxy(text);
    assert.equal(w.direct, x.winhttp.direct);
    assert.deepEqual(
      w.servers.map((s) => s.raw),
      x.winhttp.servers,
    );
    if (x.winhttp.bypass) assert.deepEqual(w.bypass, x.winhttp.bypass);
  }
  if (x.reg) {
    const values = parseRegQuery(text);
    assert.equal(values.length, x.reg.values);
    assert.equal(dword(values, 'SupportedEncryptionTypes'), x.reg.supportedEncryptionTypes);
    assert.equal(dword(values, 'CloudKerberosTicketRetrievalEnabled'), x.reg.cloudKerberosTicketRetrievalEnabled);
  }
}

function checkAnalysis(e: Entry, text: string): void {
  const x = e.expect;
  const at = e.at ? new Date(e.at) : null;
  const r = analyzeInputs([{ name: e.file, content: text, capturedAt: at }], { fallback: 'earliest' });
  const only = r.inputs[0];
  assert.equal(only?.kind, x.kind, 'recognised as');
  const facts = (only?.facts ?? []).join('\n');
  for (const f of x.facts ?? []) assert.ok(facts.toLowerCase().includes(f.toLowerCase()), `fact "${f}" in:\n${facts}`);
  for (const f of x.notFacts ?? []) assert.ok(!facts.includes(f), `no fact says "${f}":\n${facts}`);
  const evidence = analyzeInput(text, { name: e.file, now: at }).evidence;
  const found = analyzeEvidence(evidence)
    .matches.map((m) => m.code)
    .filter((c): c is NonNullable<typeof c> => c !== null);
  assert.deepEqual([...new Set(found)].sort(), [...x.findings].sort(), 'findings');
  assert.equal(r.diagnosis?.code ?? null, x.diagnosis, `diagnosis (${r.diagnosis?.evidence.join(' | ') ?? ''})`);
}

test('every file of the real device corpus has an entry, and every entry a file', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.txt'));
  assert.deepEqual(files.sort(), corpus.entries.map((e) => e.file).sort());
  assert.ok(corpus.entries.length >= 18);
  for (const e of corpus.entries) assert.ok(e.source && e.reading && e.language && e.command, e.file);
});

for (const e of corpus.entries) {
  test(`${e.file} (${e.command}, ${e.language}): ${e.reading.slice(0, 90)}…`, () => {
    const text = read(e.file);
    checkParsed(text, e.expect);
    checkAnalysis(e, text);
  });
}
