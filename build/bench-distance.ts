// `npm run bench:distance`: the check at real distances. The lab's peers behind delaying relays (`lab up --rtt`)
// at three round-trip profiles; the healthy check in both flows and through the KDC proxy, in-process as the app
// runs it, side by side in one run with the native pair (MIT `kvno`, then FreeTDS `tsql`, through the same relays)
// and with the floor the protocols allow (build/distance-floor.ts); then every failure scenario's time to verdict
// at the far profile. Medians; figures in test-results/bench-distance.json. A benchmark, not a test.
import { spawn } from 'node:child_process';
import * as inspector from 'node:inspector';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { CheckReport } from '../electron/contract/index';
import { createRealDeps } from '../electron/engine/check/real-deps';
import { runCheck } from '../electron/engine/check/run-check';
import { FREETDS_DSN, freetdsConf } from '../electron/lab/freetds-conf';
import { listScenarios, startLab, stopLab, type LabInfo } from '../electron/lab/lab';
import type { RelayTraceEvent } from '../electron/lab/latency/relay';
import { formatRttProfile, type RttProfile } from '../electron/lab/latency/rtt-profile';
import { describeFloor, distanceFloor, type FloorFlow, type FloorRtt } from './distance-floor';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.KERBPROBE_BENCH_RUNS ?? 5);
const FAILURE_RUNS = Number(process.env.KERBPROBE_BENCH_FAILURE_RUNS ?? 3);
const log = (line: string) => process.stderr.write(`bench-distance: ${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const value = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
};
const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

/** Where the lab's relays listen (electron/lab/lab.ts). */
const RELAY_ADDRESS = '127.0.0.2';

const PROFILES: Record<string, FloorRtt> = {
  lan: { 'user-kdc': 1, 'cloud-kdc': 1, 'kdc-proxy': 1, sql: 1 },
  hybrid: { 'user-kdc': 2, 'cloud-kdc': 30, 'kdc-proxy': 30, sql: 40 },
  far: { 'user-kdc': 2, 'cloud-kdc': 80, 'kdc-proxy': 80, sql: 150 },
};

/**
 * What the lab's peers negotiate: the KDC proxy (Python's ssl on OpenSSL 3) TLS 1.3; the TDS server TLS 1.2 in
 * PRELOGIN for TDS 7.4 (electron/lab/tds/tds-connection.ts caps it there, as SQL Server does for TDS 7.x), which
 * both the check (its default, `encrypt: mandatory`) and tsql (`tds version = 7.4`) speak.
 */
const HEALTHY: { scenario: string; flow: string; floor: FloorFlow }[] = [
  {
    scenario: 'healthy',
    flow: 'trust',
    floor: { kind: 'trust', cloud: 'direct', proxyTls: '1.3', tds: '7.4', sqlTls: '1.2' },
  },
  {
    scenario: 'modern-flow',
    flow: 'modern',
    floor: { kind: 'modern', cloud: 'direct', proxyTls: '1.3', tds: '7.4', sqlTls: '1.2' },
  },
  {
    scenario: 'kdc-proxy',
    flow: 'trust via KDC proxy',
    floor: { kind: 'trust', cloud: 'kdc-proxy', proxyTls: '1.3', tds: '7.4', sqlTls: '1.2' },
  },
];

function envFor(info: LabInfo): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: info.dir, LC_ALL: 'C', ...info.env };
}

function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv, input: string) {
  const t0 = performance.now();
  return new Promise<{ code: number | null; ms: number; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end(input);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - t0, stdout, stderr });
    });
  });
}

/** kvno, then tsql logging in with that ticket, both through the relays (tsql connects to the relay's address). */
function nativePair(info: LabInfo): () => Promise<number> {
  const conf = join(info.dir, 'bench-distance-freetds.conf');
  writeFileSync(
    conf,
    freetdsConf(info, { checkHostname: false }).replace(/\thost = 127\.0\.0\.1/, `\thost = ${info.address}`),
  );
  const env = { ...envFor(info), FREETDSCONF: conf };
  const script = `kvno '${info.spn}' >/dev/null && tsql -S ${FREETDS_DSN}`;
  const query = 'SELECT auth_scheme FROM sys.dm_exec_connections WHERE session_id = @@SPID\ngo\nexit\n';
  return async () => {
    const result = await runProcess('sh', ['-c', script], env, query);
    if (result.code !== 0 || !/KERBEROS/.test(result.stdout))
      throw new Error(`native pair failed: ${result.stdout}${result.stderr}`);
    return result.ms;
  };
}

async function withLab<T>(scenario: string, rtt: RttProfile, fn: (info: LabInfo) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `kerbprobe-bench-distance-${scenario}-`));
  try {
    return await fn(await startLab({ dir, scenario, rtt }));
  } finally {
    await stopLab(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The cache as the logon left it (the TGT only): every run makes the Kerberos exchanges afresh. */
function pristineCache(info: LabInfo): () => void {
  const cache = info.env.KRB5CCNAME.replace(/^FILE:/, '');
  const pristine = `${cache}.pristine`;
  if (!existsSync(cache)) return () => rmSync(cache, { force: true }); // no-tgt: nobody signed in
  copyFileSync(cache, pristine);
  return () => copyFileSync(pristine, cache);
}

async function checkMs(info: LabInfo, deps: ReturnType<typeof createRealDeps>): Promise<[number, CheckReport]> {
  const input = { server: info.server, port: info.port, address: info.address, caFile: info.caFile };
  const t0 = performance.now();
  const report = await runCheck(input, deps);
  return [performance.now() - t0, report];
}

async function healthyRow(profileName: string, rtt: FloorRtt, row: (typeof HEALTHY)[number]) {
  return withLab(row.scenario, rtt, async (info) => {
    const deps = createRealDeps({ env: info.env });
    const reset = pristineCache(info);
    const native = nativePair(info);
    reset();
    const [, warm] = await checkMs(info, deps); // the app's engine has run a check before
    if (warm.verdict !== 'pass') throw new Error(`${row.scenario} did not pass: ${warm.diagnosis?.code}`);
    reset();
    await native();
    const kerbprobe: number[] = [];
    const nativeMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      reset();
      const [ms, report] = await checkMs(info, deps);
      if (report.verdict !== 'pass') throw new Error(`${row.scenario} run ${run}: ${report.diagnosis?.code}`);
      kerbprobe.push(ms);
      reset();
      nativeMs.push(await native());
    }
    const floor = distanceFloor(row.floor, rtt);
    const result = {
      profile: profileName,
      rtt: formatRttProfile(rtt),
      flow: row.flow,
      scenario: row.scenario,
      kerbprobeMs: median(kerbprobe),
      floorMs: floor.floorMs,
      /** The floor with KerbProbe's KDC probes in front of the acquisition (build/distance-floor.ts). */
      scheduleFloorMs: floor.scheduleFloorMs,
      nativePairMs: median(nativeMs),
      ratioToFloor: ratio(median(kerbprobe), floor.floorMs),
      ratioToScheduleFloor: ratio(median(kerbprobe), floor.scheduleFloorMs),
      ratioToNative: ratio(median(kerbprobe), median(nativeMs)),
      floorRoundTrips: describeFloor(floor),
    };
    log(
      `${profileName} ${row.flow}: KerbProbe ${result.kerbprobeMs} ms, floor ${result.floorMs} ms ` +
        `(${result.ratioToFloor}×; with the probes first ${result.scheduleFloorMs} ms, ` +
        `${result.ratioToScheduleFloor}×), kvno + tsql ${result.nativePairMs} ms (${result.ratioToNative}×)`,
    );
    return result;
  });
}

async function failureRow(scenario: string, expected: string, rtt: FloorRtt) {
  return withLab(scenario, rtt, async (info) => {
    const deps = createRealDeps({ env: info.env });
    const reset = pristineCache(info);
    const times: number[] = [];
    const codes = new Set<string>();
    // A silent KDC leaves the abandoned native call running ~27 s on a pool thread: one run is enough there.
    const runs = scenario === 'kdc-blackhole' ? 1 : FAILURE_RUNS;
    for (let run = 0; run < runs; run++) {
      reset();
      const [ms, report] = await checkMs(info, deps);
      times.push(ms);
      codes.add(report.diagnosis?.code ?? 'pass');
    }
    const result = {
      scenario,
      expected,
      codes: [...codes],
      verdictMs: median(times),
      withinTarget: median(times) <= 3000,
    };
    log(`far ${scenario}: ${[...codes].join(',')} in ${result.verdictMs} ms (expected ${expected})`);
    return result;
  });
}

/**
 * KERBPROBE_BENCH_CPU_PROFILE=<file>: the traced check's CPU profile (Chrome's .cpuprofile) and its heaviest
 * functions by self time, to tell this process's own work on the critical path from the wire's.
 */
async function startProfiler(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await post('Profiler.stop')) as { profile: CpuProfile };
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((node) => [node.id, node]));
      profile.samples.forEach((id, i) => {
        const node = byId.get(id)!;
        const frame = node.callFrame;
        const where = `${frame.url.replace(/^.*node_modules\//, '')}:${frame.lineNumber}`;
        const key = `${frame.functionName || '(anonymous)'} ${where}`;
        self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
      });
      const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
      for (const [key, ms] of top) log(`cpu ${ms.toFixed(1).padStart(6)} ms  ${key}`);
    },
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * KERBPROBE_BENCH_PARTS=trace: one healthy check (KERBPROBE_BENCH_TRACE=scenario@profile, default healthy@hybrid)
 * with the relays' wire log (every chunk each way, per connection) and the check's step events on one clock; then
 * one native pair, logged the same way. Each connection's flights (runs of chunks one way) show its round trips.
 */
async function traceRun(): Promise<unknown> {
  const [scenario = 'healthy', profileName = 'hybrid'] = (process.env.KERBPROBE_BENCH_TRACE ?? '').split('@');
  const rtt = PROFILES[profileName || 'hybrid']!;
  const traceFile = join(mkdtempSync(join(tmpdir(), 'kerbprobe-relay-trace-')), 'trace.jsonl');
  process.env.KERBPROBE_RELAY_TRACE = traceFile;
  const epoch = () => performance.timeOrigin + performance.now();
  const readTrace = (from: number, to: number): RelayTraceEvent[] =>
    existsSync(traceFile)
      ? readFileSync(traceFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as RelayTraceEvent)
          .filter((e) => e.arrived >= from && e.arrived <= to)
          .sort((a, b) => a.released - b.released)
      : [];
  const settle = () => new Promise((resolve) => setTimeout(resolve, 400)); // the relay writes its log every 250 ms
  const out = await withLab(scenario || 'healthy', rtt, async (info) => {
    const deps = createRealDeps({ env: info.env });
    const reset = pristineCache(info);
    const native = nativePair(info);
    reset();
    await checkMs(info, deps);
    reset();
    const steps: { at: number; what: string }[] = [];
    // The client's side of the wire: when this process handed bytes to a socket bound for a relay (what the
    // relay's arrival time adds to that is the relay's own wake-up delay).
    const socketWrite = Socket.prototype.write;
    Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
      const chunk = args[0];
      if (this.remoteAddress === RELAY_ADDRESS && !(this instanceof TLSSocket))
        steps.push({
          at: epoch(),
          what: `client wrote ${Buffer.byteLength(chunk)} B to :${this.remotePort}`,
        });
      return socketWrite.apply(this, args);
    } as Socket['write'];
    const profiler = process.env.KERBPROBE_BENCH_CPU_PROFILE ? await startProfiler() : null;
    const t0 = epoch();
    const input = { server: info.server, port: info.port, address: info.address, caFile: info.caFile };
    const report = await runCheck(input, deps, {
      onProgress: (e) =>
        steps.push({
          at: epoch(),
          what: e.kind === 'started' ? `start ${e.id}` : `end ${e.step.id} ${e.step.status} (${e.step.ms} ms)`,
        }),
    });
    const t1 = epoch();
    if (profiler) await profiler.stop(process.env.KERBPROBE_BENCH_CPU_PROFILE!);
    Socket.prototype.write = socketWrite;
    reset();
    await settle();
    const n0 = epoch();
    const nativeMs = await native();
    const n1 = epoch();
    await settle();
    return { report, steps, t0, t1, check: readTrace(t0, t1), n0, n1, native: readTrace(n0, n1), nativeMs };
  });
  delete process.env.KERBPROBE_RELAY_TRACE;
  const timeline = (t0: number, events: RelayTraceEvent[], steps: { at: number; what: string }[] = []) => {
    const rows = [
      ...events.map((e) => ({
        at: e.released,
        line:
          `${e.peer.padEnd(9)} #${String(e.conn).padEnd(3)} ${e.proto} ${e.dir === 'up' ? '→' : '←'} ` +
          `${e.what === 'end' ? 'FIN' : `${e.bytes} B`} (in ${(e.arrived - t0).toFixed(1)}, ` +
          `late ${(e.released - e.due).toFixed(1)} ms)`,
      })),
      ...steps.map((s) => ({ at: s.at, line: `  check: ${s.what}` })),
    ].sort((a, b) => a.at - b.at);
    return rows.map((r) => `${(r.at - t0).toFixed(1).padStart(7)} ms  ${r.line}`);
  };
  const flights = (events: RelayTraceEvent[]) => {
    const per = new Map<string, { dirs: string[]; first: number; last: number }>();
    for (const e of events) {
      const key = `${e.peer} #${e.conn} ${e.proto}`;
      const entry = per.get(key) ?? { dirs: [], first: e.arrived, last: e.released };
      if (entry.dirs.at(-1) !== e.dir) entry.dirs.push(e.dir);
      entry.last = e.released;
      per.set(key, entry);
    }
    return [...per].map(
      ([key, f]) =>
        `${key}: ${f.dirs.map((d) => (d === 'up' ? '→' : '←')).join('')} ` +
        `(${f.dirs.filter((d) => d === 'up').length} flights out, ${(f.last - f.first).toFixed(1)} ms)`,
    );
  };
  const lateness = [...out.check, ...out.native].map((e) => e.released - e.due);
  const result = {
    scenario: scenario || 'healthy',
    profile: profileName || 'hybrid',
    verdict: out.report.verdict,
    checkMs: Math.round(out.t1 - out.t0),
    nativePairMs: Math.round(out.nativeMs),
    relayLatenessMs: { median: median(lateness), max: Math.max(...lateness) },
    checkFlights: flights(out.check),
    nativeFlights: flights(out.native),
    checkTimeline: timeline(out.t0, out.check, out.steps),
    nativeTimeline: timeline(out.n0, out.native),
  };
  for (const line of [
    `check ${result.checkMs} ms (${result.verdict}), native pair ${result.nativePairMs} ms, relay lateness ` +
      `median ${result.relayLatenessMs.median} ms, max ${result.relayLatenessMs.max.toFixed(1)} ms`,
    '-- check: connections',
    ...result.checkFlights,
    '-- check: timeline',
    ...result.checkTimeline,
    '-- native pair: connections',
    ...result.nativeFlights,
    '-- native pair: timeline',
    ...result.nativeTimeline,
  ])
    log(line);
  return result;
}

async function main(): Promise<void> {
  const started = performance.now();
  if ((process.env.KERBPROBE_BENCH_PARTS ?? '') === 'trace') {
    const trace = await traceRun();
    mkdirSync(join(root, 'test-results'), { recursive: true });
    writeFileSync(join(root, 'test-results/bench-distance-trace.json'), JSON.stringify(trace, null, 2) + '\n');
    return;
  }
  // KERBPROBE_BENCH_PARTS=healthy or =failures runs one half (the JSON then holds that half only).
  const parts = (process.env.KERBPROBE_BENCH_PARTS ?? 'healthy,failures').split(',');
  const healthy = [];
  // KERBPROBE_BENCH_PROFILES=hybrid,far runs those profiles only (more runs in the same time on a busy machine).
  const profiles = process.env.KERBPROBE_BENCH_PROFILES?.split(',') ?? Object.keys(PROFILES);
  if (parts.includes('healthy'))
    for (const [profileName, rtt] of Object.entries(PROFILES).filter(([name]) => profiles.includes(name)))
      for (const row of HEALTHY) healthy.push(await healthyRow(profileName, rtt, row));
  const failures = [];
  // The silent KDC last: its abandoned native call outlives the check.
  const failing = listScenarios()
    .filter((s) => s.expectedCode !== null)
    .sort((a, b) => Number(a.name === 'kdc-blackhole') - Number(b.name === 'kdc-blackhole'));
  for (const scenario of parts.includes('failures') ? failing : [])
    failures.push(await failureRow(scenario.name, scenario.expectedCode!, PROFILES.far!));
  const summary = {
    runs: RUNS,
    failureRuns: FAILURE_RUNS,
    node: process.version,
    profiles: Object.fromEntries(Object.entries(PROFILES).map(([name, rtt]) => [name, formatRttProfile(rtt)])),
    targets: 'healthy ≤ 1.15 × floor (hybrid, far) and ≤ 0.8 × kvno + tsql; every failure verdict ≤ 3 s at far',
    healthy,
    failuresAtFar: failures,
    benchSeconds: Math.round((performance.now() - started) / 1000),
  };
  mkdirSync(join(root, 'test-results'), { recursive: true });
  writeFileSync(join(root, 'test-results/bench-distance.json'), JSON.stringify(summary, null, 2) + '\n');
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
}

main().then(
  // An abandoned native Kerberos call (the silent KDC) would keep the process alive for ~27 s more.
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench-distance: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
