// Several inputs, one diagnosis: the evidence of every input read together by diagnose/ (its one root-cause
// order), each input judged as of when it was captured and still saying what it showed by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { INPUT_KIND_TABLE } from '../../../electron/engine/analyze/input-kinds';
import { ROOT_CAUSE_ORDER } from '../../../electron/engine/diagnose/classify';
import { CATALOG } from '../../../electron/engine/diagnose/catalog';
import { CombinedAnalysisSchema } from '../../../electron/contract/analysis';
import { BUNDLE_FORMAT } from '../../../electron/contract/bundle';
import { MAX_ANALYSIS_INPUTS } from '../../../electron/contract/limits';
import { passingReport } from '../report/sample-report';
import * as W from '../environment/windows-device-outputs';

const fx = (p: string) => ({ name: p, content: readFileSync(new URL(`../../fixtures/${p}`, import.meta.url)) });
const NOW = { at: new Date('2027-03-04T11:30:00') };

test('klist get 0x6fb for :3342 + a dsregcmd whose KerbTopLevelNames lack :3342 → the port is not mapped (KERB_TOP_LEVEL_NAME_MISSING), the 0x6fb it explains said beside', () => {
  const r = analyzeInputs(
    [fx('windows/klist-get-spn-not-found-3342-prompt.txt'), fx('windows/dsregcmd-hybrid-no-3342.txt')],
    { fallback: NOW },
  );
  assert.equal(r.diagnosis?.code, 'KERB_TOP_LEVEL_NAME_MISSING');
  assert.match(
    r.diagnosis?.evidence[0] ?? '',
    /^KerbTopLevelNames cover sqlmi1\.public\.abc123def456\.database\.windows\.net but not port 3342/,
  );
  assert.ok(
    r.diagnosis?.evidence.some((e) =>
      /^also seen \(SPN_UNKNOWN\): klist get MSSQLSvc\/sqlmi1\.public\.abc123def456\.database\.windows\.net:3342: GetTicket substatus 0x6fb/.test(
        e,
      ),
    ),
  );
  // What each input showed by itself: the klist get alone is an unknown SPN; dsregcmd alone no failure.
  const [klist, dsreg] = r.inputs;
  assert.equal(klist?.kind, 'windows-klist-get');
  assert.equal(klist?.diagnosis?.code, 'SPN_UNKNOWN');
  assert.equal(dsreg?.kind, 'dsregcmd');
  assert.equal(dsreg?.diagnosis, null);
  assert.ok(
    dsreg?.facts.some((f) =>
      /host suffixes sent to Entra Kerberos: \.windows\.net, \.windows\.net:1433, \.azure\.net/.test(f),
    ),
  );
  assert.equal(r.failed, true);
  CombinedAnalysisSchema.parse(r);
});

test("klist get 0x6fb + a HostToRealm mapping that sends the instance's suffix to the domain → the mapping is the diagnosis (HOST_REALM_MAPPING_WRONG), the 0x6fb said beside", () => {
  const spn = 'MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433';
  const r = analyzeInputs(
    [fx('windows/klist-get-spn-not-found.txt'), { name: 'hosttorealm.txt', content: W.HOST_TO_REALM }],
    { spn, fallback: NOW },
  );
  assert.equal(r.diagnosis?.code, 'HOST_REALM_MAPPING_WRONG');
  assert.match(r.diagnosis?.evidence[0] ?? '', /host-to-realm mapping \.database\.windows\.net → CONTOSO\.COM/);
  assert.ok(r.diagnosis?.evidence.some((e) => /^also seen \(SPN_UNKNOWN\)/.test(e)));
  // Alone, neither says it: the klist get is an unknown SPN, the mappings are facts.
  assert.equal(r.inputs[0]?.diagnosis?.code, 'SPN_UNKNOWN');
  assert.equal(r.inputs[1]?.diagnosis, null);
  // The mapping's exact host entry for another instance wins over the suffix only for that host.
  const mapped = analyzeInputs(
    [
      fx('windows/klist-get-spn-not-found.txt'),
      {
        name: 'hosttorealm.txt',
        content: W.HOST_TO_REALM.replace('sqlmi1.abc123.database', 'sqlmi1.abc123def456.database'),
      },
    ],
    { spn, fallback: NOW },
  );
  assert.equal(mapped.diagnosis?.code, 'SPN_UNKNOWN');
  CombinedAnalysisSchema.parse(r);
});

test('names that cover the SPN leave the unknown SPN as it is; a host under none of them is said so', () => {
  const covered = analyzeInputs(
    [fx('windows/klist-get-spn-not-found-3342-prompt.txt'), fx('windows/dsregcmd-hybrid.txt')],
    { fallback: NOW },
  );
  assert.equal(covered.diagnosis?.code, 'SPN_UNKNOWN');
  const vnet = analyzeInputs([fx('windows/klist-get-spn-not-found.txt'), fx('windows/dsregcmd-hybrid-no-3342.txt')], {
    spn: 'MSSQLSvc/sqlmi1.abc123def456.database.windows.net:1433',
    fallback: NOW,
  });
  assert.equal(vnet.diagnosis?.code, 'SPN_UNKNOWN');
  const foreign = analyzeInputs([fx('windows/klist-get-spn-not-found.txt'), fx('windows/dsregcmd-hybrid.txt')], {
    spn: 'MSSQLSvc/sql.contoso.com:1433',
    fallback: NOW,
  });
  assert.equal(foreign.diagnosis?.code, 'KERB_TOP_LEVEL_NAME_MISSING');
  assert.match(foreign.diagnosis?.evidence[0] ?? '', /KerbTopLevelNames do not cover sql\.contoso\.com/);
});

test("the root cause across inputs is diagnose/'s one order, not the order of the files", () => {
  const files = [fx('windows/klist-get-kdcproxy-unreachable.txt'), fx('windows/klist-tgt-no-credentials.txt')];
  const a = analyzeInputs(files, { fallback: NOW });
  const b = analyzeInputs([...files].reverse(), { fallback: NOW });
  const codes = a.inputs.map((i) => i.diagnosis?.code);
  assert.deepEqual(codes, ['CLOUD_KDC_UNREACHABLE', 'NO_TGT']);
  const first = ROOT_CAUSE_ORDER.find((c) => codes.includes(c));
  assert.equal(a.diagnosis?.code, first);
  assert.equal(b.diagnosis?.code, first);
  assert.ok(a.diagnosis?.evidence.some((e) => /^also seen \(CLOUD_KDC_UNREACHABLE\)/.test(e)));
});

test("each input is judged as of its capture time: given, else the reader's fallback; a report by its own start", () => {
  const klist = fx('windows/klist-trust-flow.txt');
  // Read in 2030 with nothing said: the time of reading (the CLI's documented default) finds the tickets expired…
  const read = analyzeInputs([klist], { fallback: { at: new Date('2030-01-01T00:00:00Z') } });
  assert.equal(read.diagnosis?.code, 'TGT_EXPIRED');
  assert.equal(read.inputs[0]?.judgedAtSource, 'read');
  assert.equal(read.diagnosis?.title, CATALOG.TGT_EXPIRED.helpdeskTitle, 'worded for the technician');
  // …the app's fallback never uses the time of reading: the newest ticket's start is the earliest capture.
  const earliest = analyzeInputs([klist], { fallback: 'earliest' });
  assert.equal(earliest.diagnosis, null);
  assert.equal(earliest.inputs[0]?.judgedAtSource, 'earliest');
  assert.equal(earliest.inputs[0]?.judgedAt, new Date('2027-03-04T10:05:33').toISOString());
  // A capture time given wins over the fallback.
  const given = analyzeInputs([{ ...klist, capturedAt: new Date('2027-03-04T12:00:00') }], {
    fallback: { at: new Date('2030-01-01T00:00:00Z') },
  });
  assert.equal(given.diagnosis, null);
  assert.equal(given.inputs[0]?.judgedAtSource, 'given');
  // A saved report says when it ran: judged then, whatever the reader's clock.
  const report = analyzeInputs([{ name: 'r.json', content: JSON.stringify(passingReport()) }], {
    fallback: { at: new Date('2030-01-01T00:00:00Z') },
  });
  assert.equal(report.inputs[0]?.judgedAtSource, 'input');
  assert.equal(report.inputs[0]?.judgedAt, passingReport().startedAt);
  assert.equal(report.failed, false);
});

test("a saved report and pasted evidence combine: the report's code is evidence like any other", () => {
  const r = analyzeInputs(
    [{ name: 'r.json', content: JSON.stringify(passingReport()) }, fx('windows/klist-get-spn-not-found.txt')],
    { fallback: NOW },
  );
  assert.equal(r.diagnosis?.code, 'SPN_UNKNOWN');
  assert.equal(r.inputs[0]?.diagnosis, null);
});

test('the kinds table: one entry per parser, each recognised and read; reg query of the policy keys too', () => {
  const kinds = INPUT_KIND_TABLE.map((k) => k.kind);
  assert.equal(new Set(kinds).size, kinds.length, 'a kind is one entry');
  const proxy = analyzeInputs([fx('windows-registry/kdc-proxy-servers.txt')], { fallback: 'earliest' });
  assert.equal(proxy.inputs[0]?.kind, 'reg-kdc-proxy');
  assert.match(proxy.inputs[0]?.facts[0] ?? '', /^KDC proxy servers by policy: KERBEROS\.MICROSOFTONLINE\.COM → /);
  const cloud = analyzeInputs([fx('windows-registry/cloud-kerberos-enabled.txt')], { fallback: 'earliest' });
  assert.equal(cloud.inputs[0]?.kind, 'reg-cloud-kerberos');
  assert.match(cloud.inputs[0]?.facts[0] ?? '', /^CloudKerberosTicketRetrievalEnabled = 1/);
});

test("no inputs, or more than the contract's limit, is a usage error", () => {
  assert.throws(() => analyzeInputs([], { fallback: 'earliest' }), { code: 'USAGE' });
  const many = Array.from({ length: MAX_ANALYSIS_INPUTS + 1 }, () => fx('windows/dsregcmd-hybrid.txt'));
  assert.throws(() => analyzeInputs(many, { fallback: 'earliest' }), { code: 'USAGE' });
});

test("the device checks' outputs are kinds of the table too: each read by its parser into the fact the check builds", () => {
  const read = (text: string) => analyzeInputs([{ name: 'x.txt', content: text }], { fallback: 'earliest' }).inputs[0]!;
  const cases: [string, string, RegExp][] = [
    [W.CURRENT_VERSION_W11, 'reg-windows-build', /22631/],
    [W.WHOAMI_ELEVATED_CSV_ES, 'whoami-groups', /elevated/i],
    [W.WHOAMI_SERVICE_LIST, 'whoami-groups', /service/i],
    [W.WHOAMI_INTERACTIVE, 'whoami-groups', /interactive/i],
    [W.NETSH_PROXY, 'netsh-winhttp-proxy', /proxy/i],
    [W.SC_STOPPED_FR, 'sc-query', /stopped/i],
    [W.PROXY_MGR_FIDDLER, 'reg-proxy-mgr', /8888/],
    [W.HOST_TO_REALM, 'reg-host-to-realm', /host-to-realm mapping/],
  ];
  for (const [text, kind, fact] of cases) {
    const i = read(text);
    assert.equal(i.kind, kind);
    assert.match(i.facts.join('\n'), fact, `${kind}: ${i.facts.join(' | ')}`);
  }
  // A Fiddler leftover explains the 0x51f a klist get shows beside it: the setting to change is the diagnosis.
  const both = analyzeInputs(
    [fx('windows/klist-get-kdcproxy-unreachable.txt'), { name: 'proxymgr.txt', content: W.PROXY_MGR_FIDDLER }],
    { fallback: 'earliest' },
  );
  assert.equal(both.diagnosis?.code, 'FIDDLER_PROXY_LEFTOVER');
  assert.ok(both.diagnosis?.evidence.some((e) => /also seen \(CLOUD_KDC_UNREACHABLE\)/.test(e)));
});

test('one judge: every fixture and every saved report that fails has a diagnosis, and a chain error is one', () => {
  const windows = readdirSync(new URL('../../fixtures/windows/', import.meta.url)).filter((f) => f.endsWith('.txt'));
  const failing = [];
  for (const name of windows) {
    let r;
    try {
      r = analyzeInputs([fx(`windows/${name}`)], { fallback: NOW });
    } catch {
      continue; // not an input kind the analysis reads (nltest): refused, not judged
    }
    assert.equal(r.failed, r.diagnosis !== null, name);
    const chainError = r.inputs.some((i) => i.findings.some((f) => f.severity === 'error'));
    if (chainError) assert.ok(r.diagnosis, `${name}: a chain error without a diagnosis`);
    if (r.failed) failing.push(name);
  }
  // The pastes whose chain alone shows the failure now name it, as a pasted klist get does.
  assert.equal(analyzeInputs([fx('windows/klist-es.txt')], { fallback: NOW }).diagnosis?.code, 'NO_TGT');
  assert.equal(analyzeInputs([fx('windows/klist-referral-only.txt')], { fallback: NOW }).diagnosis?.code, 'UNKNOWN');
  assert.ok(failing.length >= 10, failing.join(', '));
});

test('a saved report that failed with no diagnosis of its own is judged UNKNOWN, its verdict said as evidence', () => {
  const report = { ...passingReport(), verdict: 'fail' as const };
  const r = analyzeInputs([{ name: 'failed.json', content: JSON.stringify(report) }], { fallback: NOW });
  assert.equal(r.failed, true);
  assert.equal(r.diagnosis?.code, 'UNKNOWN');
  assert.ok(r.diagnosis?.evidence.some((e) => /^saved report failed\.json: the check failed/.test(e)));
});

test("a bundle this version does not read is refused (BUNDLE_INVALID), the file's words and its name made safe", () => {
  // A bundle in every field, but with one key the schema does not know: the schema quotes that key.
  const bundle = {
    format: BUNDLE_FORMAT,
    schemaVersion: 1,
    tool: { name: 'kerbprobe', version: '0.1.0', platform: 'win32' },
    capturedAt: '2026-12-01T10:00:00.000Z',
    redacted: false,
    target: null,
    elevated: null,
    commands: [],
    check: null,
    checkError: null,
    '\u001b]0;owned\u0007\u001b[2Jnote': 'x',
  };
  const name = 'C:\\Users\\alice\\Downloads\\\u001b[31mbundle.json';
  const refused = (text: string) =>
    assert.throws(
      () => analyzeInputs([{ name, content: text }], { fallback: NOW }),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, 'BUNDLE_INVALID');
        assert.doesNotMatch(err.message, /[\u0000-\u001f\u007f]/);
        assert.ok(err.message.startsWith('C:\\Users\\alice\\Downloads\\ [31mbundle.json: '), err.message);
        return true;
      },
    );
  refused(JSON.stringify(bundle));
  refused(`{"format":"${BUNDLE_FORMAT}", oops`);
  assert.throws(() => analyzeInputs([{ name, content: JSON.stringify(bundle) }], { fallback: NOW }), {
    message: /Unrecognized key: " \]0;owned \[2Jnote"/,
  });
});
