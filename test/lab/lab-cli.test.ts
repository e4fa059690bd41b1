// `kerbprobe lab up | down | scenarios` as a user runs it: the built bin, detached servers that outlive
// the CLI, a start-up time budget, and a clean `lab down`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../../electron/cli/program';
import { captureIo } from '../cli/capture-io';
import type { LabInfo } from '../../electron/lab/lab-types';
import { listScenarios } from '../../electron/lab/scenarios';
import { runKerbprobe } from '../cli/run-kerbprobe';
import { mit, procAlive, tempLabDir } from './lab-helpers';

/** The built bin with this process's whole environment, as a user's shell would start it. */
const bin = (args: string[]) => runKerbprobe(args, { env: process.env });

test('lab scenarios prints one line per scenario', async () => {
  const io = captureIo();
  assert.equal(await runCli(['lab', 'scenarios'], io), 0);
  const lines = io.out.trimEnd().split('\n');
  assert.equal(lines.length, listScenarios().length);
  for (const [i, s] of listScenarios().entries()) assert.ok(lines[i]?.startsWith(`${s.name} `), lines[i]);
});

test('lab up with an unknown scenario exits 2 with the stable code, no stack trace', async () => {
  const io = captureIo();
  assert.equal(await runCli(['lab', 'up', '--dir', tempLabDir('cli-bad'), '--scenario', 'nope'], io), 2);
  assert.match(io.err, /\[LAB_SCENARIO_UNKNOWN\]/);
  assert.doesNotMatch(io.err, /\bat .*\.ts:\d+/);
});

test('the built CLI: lab up returns with the lab detached, median under 3 s; lab down leaves no process', async (t) => {
  const dir = tempLabDir('cli');
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const up = await bin(['lab', 'up', '--dir', dir, '--json']);
    assert.equal(up.code, 0, up.stderr);
    times.push(up.ms);
    const info = JSON.parse(up.stdout) as LabInfo;
    assert.equal(info.dir, dir);
    // The CLI process is gone; the servers it started are not.
    for (const pid of info.pids) assert.ok(procAlive(pid), `pid ${pid} outlives the CLI`);
    const down = await bin(['lab', 'down', '--dir', dir]);
    assert.equal(down.code, 0, down.stderr);
    for (const pid of info.pids) assert.equal(procAlive(pid), false, `pid ${pid} stopped`);
    const again = await bin(['lab', 'down', '--dir', dir]);
    assert.equal(again.code, 0, 'lab down is idempotent');
  }
  const median = [...times].sort((a, b) => a - b)[2] ?? Infinity;
  t.diagnostic(`lab up (built CLI, healthy) median ${Math.round(median)} ms; runs ${times.map(Math.round).join(', ')}`);
  assert.ok(median < 3000, `lab up median ${Math.round(median)} ms (runs: ${times.map(Math.round).join(', ')})`);
});

test('lab up prints a summary with the environment to export', async () => {
  const dir = tempLabDir('cli-text');
  const io = captureIo();
  assert.equal(await runCli(['lab', 'up', '--dir', dir, '--scenario', 'modern-flow'], io), 0, io.err);
  assert.match(io.out, /lab 'modern-flow' is up/);
  assert.match(io.out, /export KRB5CCNAME='FILE:.*\/ccache'/);
  assert.match(io.out, /signed-in user: bob@KERBEROS\.MICROSOFTONLINE\.COM/);
  const info = JSON.parse(readFileSync(`${dir}/lab.json`, 'utf8')) as LabInfo;
  const kvno = await mit(info, 'kvno', [info.spn]);
  assert.equal(kvno.code, 0, kvno.stderr);
});
