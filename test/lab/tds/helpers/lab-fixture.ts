// Starts a real lab (MIT KDCs + the TDS server process) for one scenario in a temp dir, and runs the
// independent client (FreeTDS tsql) against it with a freetds.conf written for the lab.
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startLab, stopLab } from '../../../../electron/lab/lab';
import type { LabInfo } from '../../../../electron/lab/lab-types';

export interface Lab {
  info: LabInfo;
  dir: string;
  caPem: string;
  sqlPid: number | null;
  log(): string;
  stop(): Promise<void>;
}

export async function labFor(scenario: string): Promise<Lab> {
  const dir = mkdtempSync(join(tmpdir(), `kp-tds-${scenario}-`));
  let info: LabInfo;
  try {
    info = await startLab({ dir, scenario });
  } catch (err) {
    await stopLab(dir).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const sql = info.processes.find((p) => p.role === 'sql');
  return {
    info,
    dir,
    caPem: readFileSync(info.caFile, 'utf8'),
    sqlPid: sql?.pid ?? null,
    log: () => (existsSync(join(dir, 'sql-server.log')) ? readFileSync(join(dir, 'sql-server.log'), 'utf8') : ''),
    stop: async () => {
      await stopLab(dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs tsql against the lab (no user, no password: Kerberos from the lab user's ccache). */
export function tsql(lab: Lab, sql: string, opts: { port?: number; spnHost?: string } = {}): { status: number | null; out: string } {
  const port = opts.port ?? lab.info.port;
  const host = opts.spnHost ?? lab.info.server;
  const conf = join(lab.dir, `freetds-${port}.conf`);
  writeFileSync(conf, [
    '[labmi]',
    '\thost = 127.0.0.1',
    `\tport = ${port}`,
    '\ttds version = 7.4',
    '\tencryption = require',
    `\tspn = MSSQLSvc/${host}:${port}@KERBEROS.MICROSOFTONLINE.COM`,
    `\tca file = ${lab.info.caFile}`,
    // tsql connects to 127.0.0.1 (the lab name does not resolve), so it checks the chain, not the name.
    '\tcheck certificate hostname = no',
    '',
  ].join('\n'));
  const r = spawnSync('tsql', ['-S', 'labmi'], {
    input: `${sql}\ngo\nexit\n`,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, FREETDSCONF: conf, KRB5_CONFIG: lab.info.env.KRB5_CONFIG, KRB5CCNAME: lab.info.env.KRB5CCNAME, HOME: lab.dir },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Open TCP sockets of a process (listening ones included), from /proc. */
export function openSockets(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try { if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++; } catch { /* closed meanwhile */ }
  }
  return n;
}
