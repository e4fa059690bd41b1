// The device and proxy-path hops with small fakes of their ports: a Windows tool that is missing or answers in
// a layout no parser reads is a warning of its step, never a failure of the check; off Windows the steps are
// skipped, except the realm step (krb5.conf's domain_realm).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deviceHop, type DeviceDeps } from '../../../electron/engine/check/hops/device';
import { proxyPathHop, type ProxyPathDeps } from '../../../electron/engine/check/hops/proxy-path';
import { environmentHop } from '../../../electron/engine/check/hops/environment';
import { ticketsHop } from '../../../electron/engine/check/hops/tickets';
import type { Hop, HopContext } from '../../../electron/engine/check/hop';
import { StepRecorder } from '../../../electron/engine/check/step-recorder';
import { normalizeTarget } from '../../../electron/engine/check/target';
import { KerbProbeError } from '../../../electron/engine/errors';

const NOW = new Date('2026-06-01T12:00:00Z');
const target = normalizeTarget({ server: 'sqlmi1.abc.database.windows.net', port: 1433 });

function ctx<D>(deps: D, steps: StepRecorder): HopContext<D> {
  const outs = new Map<unknown, unknown>([
    [environmentHop, { facts: [] }],
    [
      ticketsHop,
      {
        set: null,
        userRealm: 'CONTOSO.COM',
        serviceRealm: 'KERBEROS.MICROSOFTONLINE.COM',
        tgtValid: false,
        cachedService: false,
        trustFlow: true,
      },
    ],
  ]);
  return {
    target,
    deps,
    steps,
    signal: new AbortController().signal,
    remaining: () => 5000,
    cancelled: () => false,
    now: () => NOW,
    need: async <T>(h: Hop<T, unknown>) => outs.get(h) as T,
  };
}
const missing = async (): Promise<never> => {
  throw new KerbProbeError('TOOL_NOT_FOUND', 'whoami is not installed or not on PATH');
};

test('device: missing tools are warnings, and the realm step still reads what it has', async () => {
  const steps = new StepRecorder();
  const deps: DeviceDeps = { windows: true, realmForHost: () => null, windowsTool: missing };
  const r = await deviceHop.run(ctx(deps, steps));
  const device = steps.get('device');
  assert.equal(device?.status, 'warn');
  assert.ok(
    device?.evidence?.some((l) => /whoami \/groups could not be read: whoami is not installed/.test(l)),
    JSON.stringify(device),
  );
  assert.equal(steps.get('realm-mapping')?.status, 'warn', 'dsregcmd unknown: KerbTopLevelNames unknown');
  assert.ok(r.out.facts.some((f) => f.kind === 'windows-flow'));
});

test("device: an output in an unknown layout is a warning with the parser's code", async () => {
  const steps = new StepRecorder();
  const deps: DeviceDeps = {
    windows: true,
    realmForHost: () => null,
    windowsTool: async () => ({ stdout: '\u001b[31mnot a registry answer\u001b[0m', stderr: '', exitCode: 0 }),
  };
  await deviceHop.run(ctx(deps, steps));
  const lines = steps.get('device')?.evidence ?? [];
  assert.ok(
    lines.some((l) => /the Windows build could not be read: no CurrentBuild value/.test(l)),
    JSON.stringify(lines),
  );
  assert.ok(
    lines.every((l) => !l.includes('\u001b')),
    'no control characters reach the step',
  );
});

test('off Windows: device and proxy-path are skipped, the realm step reads domain_realm', async () => {
  const steps = new StepRecorder();
  const r = await deviceHop.run(
    ctx<DeviceDeps>({ windows: false, realmForHost: () => 'CONTOSO.COM', windowsTool: missing }, steps),
  );
  assert.equal(steps.get('device')?.status, 'skip');
  assert.match(
    steps.get('realm-mapping')?.detail ?? '',
    new RegExp(
      /host-to-realm mapping sqlmi1\.abc\.database\.windows\.net → CONTOSO\.COM /.source +
        /\(krb5\.conf \[domain_realm\]\).*HOST_REALM_MAPPING_WRONG/.source,
    ),
  );
  assert.deepEqual(
    r.evidence?.map((e) => e.step),
    ['realm-mapping'],
  );
  const p = new StepRecorder();
  const deps = { windows: false } as ProxyPathDeps;
  await proxyPathHop.run(ctx(deps, p));
  assert.equal(p.get('proxy-path')?.status, 'skip');
});
