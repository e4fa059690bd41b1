// `npm run bench`: KerbProbe against the native tools doing the same hops, on the lab, in one run,
// alternating, medians. Prints one JSON summary on stdout (progress on stderr). Not a test.
// Cold starts are set against their floor (issue 16): an empty Node process (`node -e 0`) plus the same
// check warm in a process that already ran one — what a new process cannot avoid paying.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labCheckArgs, startLab, stopLab, type LabInfo } from '../electron/lab/lab';
import { FREETDS_DSN, freetdsConf } from '../electron/lab/freetds-conf';
import { runCheck } from '../electron/engine/check/run-check';
import { createRealDeps } from '../electron/engine/check/real-deps';
import { createCa, issueServerCert } from '../electron/lab/pki';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.KERBPROBE_BENCH_RUNS ?? 10);
const NATIVE_SLOW_RUNS = Number(process.env.KERBPROBE_BENCH_SLOW_RUNS ?? 3);
const NATIVE_CAP_MS = 60_000;
const log = (s: string) => process.stderr.write(`bench: ${s}\n`);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length
    ? Math.round((s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) * 10) / 10
    : NaN;
};

interface Proc {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
  killed: boolean;
}
function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string,
  capMs = NATIVE_CAP_MS,
): Promise<Proc> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, capMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end(input ?? '');
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - t0, stdout, stderr, killed });
    });
  });
}

/**
 * The app's engine as a new utility process (build/bench-utility-host.cjs around dist/engine-host.cjs):
 * spawn, one runCheck request, time to its verdict; then the process is let go and reports its peak RSS.
 */
function utilityCheck(
  info: LabInfo,
  input: Record<string, unknown>,
): Promise<{ ms: number; verdict: string; rssMb: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'build/bench-utility-host.cjs')], {
      cwd: root,
      env: envFor(info),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let verdict: { ms: number; verdict: string } | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), NATIVE_CAP_MS);
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      for (let nl = stdout.indexOf('\n'); nl >= 0 && !verdict; nl = stdout.indexOf('\n')) {
        const message = JSON.parse(stdout.slice(0, nl)) as {
          id: number;
          ok?: boolean;
          value?: { verdict?: string };
          error?: { code: string };
        };
        stdout = stdout.slice(nl + 1);
        if (message.id !== 1 || message.ok === undefined) continue; // progress
        verdict = {
          ms: performance.now() - t0,
          verdict: message.ok ? (message.value?.verdict ?? '?') : `error ${message.error?.code}`,
        };
        child.stdin.end();
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      const rss = /KERBPROBE_MAXRSS_KB (\d+)/.exec(stderr);
      if (!verdict) reject(new Error(`utility process gave no verdict: ${stderr}`));
      else resolve({ ...verdict, rssMb: rss ? Number(rss[1]) / 1024 : NaN });
    });
    child.stdin.write(`${JSON.stringify({ id: 1, method: 'runCheck', args: [input] })}\n`);
  });
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

function envFor(info: LabInfo): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: info.dir, LC_ALL: 'C', ...info.env };
}

/** DIR/bench-freetds.conf for tsql; returns its path. */
function writeFreetdsConf(info: LabInfo, checkHostname: boolean): string {
  const conf = join(info.dir, 'bench-freetds.conf');
  writeFileSync(conf, freetdsConf(info, { checkHostname }));
  return conf;
}

/** kvno for the SPN, then tsql logging in with that ticket: the native tools doing the same hops. */
function nativePair(info: LabInfo): () => Promise<Proc> {
  const env = { ...envFor(info), FREETDSCONF: writeFreetdsConf(info, false) };
  const script = `kvno '${info.spn}' >/dev/null && tsql -S ${FREETDS_DSN}`;
  return () =>
    run(
      'sh',
      ['-c', script],
      env,
      'SELECT auth_scheme FROM sys.dm_exec_connections WHERE session_id = @@SPID\ngo\nexit\n',
    );
}

async function withLab<T>(scenario: string, fn: (info: LabInfo) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `kerbprobe-bench-${scenario}-`));
  try {
    const info = await startLab({ dir, scenario });
    return await fn(info);
  } finally {
    await stopLab(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A TLS server on 127.0.0.1 with a certificate for `server` from a throwaway CA (written to DIR/bench-ca.pem),
 * for build/bench-node-alone.cjs's handshake. Closed by the caller.
 */
async function tlsEndpoint(
  dir: string,
  server: string,
): Promise<{ tlsServer: TlsServer; port: number; caFile: string }> {
  const ca = await createCa('KerbProbe bench CA', 1);
  const leaf = await issueServerCert(ca, { commonName: server, days: 1 });
  const caFile = join(dir, 'bench-ca.pem');
  writeFileSync(caFile, ca.certPem);
  const tlsServer = createTlsServer({ cert: leaf.certPem, key: leaf.keyPem }, (socket) => {
    socket.on('error', () => undefined);
    socket.end();
  });
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', () => resolve()));
  const address = tlsServer.address();
  return { tlsServer, port: typeof address === 'object' && address ? address.port : 0, caFile };
}

async function main() {
  const summary: Record<string, unknown> = {
    runs: RUNS,
    node: process.version,
    machine: `${process.platform}-${process.arch}`,
  };

  // lab up itself (issue: median under 3 s)
  const labUp: number[] = [];
  for (let warmup = 0; warmup < 5; warmup++) {
    const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-bench-up-'));
    const startedAt = performance.now();
    await startLab({ dir, scenario: 'healthy' });
    labUp.push(performance.now() - startedAt);
    await stopLab(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  summary.labUpMedianMs = median(labUp);
  log(`lab up median ${summary.labUpMedianMs} ms`);

  await withLab('healthy', async (info) => {
    const deps = createRealDeps({ env: info.env });
    const input = { server: info.server, port: info.port, address: info.address, caFile: info.caFile };
    const native = nativePair(info);
    const endpoint = await tlsEndpoint(info.dir, info.server);
    const nodeAloneEnv = {
      ...envFor(info),
      BENCH_SPN: info.spn,
      BENCH_SQL_PORT: String(info.port),
      BENCH_TLS_PORT: String(endpoint.port),
      BENCH_SERVER: info.server,
      BENCH_CA: endpoint.caFile,
    };
    try {
      // Warm-up: one of each (the app runs checks in a process that already ran one).
      const first = await runCheck(input, deps);
      if (first.verdict !== 'pass') throw new Error(`healthy did not pass: ${first.diagnosis?.code}`);
      const n0 = await native();
      if (n0.code !== 0 || !/KERBEROS/.test(n0.stdout)) throw new Error(`native pair failed: ${n0.stdout}${n0.stderr}`);

      const warm: number[] = [];
      const nativeMs: number[] = [];
      const cold: number[] = [];
      const rss: number[] = [];
      const nodeMs: number[] = [];
      const utility: number[] = [];
      const utilityRss: number[] = [];
      const nodeAlone: number[] = [];
      const steps: Record<string, number[]> = {};
      for (let attempt = 0; attempt < RUNS; attempt++) {
        const startedAt = performance.now();
        const report = await runCheck(input, deps);
        warm.push(performance.now() - startedAt);
        if (report.verdict !== 'pass') throw new Error(`warm run ${attempt} failed: ${report.diagnosis?.code}`);
        for (const step of report.steps) (steps[step.id] ??= []).push(step.ms);
        nativeMs.push((await native()).ms);
        const cli = await run(process.execPath, ['build/bench-rss.cjs', ...labCheckArgs(info)], envFor(info));
        if (cli.code !== 0) throw new Error(`cold run ${attempt} failed: ${cli.stderr}`);
        cold.push(cli.ms);
        const maxRss = /KERBPROBE_MAXRSS_KB (\d+)/.exec(cli.stderr);
        if (maxRss) rss.push(Number(maxRss[1]) / 1024);
        nodeMs.push((await run(process.execPath, ['-e', '0'], envFor(info))).ms);
        const aloneRun = await run(process.execPath, ['build/bench-node-alone.cjs'], nodeAloneEnv);
        if (aloneRun.code !== 0) throw new Error(`node-alone run ${attempt} failed: ${aloneRun.stderr}`);
        nodeAlone.push(aloneRun.ms);
        const utilityRun = await utilityCheck(info, input);
        if (utilityRun.verdict !== 'pass') throw new Error(`utility process run ${attempt}: ${utilityRun.verdict}`);
        utility.push(utilityRun.ms);
        utilityRss.push(utilityRun.rssMb);
      }
      summary.healthyWarm = {
        kerbprobeMedianMs: median(warm),
        nativeMedianMs: median(nativeMs),
        ratio: Math.round((median(warm) / median(nativeMs)) * 100) / 100,
        target: '≤ 1.5×',
        stepMedianMs: Object.fromEntries(Object.entries(steps).map(([stepId, samples]) => [stepId, median(samples)])),
      };
      // The floor of a cold check: Node's own start-up plus the check itself.
      const floor = Math.round((median(nodeMs) + median(warm)) * 10) / 10;
      const floorOf = { nodeEmptyMedianMs: median(nodeMs), warmCheckMedianMs: median(warm), floorMs: floor };
      summary.healthyCold = {
        kerbprobeMedianMs: median(cold),
        ...floorOf,
        ratioToFloor: ratio(median(cold), floor),
        target: '≤ 1.5× floor',
        nativeMedianMs: median(nativeMs),
        ratioToNative: ratio(median(cold), median(nativeMs)),
        // Node alone doing the Kerberos, TCP and TLS hops with no KerbProbe code (build/bench-node-alone.cjs):
        // what part of the 1.5× the runtime itself takes before any of the check's own work.
        nodeAloneMedianMs: median(nodeAlone),
        nodeAloneRatioToFloor: ratio(median(nodeAlone), floor),
        marginAboveNodeAloneMs: Math.round(1.5 * floor - median(nodeAlone)),
      };
      summary.utilityCold = {
        process:
          'dist/engine-host.cjs under Node, JSON lines standing in for parentPort (no Electron here); spawn to ' +
          'first verdict',
        kerbprobeMedianMs: median(utility),
        ...floorOf,
        ratioToFloor: ratio(median(utility), floor),
        target: '≤ 1.5× floor',
      };
      summary.peakRssMb = {
        cliMedian: median(rss),
        cliMax: Math.max(...rss),
        utilityMedian: Math.round(median(utilityRss)),
        utilityMax: Math.round(Math.max(...utilityRss)),
        target: '≤ 150 MB',
      };
      log(
        `healthy warm ${median(warm)} ms, cold ${median(cold)} ms (floor ${floor} ms = node -e 0 ` +
          `${median(nodeMs)} + warm; Node alone on the hops ${median(nodeAlone)} ms), ` +
          `utility ${median(utility)} ms, native ${median(nativeMs)} ms`,
      );

      // 20 concurrent checks in one process.
      const concurrentStart = performance.now();
      const all = await Promise.all(Array.from({ length: 20 }, () => runCheck(input, deps)));
      summary.concurrent20 = {
        allPass: all.every((r) => r.verdict === 'pass'),
        wallMs: Math.round(performance.now() - concurrentStart),
        verdicts: [...new Set(all.map((r) => r.diagnosis?.code ?? r.verdict))],
      };
      log(`20 concurrent: ${JSON.stringify(summary.concurrent20)}`);
    } finally {
      endpoint.tlsServer.close();
    }
  });

  // Time to verdict where the native tools wait on their own timeouts.
  const ttv: Record<string, unknown> = {};
  const slow: [string, (info: LabInfo) => { cmd: string; args: string[]; input?: string; env: NodeJS.ProcessEnv }][] = [
    ['kdc-blackhole', (info) => ({ cmd: 'kvno', args: [`${info.spn}`], env: envFor(info) })],
    ['cloud-kdc-down', (info) => ({ cmd: 'kvno', args: [`${info.spn}`], env: envFor(info) })],
    [
      'sql-blackhole',
      (info) => ({
        cmd: 'tsql',
        args: ['-S', FREETDS_DSN],
        input: 'SELECT 1\ngo\nexit\n',
        env: { ...envFor(info), FREETDSCONF: writeFreetdsConf(info, true) },
      }),
    ],
  ];
  for (const [scenario, nativeCmd] of slow) {
    await withLab(scenario, async (info) => {
      const kp: number[] = [];
      const codes = new Set<string>();
      for (let attempt = 0; attempt < Math.max(5, Math.min(RUNS, 10)); attempt++) {
        const result = await run(process.execPath, ['bin/kerbprobe.cjs', ...labCheckArgs(info)], envFor(info));
        kp.push(result.ms);
        try {
          codes.add((JSON.parse(result.stdout) as { diagnosis?: { code?: string } }).diagnosis?.code ?? 'pass');
        } catch {
          codes.add('unparsable');
        }
      }
      const nat: number[] = [];
      let killed = false;
      const nativeCommand = nativeCmd(info);
      for (let nativeAttempt = 0; nativeAttempt < NATIVE_SLOW_RUNS; nativeAttempt++) {
        const nativeRun = await run(nativeCommand.cmd, nativeCommand.args, nativeCommand.env, nativeCommand.input);
        nat.push(nativeRun.ms);
        killed ||= nativeRun.killed;
      }
      ttv[scenario] = {
        kerbprobeMedianMs: median(kp),
        verdicts: [...codes],
        native: `${nativeCommand.cmd}`,
        nativeMedianMs: median(nat),
        nativeRuns: NATIVE_SLOW_RUNS,
        nativeCappedAt: killed ? NATIVE_CAP_MS : null,
        target: '≤ 3000 ms',
      };
      log(`${scenario}: kerbprobe ${median(kp)} ms vs ${nativeCommand.cmd} ${median(nat)} ms`);
    });
  }
  summary.timeToVerdict = ttv;
  const out = JSON.stringify(summary, null, 2);
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results', 'bench.json'), out + '\n');
  process.stdout.write(out + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 2;
});
