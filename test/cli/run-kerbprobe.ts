// The built CLI (bin/kerbprobe.cjs, from `npm run build`) run as a user runs it: its own process, from the
// checkout, with the environment the caller gives (a lab's, or none), exit code and output captured.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface KerbprobeRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, process start-up included. */
  ms: number;
}

export interface KerbprobeRunOptions {
  /** Added over `{ PATH }`; nothing else of this process's environment is passed unless given here. */
  env?: NodeJS.ProcessEnv;
  /** Killed after this long (the run then rejects). Default 60 s. */
  timeoutMs?: number;
}

let scratch: string | null = null;
/** This test process's scratch history file (its rotated generations beside it), removed when the process exits. */
function scratchHistory(): string {
  if (!scratch) {
    const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-test-history-'));
    scratch = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return join(scratch, 'history.jsonl');
}

export function runKerbprobe(args: string[], opts: KerbprobeRunOptions = {}): Promise<KerbprobeRun> {
  const t0 = performance.now();
  // Checks append to a history: a test's go to a scratch file (a lab's env names its own), never the runner's home.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', KERBPROBE_HISTORY: scratchHistory(), ...opts.env };
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['bin/kerbprobe.cjs', ...args],
      { cwd: root, env, timeout: opts.timeoutMs ?? 60_000, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return reject(err);
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr, ms: performance.now() - t0 });
      },
    );
  });
}
