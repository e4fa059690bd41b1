// Shared by the lab tests: a lab per test file in a fresh temp dir (always stopped and removed), and MIT
// client tools run as the lab's signed-in user.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { startLab, stopLab, type LabInfo } from '../../electron/lab/lab';

export function tempLabDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kerbprobe-lab-${label}-`));
  after(async () => {
    await stopLab(dir);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Starts a lab for the current test file; it is stopped and its directory removed after the file's tests. */
export async function labFor(scenario: string): Promise<LabInfo> {
  return startLab({ dir: tempLabDir(scenario), scenario });
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
