// A collection from the running lab, opened by analyze: on the Windows path through the lab's Windows
// adapter (Windows' outputs made from the lab's real tickets and KDC answers), on the test bench through the
// real MIT tools. The check inside the bundle is the real one.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { collectBundle } from '../../../electron/engine/api/collect-bundle';
import { analyzeInputs } from '../../../electron/engine/analyze/analyze-inputs';
import { runCheck } from '../../../electron/engine/check/run-check';
import { createRealDeps } from '../../../electron/engine/check/real-deps';
import { runTool } from '../../../electron/engine/run-tool';
import { labWindows } from '../../../electron/lab/windows/tools';
import { BundleSchema } from '../../../electron/contract/bundle';
import { labFor } from '../../lab/lab-helpers';

const NOW = () => new Date();

for (const [scenario, code] of [
  ['healthy', null],
  ['spn-missing', 'SPN_UNKNOWN'],
] as const) {
  const expected = code ?? 'no diagnosis';
  test(`Windows path, ${scenario}: the bundle holds every answer, analyze opens it and gives ${expected}`, async () => {
    const { info } = await labFor(scenario);
    const view = await labWindows(info);
    after(() => view.close());
    const target = { server: info.server, port: info.port };
    const deps = createRealDeps({ env: info.env, os: view.os });
    const bundle = await collectBundle({
      platform: 'win32',
      runTool: view.os.runTool,
      now: NOW,
      target,
      redact: false,
      runCheck: () =>
        runCheck(
          { server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 },
          deps,
        ),
    });
    BundleSchema.parse(bundle);
    const by = (id: string) => bundle.commands.find((c) => c.id === id);
    assert.equal(by('klist')?.outcome, 'ok');
    assert.match(by('klist')?.stdout ?? '', /Cached Tickets/);
    assert.equal(by('dsregcmd-status')?.outcome, 'ok');
    assert.equal(by('klist-cloud-debug')?.outcome, 'ok');
    assert.equal(by('reg-kdc-proxy')?.exitCode, 1, 'the lab without a proxy answers as Windows does for an absent key');
    const service = by('klist-get-service');
    if (code === 'SPN_UNKNOWN') assert.match(service?.stdout ?? '', /GetTicket substatus\): 0x6fb/);
    else assert.match(service?.stdout ?? '', /has been retrieved successfully/);
    // Commands the lab has no answer for are noted, never fatal.
    for (const c of bundle.commands) if (c.outcome !== 'ok') assert.match(c.note ?? '', /\[TOOL_/, c.id);
    assert.equal(bundle.check?.diagnosis?.code ?? null, code);

    const a = analyzeInputs([{ name: 'bundle.json', content: JSON.stringify(bundle) }], { fallback: 'earliest' });
    assert.equal(a.diagnosis?.code ?? null, code, JSON.stringify(a.diagnosis));
    assert.equal(a.inputs[0]?.kind, 'kerbprobe-bundle');
    const kinds = a.inputs.map((i) => i.kind);
    for (const k of ['windows-klist', 'windows-klist-get', 'windows-cloud-debug', 'dsregcmd', 'kerbprobe-report'])
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
    assert.ok(
      a.inputs
        .slice(1)
        .every(
          (i) =>
            i.judgedAtSource === 'input' &&
            (i.judgedAt === null || i.kind === 'kerbprobe-report' || i.judgedAt === bundle.capturedAt),
        ),
      'judged as of the capture',
    );
  });
}

test('test bench, spn-missing: klist and kvno through the real MIT tools; analyze reads the bundle', async () => {
  const { info } = await labFor('spn-missing');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...info.env };
  const bundle = await collectBundle({
    platform: 'linux',
    runTool,
    env,
    now: NOW,
    target: { server: info.server, port: info.port },
    redact: true,
    runCheck: () =>
      runCheck(
        { server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 },
        createRealDeps({ env: info.env }),
      ),
  });
  const by = (id: string) => bundle.commands.find((c) => c.id === id);
  assert.equal(by('klist')?.outcome, 'ok');
  assert.match(by('klist')?.stdout ?? '', /Ticket cache:/);
  assert.equal(by('kvno-service')?.outcome, 'ok');
  assert.notEqual(by('kvno-service')?.exitCode, 0);
  assert.match(by('kvno-service')?.stderr ?? '', /not found in Kerberos database/);
  const text = JSON.stringify(bundle);
  assert.equal(bundle.redacted, true);
  for (const name of [info.server, info.server.split('.')[1] ?? '', 'alice', 'CONTOSO'])
    assert.ok(!text.toUpperCase().includes(name.toUpperCase()), `${name} survived redaction`);
  const a = analyzeInputs([{ name: 'b.json', content: text }], { fallback: 'earliest' });
  assert.equal(a.diagnosis?.code, 'SPN_UNKNOWN');
  assert.ok(a.inputs.some((i) => i.kind === 'mit-klist'));
});
