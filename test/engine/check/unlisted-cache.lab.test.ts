// A Windows without klist.exe on PATH (a stripped-down image, a restricted shell, Wine): the ticket cache cannot be
// listed, so whether a TGT is held is unknown — not "no TGT". The check asks for the ticket anyway and its answer
// decides: the lab's healthy instance passes end to end, the empty cache of no-tgt is NO_TGT from the binding's own
// status. The rest of the Windows path is the lab's Windows view (lab/windows/tools.ts); the binding is this
// process's (MIT here; the installed kerbprobe.exe does the same under Wine in test/windows/installed-cli.wine.ts).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCheck } from '../../../electron/engine/check/run-check';
import { createRealDeps } from '../../../electron/engine/check/real-deps';
import { KerbProbeError } from '../../../electron/engine/errors';
import { labWindows } from '../../../electron/lab/windows/tools';
import { labFor } from '../../lab/lab-helpers';
import type { LabInfo } from '../../../electron/lab/lab-types';
import type { LabWindowsView } from '../../../electron/lab/windows/tools';

function withoutKlist(info: LabInfo, view: LabWindowsView) {
  const os = {
    ...view.os,
    runTool: (command: string, args: string[], options: Parameters<LabWindowsView['os']['runTool']>[2]) =>
      /^klist(\.exe)?$/i.test(command)
        ? Promise.reject(new KerbProbeError('TOOL_NOT_FOUND', `${command} is not installed or not on PATH`))
        : view.os.runTool(command, args, options),
  };
  return createRealDeps({ env: info.env, os });
}

for (const [scenario, expected] of [
  ['healthy', null],
  ['no-tgt', 'NO_TGT'],
] as const) {
  test(`no klist on PATH, ${scenario}: the ticket is asked for anyway → ${expected ?? 'pass'}`, async () => {
    const { info } = await labFor(scenario);
    const view = await labWindows(info);
    after(() => view.close());
    const r = await runCheck(
      { server: info.server, port: info.port, address: info.address, caFile: info.caFile, timeoutSeconds: 10 },
      withoutKlist(info, view),
    );
    assert.equal(r.diagnosis?.code ?? null, expected, JSON.stringify(r.diagnosis ?? r.steps));
    const step = (id: string) => r.steps.find((s) => s.id === id);
    assert.equal(step('tgt')?.status, 'warn');
    assert.match(step('tgt')?.detail ?? '', /could not be listed/);
    assert.equal(step('service-ticket')?.status, expected ? 'fail' : 'pass', JSON.stringify(step('service-ticket')));
    assert.match(step('referral')?.detail ?? '', /not known: the ticket cache could not be listed/);
  });
}
