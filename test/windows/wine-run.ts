// Runs the engine probe (test/windows/probe.ts, bundled) under Wine with the Windows node.exe of the lane
// (build/windows/build.sh). Windows Node under Wine cannot write to a Unix pipe, so every stdio of the
// child is a file and the probe's answer is a JSON file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProbeRequest, ProbeResult } from './probe';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const WINDOWS_DIR = process.env.KERBPROBE_WINDOWS_DIR ?? join(root, '.toolchain', 'windows');
export const WINE = '/usr/lib/wine/wine64';
export const WINESERVER = '/usr/lib/wine/wineserver';
const NODE_EXE = join(WINDOWS_DIR, 'node', 'node.exe');
const PROBE = join(WINDOWS_DIR, 'app', 'probe.cjs');

/** Why the lane cannot run here, or null when its toolchain is built. */
export function laneMissing(): string | null {
  for (const f of [
    WINE,
    NODE_EXE,
    PROBE,
    join(WINDOWS_DIR, 'app', 'node_modules', 'kerberos', 'build', 'Release', 'kerberos.node'),
  ]) {
    if (!existsSync(f)) return `${f} is missing: run npm run test:windows (it builds the lane first)`;
  }
  return null;
}

/**
 * The environment of every Wine process: the lane's prefix, no Wine debug output, nothing else inherited but PATH/HOME.
 */
export function wineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    LC_ALL: 'C',
    WINEPREFIX: join(WINDOWS_DIR, 'prefix'),
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    ...extra,
  };
}

export interface WineRun {
  code: number | null;
  out: string;
}

/** Runs a Windows program under Wine with stdio on files; resolves when it exits (or is killed at the deadline). */
export function wine(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<WineRun> {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-wine-'));
  const outFile = join(dir, 'out.txt');
  const fd = openSync(outFile, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(WINE, args, { env, stdio: ['ignore', fd, fd] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (code: number | null, err?: Error) => {
      clearTimeout(timer);
      closeSync(fd);
      const out = readFileSync(outFile, 'utf8');
      rmSync(dir, { recursive: true, force: true });
      if (err) reject(err);
      else resolve({ code, out });
    };
    child.once('error', (e) => done(null, e));
    child.once('exit', (code) => done(code));
  });
}

/** Runs the probe under Wine's node.exe with the given Kerberos environment and returns its JSON answer. */
export async function probe(
  req: ProbeRequest,
  krbEnv: Record<string, string> = {},
): Promise<ProbeResult & { ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'kerbprobe-probe-'));
  try {
    const reqFile = join(dir, 'request.json');
    const resFile = join(dir, 'result.json');
    writeFileSync(reqFile, JSON.stringify(req));
    const t0 = performance.now();
    const r = await wine([NODE_EXE, PROBE, reqFile, resFile], wineEnv(krbEnv));
    const ms = performance.now() - t0;
    if (!existsSync(resFile))
      throw new Error(`the probe wrote no result (exit ${String(r.code)}): ${r.out.slice(0, 2000)}`);
    return { ...(JSON.parse(readFileSync(resFile, 'utf8')) as ProbeResult), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Keeps one wineserver for the prefix up for the whole file (faster than one per process). */
export function startWineserver(): void {
  spawnSync(WINESERVER, ['-p'], { env: wineEnv(), stdio: 'ignore' });
}

/** Stops the prefix's wineserver and every Wine process of it (the ones this file started). */
export function killWineserver(): void {
  spawnSync(WINESERVER, ['-k'], { env: wineEnv(), stdio: 'ignore' });
  spawnSync(WINESERVER, ['-w'], { env: wineEnv(), stdio: 'ignore', timeout: 10_000 });
}
