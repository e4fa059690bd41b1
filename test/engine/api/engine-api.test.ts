// The one engine API, as the app's verbs and the CLI call it: pasted text, saved reports and rendering go
// through the real engine functions (no lab needed for these), and a check's target is built once at the edge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngineApi } from '../../../electron/engine/api/engine-api';
import { HEALTHY_REPORT, SPN_MISSING_REPORT } from '../../e2e/fixtures/reports';
import type { KerbProbeError } from '../../../electron/engine/errors';

const fixture = (name: string) => readFileSync(new URL(`../../e2e/fixtures/${name}`, import.meta.url), 'utf8');
const api = createEngineApi();

/** One pasted input through the Helpdesk view's verb: its own reading, and the one diagnosis. */
async function analyzeOne(text: string, name = 'pasted text') {
  const a = await api.analyzeInputs([{ text, name }]);
  assert.equal(a.inputs.length, 1);
  return { ...a.inputs[0]!, combined: a.diagnosis };
}

test('pasted Windows klist output becomes the trust-flow chain', async () => {
  const a = await analyzeOne(fixture('klist-trust-flow.txt'));
  assert.equal(a.kind, 'windows-klist');
  assert.equal(a.ticketSet?.chain.flow, 'trust');
  assert.deepEqual(
    a.ticketSet?.chain.hops.map((h) => h.kind),
    ['tgt', 'referral', 'service'],
  );
});

test('a failed `klist get` is diagnosed from its substatus, not from the misleading text', async () => {
  const a = await analyzeOne(fixture('klist-get-spn-not-found.txt'));
  assert.equal(a.diagnosis?.code, 'SPN_UNKNOWN');
  assert.equal(a.combined?.code, 'SPN_UNKNOWN');
  assert.match(a.diagnosis?.evidence[0] ?? '', /0x6fb/);
});

test('pasted klist cloud_debug and dsregcmd /status go through the same classifier', async () => {
  const off = readFileSync(new URL('../../fixtures/windows/klist-cloud-debug-disabled.txt', import.meta.url), 'utf8');
  // Alone, the policy off rules out the modern flow but is no diagnosis: the join state is not shown.
  assert.equal((await analyzeOne(off)).combined?.code ?? null, null);
  const dsreg = await analyzeOne(
    readFileSync(new URL('../../fixtures/windows/dsregcmd-hybrid.txt', import.meta.url), 'utf8'),
  );
  assert.equal(dsreg.kind, 'dsregcmd');
  assert.ok(
    dsreg.facts.some((f) =>
      /OnPremTgt \(cloud Kerberos trust ticket for on-premises resources, not the incoming trust flow\): YES/.test(f),
    ),
  );
});

test('text that is neither klist nor a report is refused with a stable code', async () => {
  await assert.rejects(
    api.analyzeInputs([{ text: 'hello world' }]),
    (e: KerbProbeError) => e.code === 'INPUT_NOT_RECOGNISED',
  );
});

test('reports render in every format, redaction removes the names, and JSON reads back', async () => {
  for (const format of ['html', 'md', 'json'] as const) {
    const plain = await api.renderReport(SPN_MISSING_REPORT, format, { redact: false });
    assert.match(plain, /SPN_UNKNOWN/);
    assert.match(plain, /lab0001/);
    const red = await api.renderReport(SPN_MISSING_REPORT, format, { redact: true });
    assert.doesNotMatch(red, /alice|lab0001|CONTOSO\.TEST/i, `${format} redacted`);
  }
  const back = await api.readReport(await api.renderReport(HEALTHY_REPORT, 'json', { redact: false }));
  assert.deepEqual(back, { report: HEALTHY_REPORT, contradictions: [] });
  // A forged "pass" next to a failed step and a diagnosis is opened with what contradicts it, for the app to show.
  const forged = { ...SPN_MISSING_REPORT, verdict: 'pass' as const };
  const opened = await api.readReport(await api.renderReport(forged, 'json', { redact: false }));
  assert.deepEqual(
    opened.contradictions.map((c) => c.kind),
    ['pass-with-failed-step', 'pass-with-diagnosis', 'pass-without-sql-session'],
  );
  await assert.rejects(
    api.readReport('{"tool":{"name":"other"}}'),
    (e: KerbProbeError) => typeof e.code === 'string' && e.code.startsWith('REPORT_'),
  );
});

test("a check's target is built once at the edge: the CA file read there only, and no report holds it", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-ca-edge-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const caFile = join(dir, 'ca.pem');
  const pem = '-----BEGIN CERTIFICATE-----\nbm90IGEgcmVhbCBjZXJ0aWZpY2F0ZQ==\n-----END CERTIFICATE-----\n';
  writeFileSync(caFile, pem);
  // No Kerberos configuration, no cache, a closed local port: the check ends at once, whatever it finds.
  const engine = createEngineApi({
    env: { KRB5_CONFIG: '/dev/null', KRB5CCNAME: `FILE:${join(dir, 'no-cache')}`, KERBPROBE_HISTORY: join(dir, 'h') },
  });
  const input = { server: 'ca-edge.invalid', address: '127.0.0.1', port: 9, caFile, timeoutSeconds: 2 };
  const { target } = await engine.checkTarget(input);
  assert.equal(target.caPem, pem);
  assert.equal(target.spn, 'MSSQLSvc/ca-edge.invalid:9');
  // Gone before the check runs: a check that read it again would stop with INPUT_CA_MISSING.
  rmSync(caFile);
  const report = await engine.check(target, { history: 'off' });
  assert.equal(report.target.caFile, caFile, 'the report names the CA file by its path');
  assert.equal('caPem' in report.target, false);
  assert.doesNotMatch(JSON.stringify(report), /BEGIN CERTIFICATE|bm90IGEgcmVhbC/);
  // The edge itself refuses the missing file before any traffic, with the contract's code.
  await assert.rejects(engine.checkTarget(input), (e: KerbProbeError) => e.code === 'INPUT_CA_MISSING');
  const request = { ...input, encrypt: 'mandatory' as const, trustServerCertificate: false };
  const options = { signal: new AbortController().signal, onProgress: () => {}, history: 'off' as const };
  await assert.rejects(engine.runCheck(request, options), (e: KerbProbeError) => e.code === 'INPUT_CA_MISSING');
});
