// The unattended run an Intune detection script makes, for real against the lab: `check --config FILE
// --json` with stdin closed, no terminal and no controlling tty (its own session), two instances — one that
// works, one on another port (no SPN is registered for it, which the KDC answers first) — one JSON array on
// stdout, exit 1, a history line for each.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CheckReportSchema } from '../../electron/contract/report';
import { HistoryEntrySchema } from '../../electron/contract/history';
import { freePort } from '../../electron/lab/ports';
import { startTestLab, type Lab } from '../lab/lab-helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
let lab: Lab;
before(async () => {
  lab = await startTestLab('healthy');
});
after(async () => {
  await lab?.stop();
});

function unattended(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kerbprobe.cjs', ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('the unattended run did not end'));
    }, 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('a config of two instances: a JSON array in its order, exit 1 (one fails), two history lines', async () => {
  const closed = await freePort();
  const base = { server: lab.info.server, address: lab.info.address, caFile: lab.info.caFile };
  const config = join(lab.dir, 'kerbprobe-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      version: 1,
      instances: [
        { ...base, port: lab.info.port },
        { ...base, port: closed, timeoutSeconds: 5 },
      ],
    }),
  );
  const r = await unattended(['check', '--config', config, '--json'], lab.info.env);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1);
  const reports = z.array(CheckReportSchema).parse(JSON.parse(r.stdout));
  assert.deepEqual(
    reports.map((x) => [x.target.port, x.verdict, x.diagnosis?.code ?? null]),
    [
      [lab.info.port, 'pass', null],
      [closed, 'fail', 'SPN_UNKNOWN'],
    ],
  );
  const lines = readFileSync(lab.info.env.KERBPROBE_HISTORY, 'utf8')
    .trim()
    .split('\n')
    .map((l) => HistoryEntrySchema.parse(JSON.parse(l)));
  assert.deepEqual(
    lines.map((e) => [e.port, e.code]),
    [
      [lab.info.port, null],
      [closed, 'SPN_UNKNOWN'],
    ],
  );
});

test('every instance passing: exit 0; redactUser keeps the user out of the history', async () => {
  const config = join(lab.dir, 'kerbprobe-config-ok.json');
  writeFileSync(
    config,
    JSON.stringify({
      version: 1,
      redactUser: true,
      instances: [{ server: lab.info.server, port: lab.info.port, address: lab.info.address, caFile: lab.info.caFile }],
    }),
  );
  const r = await unattended(['check', '--config', config, '--json'], lab.info.env);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(z.array(CheckReportSchema).parse(JSON.parse(r.stdout)).length, 1);
  const last = readFileSync(lab.info.env.KERBPROBE_HISTORY, 'utf8').trim().split('\n').pop()!;
  assert.equal(HistoryEntrySchema.parse(JSON.parse(last)).user, null);
});
