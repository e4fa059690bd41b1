// The real renderer bundle, the real engine (through the same IPC handlers and engine-api as the app) and
// the real lab: MIT KDCs for both realms and the lab's TDS server. Nothing here is mocked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labFor } from '../lab/lab-helpers';
import { openApp, screenshot, RENDERER_DIR, type Browser } from './bridge/browser';
import type { LabInfo } from '../../electron/lab/lab';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function bridgeFor(lab: LabInfo): Promise<{ url: string; exportsDir: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/bridge/serve-main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...lab.env, LC_ALL: 'C' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bridge exited with ${code}`)));
    setTimeout(() => reject(new Error('bridge did not start within 20 s')), 20_000).unref();
  });
  const info = JSON.parse(line) as { url: string; exportsDir: string };
  return {
    ...info,
    stop: () => {
      child.stdin?.end();
      child.kill('SIGTERM');
    },
  };
}

async function runCheckInUi(b: Browser, lab: LabInfo) {
  const { page } = b;
  await page.getByLabel('Server (managed instance FQDN)').fill(lab.server);
  if (lab.port !== 1433 && lab.port !== 3342) {
    await page.getByRole('radio', { name: 'Other' }).check();
    await page.getByLabel('Other port').fill(String(lab.port));
  }
  await page.getByRole('button', { name: 'Advanced' }).click();
  await page.getByLabel(/Connect to address/).fill(lab.address);
  await page.getByLabel(/CA certificate file/).fill(lab.caFile);
  await page.getByRole('button', { name: 'Run check' }).click();
  await page.getByTestId('report').waitFor({ timeout: 60_000 });
}

async function withLabApp(scenario: string, fn: (b: Browser, lab: LabInfo, exportsDir: string) => Promise<void>) {
  assert.ok(existsSync(join(RENDERER_DIR, 'index.html')), 'dist/renderer is built (npm run build)');
  const { info: lab } = await labFor(scenario);
  const bridge = await bridgeFor(lab);
  const b = await openApp(bridge.url);
  try {
    await fn(b, lab, bridge.exportsDir);
  } catch (err) {
    await screenshot(b.page, `lab-${scenario}-failure`).catch(() => {});
    throw err;
  } finally {
    await b.close();
    bridge.stop();
  }
}

test('healthy: the full chain and a pass; the exported report reads back with `kerbprobe analyze`', async () => {
  await withLabApp('healthy', async (b, lab, exportsDir) => {
    await runCheckInUi(b, lab);
    const { page } = b;
    assert.equal(await page.getByTestId('report').getAttribute('data-verdict'), 'pass');
    const chain = page.getByTestId('chain');
    assert.equal(await chain.getAttribute('data-flow'), 'trust');
    const nodes = await chain
      .locator('[data-node]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-node')}:${e.getAttribute('data-status')}`));
    assert.deepEqual(
      nodes.map((n) => n.split(':')[0]),
      ['user', 'tgt', 'referral', 'service', 'service-target'],
    );
    for (const n of nodes.slice(1, 4)) assert.match(n, /:(ok|expiring)$/);
    assert.ok(await page.getByText('KERBEROS', { exact: true }).first().isVisible(), 'auth_scheme KERBEROS shown');
    await screenshot(page, 'lab-healthy');

    await page.getByRole('button', { name: 'Export…' }).click();
    await page.getByRole('menuitem', { name: /JSON/ }).click();
    await page.getByText(/^Saved /).waitFor();
    const file = readdirSync(exportsDir).find((f) => f.endsWith('.json'));
    assert.ok(file, 'a JSON report was written');
    const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        process.execPath,
        ['dist/cli.cjs', 'analyze', join(exportsDir, file)],
        { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
        (err, stdout) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 2) : 0, stdout }),
      );
    });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, new RegExp(lab.server.replace(/\./g, '\\.')));
  });
});

for (const [scenario, code, fix] of [
  ['spn-missing', 'SPN_UNKNOWN', /\S/],
  ['clock-skew', 'CLOCK_SKEW', /time/i],
] as const) {
  test(`${scenario}: shows ${code} with what the user and the helpdesk can do`, async () => {
    await withLabApp(scenario, async (b, lab) => {
      await runCheckInUi(b, lab);
      const { page } = b;
      assert.equal(await page.getByTestId('report').getAttribute('data-verdict'), 'fail');
      const d = page.getByTestId('diagnosis');
      assert.equal(await d.getAttribute('data-code'), code);
      assert.match(await d.getByTestId('fix-user').innerText(), fix);
      assert.ok((await d.getByTestId('fix-helpdesk').innerText()).length > 20);
      await screenshot(page, `lab-${scenario}`);
    });
  });
}
