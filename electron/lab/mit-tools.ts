// Finding and running MIT krb5's admin tools (kdb5_util, kadmin.local, krb5kdc live in sbin, which is
// often not on a normal user's PATH) and the client tools (kinit, kvno, klist).
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KerbProbeError } from '../engine/errors';

const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin', '/usr/bin', '/usr/local/bin'];
const found = new Map<string, string>();

export function findTool(name: string): string {
  const cached = found.get(name);
  if (cached) return cached;
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      found.set(name, candidate);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new KerbProbeError(
    'LAB_TOOL_MISSING',
    `${name} not found (install MIT krb5: krb5-kdc, krb5-admin-server, krb5-user; run \`npm run setup\`)`,
  );
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  cwd?: string;
}

/** Runs a tool to completion; never rejects for a non-zero exit (callers judge the result). */
export function runTool(name: string, args: string[], options: RunOptions): Promise<ToolResult> {
  const file = findTool(name);
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        env: options.env,
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 15_000,
        maxBuffer: 4 << 20,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          if (err.killed) {
            reject(
              new KerbProbeError('LAB_TOOL_TIMEOUT', `${name} did not finish within ${options.timeoutMs ?? 15_000} ms`),
            );
            return;
          }
          reject(new KerbProbeError('LAB_TOOL_FAILED', `${name}: ${err.message}`, { cause: err }));
          return;
        }
        resolve({ code: err && typeof err.code === 'number' ? err.code : 0, stdout, stderr });
      },
    );
    // A tool that exits without reading its input closes the pipe: that EPIPE is not the tool's failure.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
  });
}

/** Runs a tool that must succeed; its stderr becomes the error message otherwise. */
export async function runToolOk(name: string, args: string[], o: RunOptions): Promise<ToolResult> {
  const r = await runTool(name, args, o);
  if (r.code !== 0) {
    const detail = (r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ');
    throw new KerbProbeError('LAB_TOOL_FAILED', `${name} failed (exit ${r.code}): ${detail}`);
  }
  return r;
}
