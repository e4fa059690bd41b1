// The one lab fixture of the tests: a real lab (MIT KDCs and, with the SQL half, the TDS server) for one
// scenario in a fresh temp dir, always stopped and removed; MIT client tools and FreeTDS tsql run as the
// lab's signed-in user; process and socket probes from /proc.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { startLab, stopLab, type LabInfo } from '../../electron/lab/lab';
import { FREETDS_DSN, freetdsConf } from '../../electron/lab/freetds-conf';

export interface Lab {
  info: LabInfo;
  dir: string;
  /** The lab CA (PEM), for TLS clients that take the anchor as text. */
  caPem: string;
  /** The TDS server process, or null when the scenario runs none (sql-down). */
  sqlPid: number | null;
  /** The TDS server's log so far ('' before it wrote one). */
  log(): string;
  /** Stops the lab and removes its directory; safe to call more than once. */
  stop(): Promise<void>;
}

/** A fresh lab directory, stopped and removed after the current test (or file, at top level). */
export function tempLabDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kerbprobe-lab-${label}-`));
  after(() => stopAndRemove(dir));
  return dir;
}

async function stopAndRemove(dir: string): Promise<void> {
  await stopLab(dir);
  rmSync(dir, { recursive: true, force: true });
}

async function openLab(dir: string, scenario: string): Promise<Lab> {
  let info: LabInfo;
  try {
    info = await startLab({ dir, scenario });
  } catch (err) {
    await stopAndRemove(dir).catch(() => undefined);
    throw err;
  }
  const sqlLog = join(dir, 'sql-server.log');
  return {
    info,
    dir,
    caPem: readFileSync(info.caFile, 'utf8'),
    sqlPid: info.processes.find((p) => p.role === 'sql')?.pid ?? null,
    log: () => (existsSync(sqlLog) ? readFileSync(sqlLog, 'utf8') : ''),
    stop: () => stopAndRemove(dir),
  };
}

/**
 * Starts a lab that the caller stops (`lab.stop()`): for `before` hooks and suites that share one lab, or
 * tests that must see it gone before they end.
 */
export function startTestLab(scenario: string): Promise<Lab> {
  return openLab(mkdtempSync(join(tmpdir(), `kerbprobe-lab-${scenario}-`)), scenario);
}

/** Starts a lab that is stopped and removed after the current test (or after the file, at top level). */
export function labFor(scenario: string): Promise<Lab> {
  // tempLabDir registers its `after` now, in the caller's test context, not after an await.
  return openLab(tempLabDir(scenario), scenario);
}

export interface ToolRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs an MIT client tool (kvno, klist...) with the lab user's environment, C locale. */
export function mit(info: LabInfo, tool: string, args: string[], timeoutMs = 60_000): Promise<ToolRun> {
  const t0 = performance.now();
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', ...info.env };
  return new Promise((resolve, reject) => {
    execFile(tool, args, { env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(err);
        return;
      }
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** Runs tsql against the lab (no user, no password: Kerberos from the lab user's ccache). */
export function tsql(
  lab: Lab,
  sql: string,
  opts: { tdsVersion?: string } = {},
): { status: number | null; out: string } {
  const conf = join(lab.dir, `freetds-${lab.info.port}.conf`);
  // tsql connects to 127.0.0.1 (the lab name does not resolve), so it checks the chain, not the name.
  writeFileSync(conf, freetdsConf(lab.info, { checkHostname: false }));
  const r = spawnSync('tsql', ['-S', FREETDS_DSN], {
    input: `${sql}\ngo\nexit\n`,
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      PATH: process.env.PATH,
      FREETDSCONF: conf,
      KRB5_CONFIG: lab.info.env.KRB5_CONFIG,
      KRB5CCNAME: lab.info.env.KRB5CCNAME,
      HOME: lab.dir,
      ...(opts.tdsVersion ? { TDSVER: opts.tdsVersion } : {}),
    },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The service principal names `klist` lists, in order. */
export function klistServers(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((l) => l.match(/^\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\s+\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\s+(\S+)/)?.[1])
    .filter((s): s is string => s !== undefined);
}

/** Is /proc/PID a live (non-zombie) process? */
export function procAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Open TCP sockets of a process (listening ones included), from /proc. */
export function openSockets(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      /* closed meanwhile */
    }
  }
  return n;
}
