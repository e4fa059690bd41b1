// The kdcs hop's Windows binding with nothing to find: no DC (NXDOMAIN from a real DNS server on loopback,
// nltest failing) and no KDC proxy policy → nothing to probe, said why; a proxy policy for the user's domain
// is used when no DC can be located (as the policy's own text says). Pure binding logic; no KDC involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPlatform, type ToolRunner } from '../../../electron/engine/check/platform';
import { realOs } from '../../../electron/engine/check/os-services';
import { kdcsHop } from '../../../electron/engine/check/hops/kdcs';
import { KDC_PROXY_KEY } from '../../../electron/engine/environment/kdc-proxy-policy';
import { KerbProbeError } from '../../../electron/engine/errors';
import { startTestDns } from '../../../electron/lab/windows/dns-server';

function runner(policy: string | null): { run: ToolRunner; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (c, a) => {
      calls.push(`${c} ${a.join(' ')}`);
      if (c === 'reg' && policy !== null)
        return { stdout: `\r\n${KDC_PROXY_KEY}\r\n${policy}\r\n`, stderr: '', exitCode: 0 };
      if (c === 'reg')
        return {
          stdout: 'ERROR: The system was unable to find the specified registry key or value.\r\n',
          stderr: '',
          exitCode: 0,
        };
      throw new KerbProbeError(
        'TOOL_FAILED',
        `${c} failed (exit 1355): Getting DC name failed: Status = 1355 0x54b ERROR_NO_SUCH_DOMAIN`,
      );
    },
  };
}

test('win32 without DCs or policy: no targets, with the reason; the policy is read once', async () => {
  const dns = await startTestDns({});
  try {
    const { run, calls } = runner(null);
    const deps = kdcsHop.bind(
      createPlatform({ os: { ...realOs(), platform: 'win32', runTool: run, dnsServers: [dns.server] } }),
    );
    const cloud = await deps.kdcTargets('KERBEROS.MICROSOFTONLINE.COM');
    assert.deepEqual(cloud?.kdcs, []);
    const user = await deps.kdcTargets('CONTOSO.TEST');
    assert.deepEqual(user?.kdcs, []);
    assert.match(user?.note ?? '', /nltest \/dsgetdc:CONTOSO\.TEST: .*1355/);
    assert.equal(calls.filter((c) => c.startsWith('reg ')).length, 1, calls.join('\n'));
    assert.ok(!calls.some((c) => c.includes('KERBEROS.MICROSOFTONLINE.COM')), 'the Entra realm has no DCs to locate');
    const probed = await deps.probeKdc('CONTOSO.TEST', 500, new AbortController().signal);
    assert.equal(probed.ok, false);
    assert.equal(probed.failure, 'config');
  } finally {
    await dns.close();
  }
});

test('win32: a domain with no DC found but a KDC proxy policy is reached through its proxy', async () => {
  const dns = await startTestDns({});
  try {
    const { run } = runner('    contoso.test    REG_SZ    <https kps.contoso.test:443:KdcProxy />');
    const deps = kdcsHop.bind(
      createPlatform({ os: { ...realOs(), platform: 'win32', runTool: run, dnsServers: [dns.server] } }),
    );
    const t = await deps.kdcTargets('CONTOSO.TEST');
    assert.deepEqual(t, { realm: 'CONTOSO.TEST', kdcs: ['https://kps.contoso.test/KdcProxy'], proxy: true });
  } finally {
    await dns.close();
  }
});
