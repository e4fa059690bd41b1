// The Azure emulator runs in a detached process of its own (it outlives `kerbprobe lab up`, like the KDCs),
// recorded in lab-processes.json so `lab down` stops it with the rest.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { KerbProbeError } from '../../engine/errors';
import type { LabProcess } from '../lab-types';
import { logOffset, spawnDetached, waitForReady } from '../processes';
import { baseEnv } from '../realm';
import type { AzureEmulatorConfig } from './emulator-config';

const READY_LINE = /azure-emulator: listening on (https:\/\/\S+)/;
const START_TIMEOUT_MS = 10_000;

export function azureEmulatorPaths(dir: string): { config: string; log: string; stdout: string } {
  return {
    config: join(dir, 'azure-emulator.json'),
    /** The request log (*.log: the secret scan reads every lab log). */
    log: join(dir, 'azure-emulator.log'),
    stdout: join(dir, 'azure-emulator.out'),
  };
}

function findSourceRoot(): string | null {
  const starts = [process.cwd(), process.argv[1] ? dirname(resolve(process.argv[1])) : null];
  for (const start of starts.filter((s): s is string => Boolean(s))) {
    for (let dir = start; ; dir = dirname(dir)) {
      if (
        existsSync(join(dir, 'electron/lab/azure-emulator/emulator-main.ts')) &&
        existsSync(join(dir, 'node_modules/tsx'))
      )
        return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return null;
}

/** The bundle beside the running one (dist/lab-azure-emulator.cjs), else the source through tsx. */
function emulatorCommand(): { command: string; args: string[] } {
  // `__dirname` exists only in the CommonJS bundle; under tsx (ESM) it is undefined.
  const bundleDir = typeof __dirname === 'string' ? __dirname : null;
  if (bundleDir && existsSync(join(bundleDir, 'lab-azure-emulator.cjs')))
    return { command: process.execPath, args: [join(bundleDir, 'lab-azure-emulator.cjs')] };
  const root = findSourceRoot();
  if (root)
    return {
      command: process.execPath,
      args: ['--import', 'tsx', join(root, 'electron/lab/azure-emulator/emulator-main.ts')],
    };
  throw new KerbProbeError(
    'LAB_TOOL_MISSING',
    'cannot find the lab Azure emulator (dist/lab-azure-emulator.cjs or its source)',
  );
}

/** Starts the emulator for CONFIG (its port chosen by the lab) and resolves once it serves. */
export async function startAzureEmulatorProcess(options: {
  dir: string;
  config: AzureEmulatorConfig;
}): Promise<{ proc: LabProcess; base: string }> {
  const paths = azureEmulatorPaths(options.dir);
  writeFileSync(paths.config, JSON.stringify(options.config, null, 2) + '\n', { mode: 0o600 });
  const offset = logOffset(paths.stdout);
  const cmd = emulatorCommand();
  const proc = await spawnDetached(cmd.command, [...cmd.args, paths.config], {
    role: 'azure-emulator',
    env: { ...baseEnv(), ELECTRON_RUN_AS_NODE: '1' },
    logFile: paths.stdout,
  });
  // The shared wait: the emulator's own line, then a connect (the lab chose the port, so another program could
  // hold it), and the same LAB_PORT_TAKEN / LAB_START_FAILED / LAB_START_TIMEOUT as the lab's other servers.
  await waitForReady({
    proc,
    port: options.config.port,
    logFile: paths.stdout,
    offset,
    readyLine: READY_LINE,
    timeoutMs: START_TIMEOUT_MS,
  });
  const base = READY_LINE.exec(readFileSync(paths.stdout).subarray(offset).toString('utf8'))?.[1];
  if (!base) throw new KerbProbeError('LAB_START_FAILED', 'the Azure emulator did not print its address');
  return { proc, base };
}
