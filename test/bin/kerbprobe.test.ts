// bin/kerbprobe.cjs as the README runs it (`npx kerbprobe …`): started by whatever `node` is first on
// PATH, here the machine's own Node (not the toolchain's), against the real lab. The bin re-runs the CLI
// under the toolchain Node; the bundle itself also runs on the machine's Node (the declared minimum).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckReportSchema } from '../../electron/contract/index';
import { labCheckArgs } from '../../electron/lab/lab';
import { labFor, procAlive } from '../lab/lab-helpers';

const root = fileURLToPath(new URL('../..', import.meta.url));
const toolchainNode = join(root, '.toolchain/node_modules/.bin/node');
const real = (p: string): string | null => {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
};
const ours = new Set([real(toolchainNode), real(process.execPath)]);

/** The first `node` on PATH that is not the toolchain's (the machine's own), with its version. */
function machineNode(): { path: string; version: string } | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/bin', '/usr/local/bin'])) {
    const p = join(dir, 'node');
    try {
      accessSync(p, constants.X_OK);
    } catch {
      continue;
    }
    if (ours.has(real(p))) continue;
    const v = spawnSync(p, ['--version'], { encoding: 'utf8' });
    if (v.status === 0) return { path: p, version: v.stdout.trim().replace(/^v/, '') };
  }
  return null;
}
const machine = machineNode();
const skip = machine ? false : 'no second Node on this machine (only the toolchain Node): nothing to run the bin under';
const declaredText = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } })
  .engines.node;
const declared =
  /^>=(\d+\.\d+\.\d+)$/.exec(declaredText)?.[1] ??
  assert.fail(`engines.node is not of the form >=X.Y.Z: ${declaredText}`);
function atLeast(version: string, min: string): boolean {
  const [a, b] = [version, min].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a![i] ?? 0) !== (b![i] ?? 0)) return (a![i] ?? 0) > (b![i] ?? 0);
  return true;
}
const toolchainVersion = (JSON.parse(readFileSync(join(root, 'build/toolchain.json'), 'utf8')) as { node: string })
  .node;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}
function run(node: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      node,
      args,
      { cwd: root, env: { PATH: `${join(node, '..')}:/usr/bin:/bin`, ...env }, timeout: 60_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number' && !err.signal) return reject(err);
        resolve({
          code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
          signal: err?.signal ?? null,
          stdout,
          stderr,
        });
      },
    );
  });
}
const checkArgs = labCheckArgs;

/** The re-run CLI the bin started (its child), once it is up; 0 when none came within 5 s. */
async function reRunPid(bin: number | undefined): Promise<number> {
  for (let i = 0; i < 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    const kids = spawnSync('pgrep', ['-P', String(bin)], { encoding: 'utf8' }).stdout.trim();
    const inner = Number(kids.split('\n')[0] || 0);
    if (inner) return inner;
  }
  return 0;
}

test("npx kerbprobe under the machine's Node: healthy passes, run by the toolchain Node", { skip }, async () => {
  const lab = await labFor('healthy');
  const r = await run(machine!.path, ['bin/kerbprobe.cjs', ...checkArgs(lab.info)], lab.info.env);
  assert.equal(r.code, 0, `${machine!.path} (${machine!.version}): ${r.stderr}\n${r.stdout}`);
  const report = CheckReportSchema.parse(JSON.parse(r.stdout));
  assert.equal(report.verdict, 'pass');
  assert.equal(report.tool.node, toolchainVersion, 're-run under the toolchain Node');
  assert.equal(report.sql?.authScheme, 'KERBEROS');

  // Without the re-run (as on a machine with no toolchain) the bin judges the machine's Node itself: at or
  // above engines the CLI runs on it and passes; below, one line and exit 2, never a wrong diagnosis.
  const direct = await run(machine!.path, ['bin/kerbprobe.cjs', ...checkArgs(lab.info)], {
    ...lab.info.env,
    KERBPROBE_REEXEC: '1',
  });
  if (atLeast(machine!.version, declared)) {
    assert.equal(direct.code, 0, `${machine!.version}: ${direct.stderr}\n${direct.stdout}`);
    const own = CheckReportSchema.parse(JSON.parse(direct.stdout));
    assert.equal(own.tool.node, machine!.version);
    assert.equal(own.steps.find((st) => st.id === 'tls')?.status, 'pass');
  } else {
    assert.equal(direct.code, 2, direct.stdout);
    assert.equal(direct.stdout, '');
    assert.equal(
      direct.stderr,
      `kerbprobe: needs Node ${declaredText} (package.json engines); this is Node ${machine!.version} ` +
        `at ${real(machine!.path)} — run \`npm run setup\`, or use a newer node.\n`,
    );
  }
});

test('the bin passes argv, output and exit codes through the re-run', { skip }, async () => {
  const usage = await run(machine!.path, ['bin/kerbprobe.cjs', 'check', '--server', '--port', '1433'], {});
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /argument '--port' is invalid/);
  assert.equal(usage.stderr.trim().split('\n').length, 2, usage.stderr);
  const odd = '/nonexistent/a file, “quoted” — ünïcode $HOME';
  const missing = await run(machine!.path, ['bin/kerbprobe.cjs', 'analyze', '--at', '2026-11-25T10:00:00Z', odd], {});
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, `kerbprobe: cannot read ${odd}: ENOENT [INPUT_UNREADABLE]\n`);
  const version = await run(machine!.path, ['bin/kerbprobe.cjs', '--version'], {});
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout, '0.1.0\n');
});

test('SIGINT to the bin reaches the re-run CLI, once, and the bin ends the way it did', { skip }, async () => {
  const lab = await labFor('kdc-blackhole');
  const child = spawn(machine!.path, ['bin/kerbprobe.cjs', ...checkArgs(lab.info), '--timeout', '30'], {
    cwd: root,
    env: { PATH: '/usr/bin:/bin', ...lab.info.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  // Wait until the re-run CLI is up (the bin's own child), then interrupt the bin alone.
  const inner = await reRunPid(child.pid);
  assert.ok(inner > 0, 'the bin started the toolchain Node');
  child.kill('SIGINT');
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) =>
    child.on('exit', (c, s) => r([c, s])),
  );
  assert.ok(!procAlive(inner), 'the re-run CLI is gone when the bin ends');
  // Interrupted while loading: it dies of SIGINT, and so does the bin; interrupted in the check: the report
  // says so and the exit is 1. Never the KDC verdict the check would have reached on its own.
  if (signal) assert.equal(signal, 'SIGINT');
  else {
    assert.equal(code, 1, stdout);
    assert.doesNotMatch(CheckReportSchema.parse(JSON.parse(stdout)).diagnosis?.code ?? '', /KDC_UNREACHABLE/);
  }
});

test('SIGKILL of the bin ends the re-run CLI too, within a second', { skip }, async () => {
  const lab = await labFor('kdc-blackhole');
  const child = spawn(machine!.path, ['bin/kerbprobe.cjs', ...checkArgs(lab.info), '--timeout', '30'], {
    cwd: root,
    env: { PATH: '/usr/bin:/bin', ...lab.info.env },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const inner = await reRunPid(child.pid);
  assert.ok(inner > 0, 'the bin started the toolchain Node');
  // Let the CLI reach the Kerberos step: the KDC never answers, the check runs about 3.5 s from its start (the
  // re-run CLI outlived a killed bin by 1.5-2 s before it watched the bin; now it ends within 0.25 s).
  await new Promise((r) => setTimeout(r, 1000));
  assert.ok(procAlive(inner), 'the re-run CLI is still checking');
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  const t0 = performance.now();
  while (procAlive(inner) && performance.now() - t0 < 1000) await new Promise((r) => setTimeout(r, 50));
  const alive = procAlive(inner);
  if (alive) process.kill(inner, 'SIGKILL');
  assert.ok(!alive, 'the re-run CLI outlived the bin by a second');
});

test('package.json engines is truthful: no runtime dependency needs a newer Node', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dep of Object.keys(pkg.dependencies)) {
    const range = (
      JSON.parse(readFileSync(join(root, 'node_modules', dep, 'package.json'), 'utf8')) as {
        engines?: { node?: string };
      }
    ).engines?.node;
    if (!range) continue;
    // The lowest Node any alternative of the range admits (">=22", "^20.19.0 || >=22.12.0").
    const floors = range
      .split('||')
      .map((alt) => /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(alt))
      .filter((m) => m !== null)
      .map((m) => [m[1], m[2] ?? '0', m[3] ?? '0'].join('.'));
    const floor = floors.sort((a, b) => (atLeast(a, b) ? (a === b ? 0 : 1) : -1))[0]!;
    assert.ok(atLeast(declared, floor), `${dep} needs Node ${range}; package.json engines says ${declaredText}`);
  }
});
