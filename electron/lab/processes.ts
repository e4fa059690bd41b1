// Lab processes: started detached (they outlive `kerbprobe lab up`), recorded with their /proc start
// time so `lab down` kills exactly what the lab started, even after pids have been recycled.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { connectTcp } from '../engine/net/tcp';
import { setTimeout as sleep } from 'node:timers/promises';
import { KerbProbeError } from '../engine/errors';
import type { LabProcess } from './lab-types';

interface ProcStat {
  state: string;
  startTicks: number;
}

function readProcStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  // The command name (field 2) is parenthesised and may itself contain spaces or parentheses.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = rest[0];
  const start = Number(rest[19]);
  if (!state || !Number.isFinite(start)) return null;
  return { state, startTicks: start };
}

export function processStartTicks(pid: number): number | null {
  return readProcStat(pid)?.startTicks ?? null;
}

/** True while the recorded process exists, is not a zombie, and is the same process that was recorded. */
export function isRecordedProcessAlive(p: Pick<LabProcess, 'pid' | 'startTicks'>): boolean {
  const stat = readProcStat(p.pid);
  if (stat === null) {
    if (process.platform === 'linux') return false;
    try {
      process.kill(p.pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return p.startTicks === null || stat.startTicks === p.startTicks;
}

export interface DetachedOptions {
  role: string;
  env: NodeJS.ProcessEnv;
  /** stdout and stderr of the process go here (appended). */
  logFile: string;
  cwd?: string;
}

/** Starts a process in its own session, detached from ours; resolves once it has been spawned. */
export async function spawnDetached(command: string, args: string[], options: DetachedOptions): Promise<LabProcess> {
  const fd = openSync(options.logFile, 'a', 0o600);
  try {
    const child = spawn(command, args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: options.env,
      cwd: options.cwd,
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) =>
        reject(
          new KerbProbeError('LAB_TOOL_MISSING', `cannot start ${options.role} (${command}): ${err.message}`, {
            cause: err,
          }),
        ),
      );
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new KerbProbeError('LAB_TOOL_MISSING', `cannot start ${options.role} (${command})`);
    return { pid, role: options.role, startTicks: processStartTicks(pid) };
  } finally {
    closeSync(fd);
  }
}

/** Does 127.0.0.1:port accept a TCP connection (within a second)? */
async function tryConnect(port: number): Promise<boolean> {
  try {
    (await connectTcp('127.0.0.1', port, AbortSignal.timeout(1000))).destroy();
    return true;
  } catch {
    return false;
  }
}

/** Current size of a log file (0 when absent): where the next process's output will start. */
export function logOffset(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function readFrom(file: string, offset: number): string {
  try {
    return readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

const PORT_TAKEN = /Address already in use|EADDRINUSE/i;

export interface ReadyOptions {
  proc: LabProcess;
  /** The port that must accept a connection on 127.0.0.1; none for a process whose line says it all (the relays). */
  port?: number;
  logFile: string;
  /** Only output written after this offset belongs to `proc`. */
  offset: number;
  /** The line the server writes once all its sockets are bound. */
  readyLine: RegExp;
  timeoutMs?: number;
}

/**
 * Waits for the server's own "bound" line, then for the port to accept. A successful connect alone
 * could be another program that took the port first (labs in other processes pick ports too); the
 * server's own line cannot. A bind conflict is reported as LAB_PORT_TAKEN so the caller can retry.
 */
export async function waitForReady(options: ReadyOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const where = options.port === undefined ? '' : ` on 127.0.0.1:${options.port}`;
  for (let delay = 5; ; delay = Math.min(delay * 2, 50)) {
    const out = readFrom(options.logFile, options.offset);
    if (options.readyLine.test(out) && (options.port === undefined || (await tryConnect(options.port)))) return;
    if (!isRecordedProcessAlive(options.proc)) {
      const tail = readFrom(options.logFile, options.offset).trim().split('\n').slice(-3).join(' | ') || '(no output)';
      if (PORT_TAKEN.test(out)) {
        const port = options.port === undefined ? 'a port' : `port ${options.port}`;
        throw new KerbProbeError('LAB_PORT_TAKEN', `${options.proc.role}: ${port} was taken: ${tail}`);
      }
      throw new KerbProbeError('LAB_START_FAILED', `${options.proc.role} exited during start-up: ${tail}`);
    }
    if (Date.now() > deadline)
      throw new KerbProbeError(
        'LAB_START_TIMEOUT',
        `${options.proc.role} was not ready${where} within ${timeoutMs} ms`,
      );
    await sleep(delay);
  }
}

/**
 * Stops the given processes: SIGTERM, then SIGKILL for any still there after `graceMs`; resolves once
 * every one is gone. Processes that are already gone (or whose pid now belongs to another process) are
 * left alone.
 */
export async function stopProcesses(procs: readonly LabProcess[], graceMs = 3000): Promise<void> {
  const signal = (sig: NodeJS.Signals) => {
    for (const proc of procs) {
      if (!isRecordedProcessAlive(proc)) continue;
      try {
        process.kill(proc.pid, sig);
      } catch {
        // Gone between the check and the signal.
      }
    }
  };
  const waitGone = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (procs.some(isRecordedProcessAlive)) {
      if (Date.now() > deadline) return false;
      await sleep(10);
    }
    return true;
  };
  signal('SIGTERM');
  if (await waitGone(graceMs)) return;
  signal('SIGKILL');
  if (await waitGone(2000)) return;
  const left = procs.filter(isRecordedProcessAlive).map((p) => `${p.role} (pid ${p.pid})`);
  throw new KerbProbeError('LAB_STOP_FAILED', `could not stop ${left.join(', ')}`);
}
