// The Azure emulator runs in a detached process of its own (it outlives `kerbprobe lab up`, like the KDCs),
// recorded in lab-processes.json so `lab down` stops it with the rest.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KerbProbeError } from '../../engine/errors';
import type { LabProcess } from '../lab-types';
import { logOffset, spawnDetached, waitForReady } from '../processes';
import { labProcessCommand } from '../process-command';
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

/** Starts the emulator for CONFIG (its port chosen by the lab) and resolves once it serves. */
export async function startAzureEmulatorProcess(options: {
  dir: string;
  config: AzureEmulatorConfig;
}): Promise<{ proc: LabProcess; base: string }> {
  const paths = azureEmulatorPaths(options.dir);
  writeFileSync(paths.config, JSON.stringify(options.config, null, 2) + '\n', { mode: 0o600 });
  const offset = logOffset(paths.stdout);
  const cmd = labProcessCommand({
    bundle: 'lab-azure-emulator.cjs',
    source: 'electron/lab/azure-emulator/emulator-main.ts',
    missing: { code: 'LAB_TOOL_MISSING', what: 'the lab Azure emulator' },
  });
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
