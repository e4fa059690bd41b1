// How to start one of the lab's own server processes (the TDS server, the Azure emulator, the relays): from its
// bundle when running bundled (dist/*.cjs, where every bundle sits next to the running one), otherwise from its
// source through tsx, found from the working folder or the running script's folder upwards.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KerbProbeError } from '../engine/errors';

export interface LabProcessCommand {
  command: string;
  args: string[];
  /** The bundle's folder, or the source tree's root. */
  cwd: string;
}

export interface LabProgram {
  /** The bundle's file name in dist/ (`lab-relay.cjs`). */
  bundle: string;
  /** The entry point's path from the source tree's root (`electron/lab/latency/relay-main.ts`). */
  source: string;
  /** The stable code and the words when neither is found. */
  missing: { code: string; what: string };
}

function findSourceRoot(source: string): string | null {
  const starts = [process.cwd(), process.argv[1] ? dirname(resolve(process.argv[1])) : null];
  for (const start of starts.filter((s): s is string => Boolean(s))) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, source)) && existsSync(join(dir, 'node_modules/tsx'))) return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}

export function labProcessCommand(program: LabProgram): LabProcessCommand {
  // `__dirname` exists only in the CommonJS bundle; under tsx (ESM) it is undefined.
  const bundleDir = typeof __dirname === 'string' ? __dirname : null;
  if (bundleDir && existsSync(join(bundleDir, program.bundle)))
    return { command: process.execPath, args: [join(bundleDir, program.bundle)], cwd: bundleDir };
  const root = findSourceRoot(program.source);
  if (root) return { command: process.execPath, args: ['--import', 'tsx', join(root, program.source)], cwd: root };
  throw new KerbProbeError(
    program.missing.code,
    `cannot find ${program.missing.what} (dist/${program.bundle} or ${program.source})`,
  );
}

/**
 * The life of a lab server process once it serves: SIGTERM or SIGINT closes it (`close`), and it exits 0 when
 * closed or after `graceMs` at the latest (a peer holding a connection open cannot keep it alive).
 */
export function exitOnSignal(close: () => Promise<unknown>, graceMs: number): void {
  const stop = (): void => {
    void close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), graceMs).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Runs a lab server's entry point: an error ends the process with exit 1 and one line naming the program. */
export function runLabMain(program: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${program}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
